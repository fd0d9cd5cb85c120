import Foundation

/// Headless Chromium driven through chromedriver's W3C WebDriver HTTP protocol — a real browser running the
/// page's own HTML and JavaScript, with no driver library to build.
public final class WebDriver: Sendable {
    public let session: String
    let base: String
    let driver: Process

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts chromedriver and a headless Chromium session. Fails (does not skip) when they are not installed.
    public static func start() async throws -> WebDriver {
        for path in ["/usr/bin/chromium", "/usr/bin/chromedriver"] where !FileManager.default.fileExists(atPath: path) {
            throw Failure(description: "\(path) is missing: install Debian's chromium and chromium-driver (scripts/setup.sh does)")
        }
        let port = Int.random(in: 20_000...45_000)
        let driver = try ChildProcess.start("/usr/bin/chromedriver", ["--port=\(port)"])
        let base = "http://127.0.0.1:\(port)"
        var ready = false
        for _ in 0..<100 where !ready {
            ready = (try? await HTTP.request("GET", base + "/status", timeout: 2))?.status == 200
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        guard ready else { kill(driver.processIdentifier, SIGKILL); throw Failure(description: "chromedriver did not start on port \(port)") }
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "goog:chromeOptions": [
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,900"],
            ],
        ]]]
        let created = try await HTTP.request("POST", base + "/session", json: capabilities)
        guard let session = try created.json()["value"]["sessionId"].string else {
            kill(driver.processIdentifier, SIGKILL)
            throw Failure(description: "no WebDriver session: \(created.text)")
        }
        return WebDriver(session: session, base: base, driver: driver)
    }

    init(session: String, base: String, driver: Process) {
        self.session = session
        self.base = base
        self.driver = driver
    }

    @discardableResult
    func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> JSONValueBox {
        let response = try await HTTP.request(method, "\(base)/session/\(session)\(path)", json: body ?? (method == "POST" ? [:] : nil))
        let value = try response.json()["value"]
        if response.status != 200 { throw Failure(description: "WebDriver \(method) \(path): \(response.status) \(response.text)") }
        return value
    }

    public func open(_ url: String) async throws { try await command("POST", "/url", ["url": url]) }

    /// The element id of the first match of a CSS selector.
    public func element(_ selector: String) async throws -> String {
        let value = try await command("POST", "/element", ["using": "css selector", "value": selector])
        guard let id = (value.raw as? [String: Any])?.values.first as? String else {
            throw Failure(description: "no element \(selector)")
        }
        return id
    }

    public func click(_ selector: String) async throws { try await command("POST", "/element/\(try await element(selector))/click") }

    public func type(_ text: String, into selector: String) async throws {
        try await command("POST", "/element/\(try await element(selector))/value", ["text": text])
    }

    public func text(_ selector: String) async throws -> String {
        try await command("GET", "/element/\(try await element(selector))/text").string ?? ""
    }

    public func script(_ source: String) async throws -> JSONValueBox {
        try await command("POST", "/execute/sync", ["script": source, "args": []])
    }

    /// Sends keys to whatever has focus (keyboard use of the page).
    public func pressKeys(_ keys: String) async throws {
        let actions: [[String: Any]] = keys.unicodeScalars.flatMap { key -> [[String: Any]] in
            [["type": "keyDown", "value": String(key)], ["type": "keyUp", "value": String(key)]]
        }
        try await command("POST", "/actions", ["actions": [["type": "key", "id": "keyboard", "actions": actions]]])
    }

    public func screenshot(to path: String) async throws {
        guard let base64 = try await command("GET", "/screenshot").string, let data = Data(base64Encoded: base64) else {
            throw Failure(description: "no screenshot")
        }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// Resizes the window so the page's viewport is `width`×`height` (headless Chromium has no browser chrome).
    public func setViewport(width: Int, height: Int) async throws {
        try await command("POST", "/window/rect", ["width": width, "height": height])
        let inner = try await script("return [window.innerWidth, window.innerHeight]").raw as? [Any]
        if let innerHeight = (inner?.last as? NSNumber)?.intValue, innerHeight != height {
            try await command("POST", "/window/rect", ["width": width, "height": height + (height - innerHeight)])
        }
    }

    /// Whether the element's box lies wholly inside the viewport as it is scrolled now.
    public func isOnScreen(_ selector: String) async throws -> Bool {
        let escaped = selector.replacingOccurrences(of: "'", with: "\\'")
        return try await script(
            "const r = document.querySelector('\(escaped)').getBoundingClientRect(); return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth && r.height > 0"
        ).raw as? Bool ?? false
    }

    public var currentURL: String { get async throws { try await command("GET", "/url").string ?? "" } }

    /// Ends the session (closing Chromium), then kills chromedriver — it ignores SIGTERM.
    public func quit() async {
        _ = try? await HTTP.request("DELETE", "\(base)/session/\(session)")
        kill(driver.processIdentifier, SIGKILL)
        await driver.exited()
    }
}
