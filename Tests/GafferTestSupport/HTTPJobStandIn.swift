import Foundation

/// `scripts/httpjob_standin.py` (a hosted predictions API in Replicate's shape) on a free loopback port.
public final class HTTPJobStandIn: @unchecked Sendable {
    public let port: Int
    public let root: String
    public let token: String
    public var url: String { "http://127.0.0.1:\(port)" }
    private var process: Process?

    public init(root: String, token: String = "s3cr3t-token-for-tests", duration: Double = 1.5, rateLimit: Int = 0) async throws {
        port = try LoopbackPort.free()
        self.root = root
        self.token = token
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let script = RepositoryPaths.path("scripts/httpjob_standin.py")
        process = try ChildProcess.start("/usr/bin/env", [
            "python3", script, "--port", "\(port)", "--root", root, "--token", token, "--duration", "\(duration)", "--rate-limit", "\(rateLimit)",
        ], stderrPath: root + "/standin.stderr")
        for _ in 0..<100 {
            if let answer = try? await HTTP.request("GET", url + "/v1/predictions/none", timeout: 2), answer.status == 401 || answer.status == 404 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ProcessLaunchError("the HTTP-job stand-in did not answer on \(url) within 10 s")
    }

    deinit {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// A one-stage `engine: http_job` workflow against this provider, its token from `PROVIDER_TOKEN`.
    public func workflow(interval: Double = 0.2, maxDownloadBytes: Int? = nil, analyze: String = "none") -> String {
        """
        workflow_id: hosted_v1
        engine_env: [PROVIDER_TOKEN]
        stages:
          - name: render
            engine: http_job
            http_job:
              submit:
                method: POST
                url: "\(url)/v1/predictions"
                headers: {Authorization: "Bearer ${PROVIDER_TOKEN}"}
                body: {version: stand-in, input: {prompt: "{params.prompt}", seconds: "{params.seconds}", fail: "{params.fail}", tag: "{job_id}/{attempt_id}"}}
              id: /id
              poll: {url: "\(url)/v1/predictions/{id}", headers: {Authorization: "Bearer ${PROVIDER_TOKEN}"}, interval_seconds: \(interval)}
              status: /status
              succeeded: [succeeded]
              failed: [failed, canceled]
              output_url: /output
              error: /error
              cancel: {method: POST, url: "\(url)/v1/predictions/{id}/cancel", headers: {Authorization: "Bearer ${PROVIDER_TOKEN}"}}
              cost: /metrics/cost_usd
              idempotency_header: Idempotency-Key
        \(maxDownloadBytes.map { "      max_download_bytes: \($0)\n" } ?? "")    output: clip.mp4
            analyze: \(analyze)
            params: {prompt: a cat on a windowsill, seconds: 2, fail: false}

        """
    }

    /// Lines of its log containing `text` ("submit", "new", "replayed", "cancel").
    public func logLines(containing text: String) -> [String] {
        ((try? String(contentsOfFile: root + "/standin.log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init).filter { $0.contains(text) }
    }
}
