import Foundation
import GafferContracts
import GafferLoop
import GafferTestSupport
import Testing

@testable import GafferRemoteEngines

/// `engine: http_job` against a loopback provider in Replicate's shape (scripts/httpjob_standin.py).
@Suite(.serialized) struct HTTPJobEngineTests {
    let engine = HTTPJobEngine()

    func attempt(
        _ folder: TemporaryFolder, provider: HTTPJobStandIn, key: String = "sandbox#job-h/render/1", params: [String: JSONValue] = [:],
        token: String? = nil, timeout: Duration = .seconds(60), maxBytes: Int? = nil
    ) throws -> RemoteAttempt {
        let text = provider.workflow(maxDownloadBytes: maxBytes)
        let workflow = try WorkflowLoader.load(text, source: try folder.write("workflow.yaml", text))
        let stage = workflow.stages[0]
        let attemptFolder = folder.path("attempts/" + ProviderJournal.digest(key) + "-\(UUID().uuidString.prefix(4))")
        try FileManager.default.createDirectory(atPath: attemptFolder, withIntermediateDirectories: true)
        return RemoteAttempt(
            jobID: "job-h", attemptID: "run-0001", stage: stage, params: stage.params.merging(params) { _, new in new }, job: [:],
            inputPath: nil, graphOverride: nil, folder: attemptFolder, outputPath: attemptFolder + "/clip.mp4",
            logPath: attemptFolder + "/engine.log", journalFolder: folder.path("remote"),
            environment: ["PROVIDER_TOKEN": token ?? provider.token], timeout: timeout, stall: nil, key: key, onProgress: { _, _ in })
    }

    func log(_ attempt: RemoteAttempt) -> String { (try? String(contentsOfFile: attempt.logPath, encoding: .utf8)) ?? "" }

    @Test func submitPollAndDownloadGiveTheOutputAndTheCostAndNoSecretInTheLog() async throws {
        let folder = try TemporaryFolder("http-ok")
        let provider = try await HTTPJobStandIn(root: folder.path("provider"))
        let attempt = try attempt(folder, provider: provider, params: ["seconds": 3])
        let run = await engine.run(attempt)
        #expect(run.refusal == nil && run.error == nil && run.run.exitCode == 0, "\(run)\n\(log(attempt))")
        #expect(try await ComfyUIFixtures.frames(attempt.outputPath) == 72, "a 3 s clip at 24 fps: the parameter reached the provider")
        #expect(run.facts["cost"] == 0.0042)
        #expect(run.facts["provider_id"]?.stringValue?.isEmpty == false)
        let submitted = try #require(provider.logLines(containing: "new").first)
        #expect(submitted.contains(#""seconds": 3"#) && submitted.contains(#""tag": "job-h/run-0001""#), "\(submitted)")
        #expect(!log(attempt).contains(provider.token), "the token never reaches the engine log")
        #expect(log(attempt).contains("Bearer ${PROVIDER_TOKEN}") == false && log(attempt).contains("headers: Authorization, Idempotency-Key"))
        #expect(FileManager.default.fileExists(atPath: ProviderJournal(folder: attempt.journalFolder, key: attempt.key).path))
    }

    @Test func aRateLimitedSubmitIsBusyAndTheNextAttemptSubmitsOnce() async throws {
        let folder = try TemporaryFolder("http-429")
        let provider = try await HTTPJobStandIn(root: folder.path("provider"), rateLimit: 1)
        let first = await engine.run(try attempt(folder, provider: provider))
        guard case .busy(let why)? = first.refusal else {
            Issue.record("expected busy, got \(first)")
            return
        }
        #expect(why.contains("HTTP 429") && why.contains("Retry-After: 1"), "\(why)")
        let second = await engine.run(try attempt(folder, provider: provider))
        #expect(second.run.exitCode == 0 && second.refusal == nil, "\(second)")
        #expect(provider.logLines(containing: "new").count == 1 && provider.logLines(containing: "submit refused: 429").count == 1)
    }

    @Test func theAttemptAfterARestartPollsTheRecordedJobAndNeverSubmitsAgain() async throws {
        let folder = try TemporaryFolder("http-restart")
        let provider = try await HTTPJobStandIn(root: folder.path("provider"), duration: 1)
        let key = "sandbox#job-h/render/1"
        // The state a Gaffer killed between the submit and its first poll leaves: the provider has the job, the
        // journal has its id.
        let submitted = try await HTTP.request(
            "POST", provider.url + "/v1/predictions", json: ["version": "stand-in", "input": ["seconds": 1, "prompt": "x"]],
            headers: ["Authorization": "Bearer \(provider.token)"])
        let id = try #require(try JSONParser.parse(submitted.text)["id"]?.stringValue)
        try ProviderJournal(folder: folder.path("remote"), key: key).record(id, submitURL: provider.url + "/v1/predictions")

        let attempt = try attempt(folder, provider: provider, key: key)
        let run = await engine.run(attempt)
        #expect(run.run.exitCode == 0 && run.refusal == nil, "\(run)")
        #expect(run.facts["provider_id"] == .string(id) && run.facts["adopted"] == true)
        #expect(provider.logLines(containing: "submit").count == 1, "no second submit: \(provider.logLines(containing: "submit"))")
        #expect(log(attempt).contains("polling it, not submitting again"))
    }

    @Test func aTimeoutCancelsTheProvidersJob() async throws {
        let folder = try TemporaryFolder("http-timeout")
        let provider = try await HTTPJobStandIn(root: folder.path("provider"), duration: 30)
        let attempt = try attempt(folder, provider: provider, timeout: .seconds(1))
        let run = await engine.run(attempt)
        #expect(run.run.timedOut && run.run.wallSeconds < 5)
        let cancelled = provider.logLines(containing: "cancel")
        #expect(cancelled.count == 1 && cancelled[0].contains("→ canceled"), "\(cancelled)")
    }

    @Test func aFailedJobEndsWithTheProvidersError() async throws {
        let folder = try TemporaryFolder("http-failed")
        let provider = try await HTTPJobStandIn(root: folder.path("provider"), duration: 0.6)
        let run = await engine.run(try attempt(folder, provider: provider, params: ["fail": true]))
        #expect(run.run.exitCode == 1)
        #expect(run.error?.contains("ended failed: the model raised RuntimeError: CUDA out of memory (stand-in)") == true, "\(run)")
    }

    @Test func aRefusedSubmitIsInvalidInputAndAMissingSecretIsNamed() async throws {
        let folder = try TemporaryFolder("http-refused")
        let provider = try await HTTPJobStandIn(root: folder.path("provider"))
        let wrong = await engine.run(try attempt(folder, provider: provider, token: "not-the-token"))
        guard case .invalidInput(let why)? = wrong.refusal else {
            Issue.record("expected invalid input, got \(wrong)")
            return
        }
        #expect(why.contains("HTTP 401"))
        var missing = try attempt(folder, provider: provider, key: "sandbox#job-h/render/9")
        missing.environment = [:]
        let unset = await engine.run(missing)
        guard case .invalidInput(let because)? = unset.refusal else {
            Issue.record("expected invalid input, got \(unset)")
            return
        }
        #expect(because.contains("${PROVIDER_TOKEN} is not set"), "\(because)")
    }

    @Test func anOutputOverTheCapIsRefusedNotWritten() async throws {
        let folder = try TemporaryFolder("http-cap")
        let provider = try await HTTPJobStandIn(root: folder.path("provider"), duration: 0.5)
        let attempt = try attempt(folder, provider: provider, maxBytes: 1000)
        let run = await engine.run(attempt)
        #expect(run.run.exitCode == 1)
        #expect(run.error?.contains("larger than max_download_bytes (1000)") == true, "\(run)")
        #expect(!FileManager.default.fileExists(atPath: attempt.outputPath))
    }
}
