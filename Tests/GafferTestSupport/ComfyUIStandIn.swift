import Foundation

/// `scripts/comfyui_standin.py` on a free loopback port, for the tests of `engine: comfyui`: started, waited for
/// (`/system_stats`), killed (SIGKILL: ComfyUI's queue and history live in memory only) and started again on the
/// same port and folder.
public final class ComfyUIStandIn: @unchecked Sendable {
    public let port: Int
    public let root: String
    public var url: String { "http://127.0.0.1:\(port)" }
    /// The stand-in's own log: one line per prompt queued, run, refused, interrupted, deleted.
    public var logPath: String { root + "/standin.log" }
    private var process: Process?

    public init(root: String) async throws {
        port = try LoopbackPort.free()
        self.root = root
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try await start()
    }

    deinit { kill() }

    public func start() async throws {
        let script = RepositoryPaths.path("scripts/comfyui_standin.py")
        process = try ChildProcess.start("/usr/bin/env", ["python3", script, "--port", "\(port)", "--root", root], stderrPath: root + "/standin.stderr")
        for _ in 0..<100 {
            if let answer = try? await HTTP.request("GET", url + "/system_stats", timeout: 2), answer.status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        let stderr = (try? String(contentsOfFile: root + "/standin.stderr", encoding: .utf8)) ?? ""
        throw ProcessLaunchError("the ComfyUI stand-in did not answer on \(url) within 10 s: \(stderr)")
    }

    /// Kills it with SIGKILL, as a crash would: everything it held in memory is gone.
    public func kill() {
        guard let process else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// Lines of its log containing `text` (e.g. "queued" counts the prompts it accepted).
    public func logLines(containing text: String) -> [String] {
        ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init).filter { $0.contains(text) }
    }

    /// Its `GET /queue`: running and pending prompt ids.
    public func queue() async throws -> (running: [String], pending: [String]) {
        let answer = try await HTTP.request("GET", url + "/queue")
        let object = try JSONSerialization.jsonObject(with: answer.body) as? [String: Any] ?? [:]
        func ids(_ key: String) -> [String] { (object[key] as? [[Any]] ?? []).compactMap { $0.count > 1 ? $0[1] as? String : nil } }
        return (ids("queue_running"), ids("queue_pending"))
    }
}
