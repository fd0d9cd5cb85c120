import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// `engine: http_job` through `gaffer run` against the loopback provider: submit → poll → download → QC →
/// COMPLETED, and a Gaffer killed between the submit and its first poll that submits once.
@Suite(.serialized) struct HTTPJobRunTests {
    func run(_ sandbox: SandboxBuilder, token: String, _ arguments: [String]) async throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        environment["PROVIDER_TOKEN"] = token
        let binary = try GafferProcess.binary()
        let (finalEnvironment, root) = (environment, sandbox.root)
        return try await offThePool { try ChildProcess.run(binary, arguments + ["--sandbox", root], environment: finalEnvironment) }
    }

    func sandbox(_ provider: HTTPJobStandIn, interval: Double = 0.2) throws -> SandboxBuilder {
        let sandbox = try SandboxBuilder()
        try sandbox.write("policies/qc_policy.v1.json", ComfyUIRunTests.policy)
        try sandbox.write("workflows/hosted.yaml", provider.workflow(interval: interval, analyze: "builtin"))
        return sandbox
    }

    @Test func aHostedJobIsSubmittedPolledDownloadedCheckedAndCompleted() async throws {
        let folder = try TemporaryFolder("http-run")
        let provider = try await HTTPJobStandIn(root: folder.path("provider"))
        let sandbox = try sandbox(provider)
        try sandbox.writeJob("hosted-clip-001")
        let result = try await run(sandbox, token: provider.token, ["run", "--once"])
        #expect(result.status == 0, "\(result)")
        #expect(try sandbox.json("logs/hosted-clip-001/state.json")["state"] == "COMPLETED")
        let metrics = try sandbox.json("logs/hosted-clip-001/attempts/run-0001/production_metrics.v1.json")
        #expect(metrics["quality_metrics"]?["decoded_frames"] == 48, "the analyzer checked the downloaded 2 s clip")
        #expect(metrics["engine_metrics"]?["engine_id"] == "http_job")
        #expect(metrics["engine_metrics"]?["engine_reported"]?["cost"] == 0.0042)
        // The token is in no file Gaffer wrote.
        for file in FileManager.default.subpaths(atPath: sandbox.root) ?? [] where !file.hasSuffix(".mp4") && !file.hasSuffix(".gray") {
            let text = (try? String(contentsOfFile: sandbox.path(file), encoding: .utf8)) ?? ""
            #expect(!text.contains(provider.token), "\(file) holds the token")
        }
        #expect(!result.stdout.contains(provider.token) && !result.stderr.contains(provider.token))
    }

    @Test func gafferKilledBetweenTheSubmitAndItsFirstPollSubmitsOnce() async throws {
        let folder = try TemporaryFolder("http-run-kill")
        let provider = try await HTTPJobStandIn(root: folder.path("provider"), duration: 2)
        let sandbox = try sandbox(provider, interval: 1.5)
        try sandbox.writeJob("hosted-kill-001")
        var environment = ProcessInfo.processInfo.environment
        environment["PROVIDER_TOKEN"] = provider.token
        let process = Process()
        process.executableURL = try GafferProcess.binary()
        process.arguments = ["run", "--once", "--sandbox", sandbox.root]
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The journal is written right after the submit answers; the first poll comes 1.5 s later.
        let remote = sandbox.path("logs/hosted-kill-001/remote")
        func journaled() -> Bool {
            ((try? FileManager.default.contentsOfDirectory(atPath: remote)) ?? []).contains { $0.hasPrefix("http_job-") && $0.hasSuffix(".json") }
        }
        for _ in 0..<200 where !journaled() {
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(process.processIdentifier, SIGKILL)
        await process.exited()
        #expect(provider.logLines(containing: "poll").isEmpty, "killed before its first poll")

        let resumed = try await run(sandbox, token: provider.token, ["run", "--once"])
        #expect(resumed.status == 0, "\(resumed)")
        #expect(try sandbox.json("logs/hosted-kill-001/state.json")["state"] == "COMPLETED")
        #expect(provider.logLines(containing: "submit").count == 1, "one submission, none replayed: \(provider.logLines(containing: "submit"))")
        let log = try String(contentsOfFile: sandbox.path("logs/hosted-kill-001/attempts/run-0002/engine.log"), encoding: .utf8)
        #expect(log.contains("polling it, not submitting again"), "\(log)")
    }
}
