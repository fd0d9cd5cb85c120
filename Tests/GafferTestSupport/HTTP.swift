import Dispatch
import Foundation


/// A minimal JSON-over-HTTP client for tests (URLSession; nothing else to build).
public enum HTTP {
    public struct Response: Sendable {
        public let status: Int
        public let body: Data
        public var text: String { String(decoding: body, as: UTF8.self) }
        public func json() throws -> JSONValueBox { JSONValueBox(try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])) }
    }

    /// Sends one request with curl (URLSession on Linux fails on some servers' headers — chromedriver's among them —
    /// with "Failed writing header"), waiting off the cooperative pool.
    public static func request(
        _ method: String, _ url: String, json: Any? = nil, headers: [String: String] = [:], timeout: TimeInterval = 60
    ) async throws -> Response {
        var arguments = ["-s", "-S", "-X", method, "--max-time", String(Int(max(1, timeout))), "-w", "\n%{http_code}"]
        for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
        var input: Data?
        if let json {
            input = try JSONSerialization.data(withJSONObject: json)
            arguments += ["-H", "Content-Type: application/json", "--data-binary", "@-"]
        }
        arguments.append(url)
        let (finalArguments, body) = (arguments, input)
        let result = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ProcessResult, any Error>) in
            Thread.detachNewThread {
                continuation.resume(with: Result { try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/curl"), finalArguments, stdin: body) })
            }
        }
        guard result.status == 0, let split = result.stdout.lastIndex(of: "\n"), let status = Int(result.stdout[result.stdout.index(after: split)...]) else {
            throw URLError(.cannotConnectToHost, userInfo: [NSLocalizedDescriptionKey: "curl \(method) \(url): \(result.stderr)"])
        }
        return Response(status: status, body: Data(result.stdout[..<split].utf8))
    }
}

/// Untyped JSON from JSONSerialization, with subscripts for tests.
public struct JSONValueBox: @unchecked Sendable {
    // JSONSerialization output is immutable Foundation values, read only on the caller's task.
    public let raw: Any
    public init(_ raw: Any) { self.raw = raw }
    public subscript(key: String) -> JSONValueBox { JSONValueBox((raw as? [String: Any])?[key] ?? NSNull()) }
    public var string: String? { raw as? String }
    public var int: Int? { raw as? Int }
    public var array: [JSONValueBox] { ((raw as? [Any]) ?? []).map(JSONValueBox.init) }
}
