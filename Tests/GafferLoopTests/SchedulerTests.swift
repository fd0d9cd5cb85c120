import Foundation
import GafferContracts
import GafferStore
import GafferTestSupport
import Synchronization
import Testing

@testable import GafferLoop

/// The scheduler and the attempt runner, in process: an in-memory store, a scripted launcher, real files.
@Suite struct SchedulerTests {
    static let good: [String: JSONValue] = ["quality": 0.9]

    @Test func aNewJobRunsWhileAnotherJobsEngineIsStillRunning() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["video"]))
        try harness.writeJob("slow-job-0001")
        let slow = Gate()
        let launcher = ScriptedLauncher { call in
            if call.jobID == "slow-job-0001" && !call.isAnalysis { await slow.wait() }
            return ScriptAnswer(scores: Self.good)
        }
        let scheduler = harness.scheduler(launcher, once: false)
        let loop = Task { try await scheduler.run() }
        // The slow engine is running; a job dropped into the inbox now completes before it ends.
        try await waitFor { launcher.calls(job: "slow-job-0001").count == 1 }
        try harness.writeJob("fast-job-0001")
        try await waitFor { try await harness.job("fast-job-0001").state == .completed }
        #expect(try await harness.job("slow-job-0001").state == .running, "the slow engine is still running")
        slow.open()
        try await waitFor { try await harness.job("slow-job-0001").state == .completed }
        scheduler.requestStop()
        try await loop.value
    }

    @Test func anErrorInOneJobIsRecordedOnThatJobAndTheOthersComplete() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["video"]))
        try harness.write("workflows/broken.yaml", "workflow_id: broken\nstages: [ {name: video, command: [x]")  // malformed YAML
        // With a broken workflow file present, a job must name its workflow (the broken one might be the one it meant).
        try harness.writeJob("fine-job-0001", ["workflow": "w_v1"])
        try harness.writeJob("fine-job-0002", ["workflow": "w_v1"])
        try harness.writeJob("uses-broken-01", ["workflow": "broken"])
        try harness.writeJob("undelivered-01", ["workflow": "w_v1"])
        // The output folder of one job is a file: its delivery (the final copy) fails.
        try harness.write("output/undelivered-01", "not a folder")
        let scheduler = harness.scheduler(ScriptedLauncher { _ in ScriptAnswer(scores: Self.good) })
        let summary = try await scheduler.runOnce()
        let states = Dictionary(uniqueKeysWithValues: summary.jobs.map { ($0.jobID, $0.state) })
        #expect(states["fine-job-0001"] == .completed)
        #expect(states["fine-job-0002"] == .completed)
        #expect(states["uses-broken-01"] == .invalid)
        #expect(try await harness.job("uses-broken-01").reason?.contains("broken.yaml") == true, "names the file that failed to load")
        #expect(states["undelivered-01"] == .escalated)
        let escalation = try #require(try await harness.store.escalations(jobID: "undelivered-01").first)
        #expect(escalation.document.reason == .contractViolation)
        #expect(escalation.document.cause == .contractViolation)
        #expect(escalation.document.summary?.contains("output/undelivered-01") == true, "\(escalation.document.summary ?? "")")
        #expect(escalation.document.allowedResponses == [.retryStage, .abort])
    }

    @Test func aWorkflowThatLostTheJobsStageMakesThatJobInvalid() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy(action: .escalateUser, stage: "frame"))
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["frame", "video"]))
        try harness.writeJob("two-stage-001")
        try harness.writeJob("two-stage-002")
        // Stop after each job's first stage: escalate every frame attempt.
        let first = harness.scheduler(ScriptedLauncher { call in
            call.stage == "frame" && call.isAnalysis ? ScriptAnswer(scores: [:]) : ScriptAnswer(scores: Self.good)
        })
        _ = try await first.runOnce()
        #expect(try await harness.job("two-stage-001").state == .escalated)
        // Answer one: it goes on to "video"; then the workflow loses that stage.
        let escalation = try #require(try await harness.store.escalations(jobID: "two-stage-001").first)
        _ = try await EscalationDesk(layout: harness.layout, store: harness.store).resolve(
            escalation.escalationID, action: .abort, overrides: [:], note: nil, by: "t", runID: "r")
        var other = try await harness.job("two-stage-002")
        #expect(other.state == .escalated)
        let retry = try #require(try await harness.store.escalations(jobID: "two-stage-002").first)
        _ = try await EscalationDesk(layout: harness.layout, store: harness.store).resolve(
            retry.escalationID, action: .retryStage, overrides: [:], note: nil, by: "t", runID: "r")
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["video"]))
        _ = try await harness.scheduler(ScriptedLauncher { _ in ScriptAnswer(scores: Self.good) }).runOnce()
        other = try await harness.job("two-stage-002")
        #expect(other.state == .invalid)
        #expect(other.reason?.contains("stage frame is not in workflow w_v1") == true, "\(other.reason ?? "")")
    }

    @Test
    func aCorruptDecisionRowEscalatesAndARetryRunsWithoutIt() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["video"], extra: "    retry_backoff: {initial_seconds: 60}\n"))
        try harness.writeJob("corrupt-row-01")
        let scores = Mutex<[JSONValue]>([0.3])  // fail (retry), then pass
        let launcher = ScriptedLauncher { call in
            guard call.isAnalysis else { return .ok }
            let next = scores.withLock { $0.isEmpty ? 0.9 : $0.removeFirst() }
            return ScriptAnswer(scores: ["quality": next])
        }
        // First attempt fails QC → RETRY after a 60 s back-off; the decision row is corrupted meanwhile.
        let clock = ManualClock()
        let scheduler = harness.scheduler(launcher, once: false, clock: clock)
        let loop = Task { try await scheduler.run() }
        try await waitFor {
            let job = try await harness.job("corrupt-row-01")
            return job.attemptID == "run-0001" && job.state != .running
        }
        scheduler.requestStop()
        try await loop.value
        var job = try await harness.job("corrupt-row-01")
        #expect(job.state == .validated)
        job.nextDecision = "{\"version\": \"1.0\", \"decision\": 7}"
        let fact = try job.apply(.jobFileChanged(digest: "-"))
        try await harness.store.record(job, transition: fact, event: EventRecord(fact, jobID: job.jobID, ts: Timestamp.now(), runID: "t"))
        clock.advance(by: 61)
        _ = try await harness.scheduler(launcher, clock: clock).runOnce()
        job = try await harness.job("corrupt-row-01")
        #expect(job.state == .escalated)
        #expect(job.reason?.contains("jobs.next_decision") == true, "names the row: \(job.reason ?? "")")
        let escalation = try #require(try await harness.store.escalations(jobID: "corrupt-row-01").first)
        _ = try await EscalationDesk(layout: harness.layout, store: harness.store).resolve(
            escalation.escalationID, action: .retryStage, overrides: [:], note: nil, by: "t", runID: "r")
        _ = try await harness.scheduler(launcher, clock: clock).runOnce()
        #expect(try await harness.job("corrupt-row-01").state == .completed)
        #expect(try await harness.store.attempts(jobID: "corrupt-row-01").map(\.attemptID) == ["run-0001", "run-0002"], "the escalation ran no attempt")
    }

    @Test func overridesReachOnlyTheNextAttemptOfTheirStage() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy(action: .escalateUser, stage: "frame"))
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["frame", "video"], extra: "    params: {pose_weight: 0.8}\n"))
        try harness.writeJob("override-job-1")
        let frameScores = Mutex<[JSONValue]>([0.1, 0.9])
        let launcher = ScriptedLauncher { call in
            guard call.isAnalysis else { return .ok }
            if call.stage == "frame" { return ScriptAnswer(scores: ["quality": frameScores.withLock { $0.isEmpty ? 0.9 : $0.removeFirst() }]) }
            return ScriptAnswer(scores: Self.good)
        }
        _ = try await harness.scheduler(launcher).runOnce()
        let escalation = try #require(try await harness.store.escalations(jobID: "override-job-1").first)
        _ = try await EscalationDesk(layout: harness.layout, store: harness.store).resolve(
            escalation.escalationID, action: .retryStage, overrides: ["pose_weight": 0.95], note: nil, by: "t", runID: "r")
        #expect(try await harness.job("override-job-1").operatorOverrides == ["frame": ["pose_weight": 0.95]])
        _ = try await harness.scheduler(launcher).runOnce()
        #expect(try await harness.job("override-job-1").state == .completed)
        let engines = launcher.calls(job: "override-job-1")
        #expect(engines.map(\.stage) == ["frame", "frame", "video"])
        #expect(engines.map { $0.params["pose_weight"] } == [0.8, 0.95, 0.8], "only the frame retry got the override")
        #expect(try await harness.job("override-job-1").operatorOverrides.isEmpty, "consumed by that attempt")
        let video = try String(contentsOfFile: harness.folder.path("output/override-job-1/out.txt"), encoding: .utf8)
        #expect(video == "frame by run-0002\nvideo by run-0003\n", "the video stage read the accepted frame output")
    }

    @Test func aBlockingGateWhoseStageTheWorkflowLacksIsEvaluatedAtTheLastStage() async throws {
        let harness = try LoopHarness()
        // The gate targets "frame"; the workflow has only "video".
        try harness.writePolicy(LoopHarness.policy(metric: "identity", action: .retryStage, stage: "frame"))
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["video"]))
        try harness.writeJob("placed-late-01")
        _ = try await harness.scheduler(ScriptedLauncher { _ in ScriptAnswer(scores: [:]) }).runOnce()
        let job = try await harness.job("placed-late-01")
        #expect(job.state == .escalated, "a missing identity metric fails closed, it is not skipped")
        let report = try JSONValue.read(harness.folder.path("logs/placed-late-01/attempts/run-0001/qc_report.v1.json"))
        #expect(report["gates"]?[0]?["gate_id"] == "identity_gate")
        #expect(report["gates"]?[0]?["status"] == "UNKNOWN")
        let escalation = try #require(try await harness.store.escalations(jobID: "placed-late-01").first)
        #expect(escalation.document.cause == .qcMissingMetric)
        let admitted = try await harness.store.events(jobID: "placed-late-01").first
        #expect(admitted?.details["placement"] == ["identity_gate [identity]: evaluated at video (last_stage); retry → video"])
    }

    @Test func anInvalidInputExitEscalatesAtOnceWithTheLogTail() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["video"], extra: "    exit_codes: {\"2\": invalid_input, \"75\": busy}\n"))
        try harness.writeJob("refused-input1")
        let launcher = ScriptedLauncher { call in
            call.isAnalysis ? .ok : ScriptAnswer(exitCode: 2, log: (1...50).map { "line \($0)" } + ["error: seed must be positive"])
        }
        _ = try await harness.scheduler(launcher, maxRetries: 3).runOnce()
        #expect(try await harness.job("refused-input1").state == .escalated)
        #expect(launcher.calls(job: "refused-input1").count == 1, "not retried with the same parameters")
        let document = try #require(try await harness.store.escalations(jobID: "refused-input1").first?.document)
        #expect(document.reason == .contractViolation)
        #expect(document.cause == .engineInvalidInput)
        #expect(document.evidence.logTail?.count == 40)
        #expect(document.evidence.logTail?.last == "error: seed must be positive")
        #expect(!document.allowedResponses.contains(.proceed), "nothing to accept")
        #expect(document.bestAttemptID == nil)
    }

    @Test func aBusyEngineIsSnoozedWithoutSpendingTheBudget() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["video"], extra: "    exit_codes: {\"75\": busy}\n    retry_backoff: {initial_seconds: 0}\n"))
        try harness.writeJob("busy-server-01")
        let busy = Mutex(3)
        let launcher = ScriptedLauncher { call in
            if call.isAnalysis { return ScriptAnswer(scores: Self.good) }
            return busy.withLock { left in left > 0 ? { left -= 1; return ScriptAnswer(exitCode: 75) }() : .ok }
        }
        _ = try await harness.scheduler(launcher, maxRetries: 0).runOnce()
        #expect(try await harness.job("busy-server-01").state == .completed, "max_retries 0, yet three snoozes were allowed")
        let attempts = try await harness.store.attempts(jobID: "busy-server-01")
        #expect(attempts.map(\.status) == [.snoozed, .snoozed, .snoozed, .decided])
        #expect(try await harness.store.events(jobID: "busy-server-01").filter { $0.event == .attemptSnoozed }.count == 3)
    }

    @Test
    func aSnoozedJobWaitsOutItsBackOff() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["video"], extra: "    exit_codes: {\"75\": busy}\n    retry_backoff: {initial_seconds: 60}\n"))
        try harness.writeJob("backing-off-01")
        let clock = ManualClock()
        let scheduler = harness.scheduler(ScriptedLauncher { call in call.isAnalysis ? ScriptAnswer(scores: Self.good) : ScriptAnswer(exitCode: 75) }, once: false, clock: clock)
        let loop = Task { try await scheduler.run() }
        try await waitFor { try await harness.store.attempts(jobID: "backing-off-01").first?.status == .snoozed }
        try await Task.sleep(for: .milliseconds(150))
        #expect(try await harness.store.attempts(jobID: "backing-off-01").count == 1, "not claimed again before its back-off")
        clock.advance(by: 61)
        try await waitFor { try await harness.store.attempts(jobID: "backing-off-01").count == 2 }
        scheduler.requestStop()
        try await loop.value
    }

    @Test func anEditedJobFileIsReportedOnceAndNotApplied() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["frame", "video"], extra: "    params: {pose_weight: 0.8}\n"))
        try harness.writeJob("edited-job-01", ["params": ["pose_weight": 0.5]])
        let launcher = ScriptedLauncher { call in
            if call.stage == "frame" && !call.isAnalysis {
                try? harness.writeJob("edited-job-01", ["params": ["pose_weight": 0.99]])
            }
            return ScriptAnswer(scores: Self.good)
        }
        _ = try await harness.scheduler(launcher).runOnce()
        #expect(try await harness.job("edited-job-01").state == .completed)
        #expect(launcher.calls(job: "edited-job-01").map { $0.params["pose_weight"] } == [0.5, 0.5], "the admitted content stays in force")
        #expect(try await harness.store.events(jobID: "edited-job-01").filter { $0.event == .jobFileChanged }.count == 1)
    }
}

extension SchedulerTests {
    @Test func aStageThatRequiresLabelsRunsOnlyOnAWorkerThatHasThemAndHidesNoOtherJob() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/gpu.yaml", LoopHarness.workflow("gpu_v1", stages: ["video"], extra: "    requires: {gpu: a100}\n"))
        try harness.write("workflows/cpu.yaml", LoopHarness.workflow("cpu_v1", stages: ["video"]))
        // The GPU jobs come first in the queue (higher priority): they must not hide the CPU job from a CPU worker.
        for id in ["gpu-job-0001", "gpu-job-0002"] { try harness.writeJob(id, ["workflow": "gpu_v1", "priority": 5]) }
        try harness.writeJob("cpu-job-0001", ["workflow": "cpu_v1"])
        let launcher = ScriptedLauncher { _ in ScriptAnswer(scores: Self.good) }

        _ = try await harness.scheduler(launcher, concurrency: 1, labels: ["gpu": "t4"]).runOnce()
        var states = try await harness.states()
        #expect(states["cpu-job-0001"] == .completed)
        #expect(states["gpu-job-0001"] == .validated && states["gpu-job-0002"] == .validated, "left queued: \(states)")
        #expect(launcher.calls(job: "gpu-job-0001").isEmpty)

        _ = try await harness.scheduler(launcher, labels: ["gpu": "a100", "region": "eu"]).runOnce()
        states = try await harness.states()
        #expect(states["gpu-job-0001"] == .completed && states["gpu-job-0002"] == .completed)
    }
}

/// Polls `condition` every 5 ms for up to 90 s (alone these take milliseconds; the full suite runs hundreds of tests and
/// their subprocesses on two cores, and a condition can wait tens of seconds for a turn).
func waitFor(_ condition: @Sendable () async throws -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let deadline = ContinuousClock.now.advanced(by: .seconds(90))
    while ContinuousClock.now < deadline {
        if (try? await condition()) == true { return }
        try await Task.sleep(for: .milliseconds(5))
    }
    Issue.record("condition not met within 90 s", sourceLocation: sourceLocation)
    throw HarnessError("timed out")
}
