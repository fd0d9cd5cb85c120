import Foundation
import GafferContracts

/// `scripts/advisor_stand_in.py` on a loopback port: an OpenAI-compatible chat-completions server whose first path
/// segment picks its behaviour (a proposal, a fenced answer, a hang, a 500 …), recording every request it receives.
/// Stopped (SIGKILL) when the value goes away.
public final class AdvisorStandIn: Sendable {
    public let port: Int
    let process: Process
    let folder: TemporaryFolder

    public init() async throws {
        folder = try TemporaryFolder("advisor-stand-in")
        let portFile = folder.path("port")
        process = try ChildProcess.start(
            "/usr/bin/env",
            ["python3", RepositoryPaths.path("scripts/advisor_stand_in.py"), "--port-file", portFile, "--log", folder.path("requests.jsonl")],
            stderrPath: folder.path("stderr.log"))
        let deadline = Date().addingTimeInterval(60)  // a loaded test machine starts python slowly
        while Date() < deadline {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let port = Int(text) {
                self.port = port
                return
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        let log = (try? String(contentsOfFile: folder.path("stderr.log"), encoding: .utf8)) ?? ""
        throw StandInFailure(description: "the advisor stand-in did not start within 60 s: \(log)")
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// The `base_url` of one behaviour, e.g. `propose-RETRY_STAGE`, `hang`, `error500`.
    public func baseURL(_ behaviour: String) -> String { "http://127.0.0.1:\(port)/\(behaviour)/v1" }

    /// The requests a behaviour received, oldest first: each line's `body` (the JSON sent), `authorization`, `origin`.
    public func requests(_ behaviour: String) throws -> [JSONValue] {
        let text = (try? String(contentsOfFile: folder.path("requests.jsonl"), encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try JSONParser.parse(String($0)) }.filter { $0["behaviour"]?.stringValue == behaviour }
    }

    public struct StandInFailure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }
}
