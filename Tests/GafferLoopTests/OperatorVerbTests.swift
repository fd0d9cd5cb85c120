import Crypto
import Foundation
import GafferContracts
import GafferStore
import GafferTestSupport
import Synchronization
import Testing

@testable import GafferLoop

/// The operator verbs (SPEC §7) through `OperatorDesk`, on a real sandbox folder with the scheduler running the
/// jobs: refusals from the state machine change nothing; each verb does what an operator expects.
@Suite struct OperatorVerbTests {
    static let t0 = "2026-12-01T10:00:00.000Z"
    static let worker = WorkerIdentity(workerID: "w", host: "h")

    // MARK: Refusals, table-driven from the state machine

    /// A job in `state`, made through the store's own transitions (DISCOVERED is never stored: admission records
    /// VALIDATED or INVALID in one step).
    static func job(in state: JobState, id: String, store: any JobStore) async throws {
        var job = JobRecord(jobID: id, sourcePath: "jobs/\(id).job.json", workflowID: "w_v1", policyPath: "qc_policy.v1.json", createdAt: t0, updatedAt: t0)
        if state == .invalid {
            let transition = try job.apply(.invalid(reason: "bad"))
            _ = try await store.insertJob(job, event: EventRecord(transition, jobID: id, ts: t0, runID: "r"))
            return
        }
        let admitted = try job.apply(.validated(stage: "video"))
        _ = try await store.insertJob(job, event: EventRecord(admitted, jobID: id, ts: t0, runID: "r"))
        func record(_ event: JobEvent) async throws {
            var stored = try #require(try await store.job(id))
            let transition = try stored.apply(event)
            try await store.record(stored, transition: transition, event: EventRecord(transition, jobID: id, ts: t0, runID: "r"))
        }
        func finish(_ verdict: JobEvent.AttemptVerdict, escalation: EscalationRecord? = nil) async throws {
            let claim = try await store.claim(jobID: id, stage: "video", worker: worker, now: t0, leaseSeconds: 3600, runID: "r")
            var attempt = claim.attempt
            attempt.status = .decided
            var next = claim.job
            let transition = try next.apply(.attemptFinished(verdict))
            try await store.finishAttempt(
                attempt, lease: claim.lease, job: next, transition: transition,
                event: EventRecord(transition, jobID: id, ts: t0, runID: "r", attemptID: attempt.attemptID), escalation: escalation, accepted: nil)
        }
        switch state {
        case .validated, .discovered, .invalid: break
        case .running: _ = try await store.claim(jobID: id, stage: "video", worker: worker, now: t0, leaseSeconds: 3600, runID: "r")
        case .completed: try await finish(.proceed(next: nil))
        case .posted:
            try await finish(.proceed(next: nil))
            try await record(.posted(platform: "youtube"))
        case .escalated:
            let document = UserActionRequired(
                jobID: id, reason: .retryBudgetExceeded, requiredArtifact: "a", expectedFormat: "b", thresholdFailed: nil, exampleFix: nil,
                escalationTS: t0, escalationID: "esc-\(id)", stage: "video", attemptID: "run-0001", evidence: .init(),
                allowedResponses: [.retryStage, .abort], bestAttemptID: nil)
            try await finish(.escalate(escalationID: "esc-\(id)"), escalation: EscalationRecord(document: document))
        case .awaitingApproval: try await finish(.awaitApproval)
        case .paused: try await record(.pause(now: false))
        case .aborted: try await record(.cancel)
        }
    }

    /// Everything the store holds about a job, and every file of the sandbox with its digest.
    static func snapshot(_ id: String, store: any JobStore, root: String) async throws -> String {
        var text = "\(String(describing: try await store.job(id)))\n\(try await store.events(jobID: id))\n"
        text += "\(try await store.attempts(jobID: id))\n\(try await store.escalations(jobID: id))\n\(try await store.acceptedOutputs(jobID: id))\n"
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }.sorted() ?? []
        for file in files {
            let data = FileManager.default.contents(atPath: root + "/" + file) ?? Data()
            text += "\(file) \(SHA256.hash(data: data))\n"
        }
        return text
    }

    static func request(_ verb: OperatorVerb) -> OperatorDesk.Request {
        OperatorDesk.Request(
            verb, by: "ana", note: "why", stage: "video", attemptID: "run-0001", gateID: "quality_gate", overrides: ["seed": 3])
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let verb: OperatorVerb
        let state: JobState
        var testDescription: String { "\(verb.rawValue) on \(state.rawValue)" }
    }

    /// Every (verb, stored state) the state machine refuses.
    static let refused: [Case] = OperatorVerb.allCases.flatMap { verb in
        JobState.allCases.filter { $0 != .discovered }.compactMap { state in
            if case .failure = JobStateMachine.apply(OperatorDesk.probe(verb), to: state) { return Case(verb: verb, state: state) }
            return nil
        }
    }

    @Test func everyVerbIsRefusedInSomeStateAndAllowedInAnother() {
        for verb in OperatorVerb.allCases {
            let refusedIn = Set(Self.refused.filter { $0.verb == verb }.map(\.state))
            #expect(!refusedIn.isEmpty && refusedIn.count < JobState.allCases.count - 1, "\(verb.rawValue): \(refusedIn)")
        }
        #expect(Self.refused.count >= 40, "the table is real: \(Self.refused.count) cases")
    }

    @Test(arguments: refused)
    func aVerbThatDoesNotApplyIsRefusedWithTheReasonAndChangesNothing(_ row: Case) async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["video"]))
        let id = "job-\(row.state.rawValue.lowercased())"
        try await Self.job(in: row.state, id: id, store: harness.store)
        try #require(try await harness.job(id).state == row.state)
        let before = try await Self.snapshot(id, store: harness.store, root: harness.folder.root)
        let desk = OperatorDesk(layout: harness.layout, store: harness.store)
        guard case .failure(let expected) = JobStateMachine.apply(OperatorDesk.probe(row.verb), to: row.state) else {
            Issue.record("the table lists an allowed verb")
            return
        }
        await #expect(throws: OperatorDesk.Refusal.notNow(row.verb, expected)) {
            _ = try await desk.apply(id, Self.request(row.verb), runID: "t")
        }
        #expect(!expected.why.isEmpty)
        #expect(try await Self.snapshot(id, store: harness.store, root: harness.folder.root) == before, "nothing changed")
    }

    // MARK: Pick, waive

    static let retryPolicyWorkflow = LoopHarness.workflow(stages: ["video"])

    @Test func pickingAnEarlierAttemptCompletesTheJobWithThatAttemptsOutput() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", Self.retryPolicyWorkflow)
        try harness.writeJob("pick-job-01")
        // run-0001 renders and scores 0.4 (QC fails); run-0002 and run-0003 crash: the budget (2 retries) runs out.
        let launcher = ScriptedLauncher { call in
            switch (call.attemptID, call.isAnalysis) {
            case ("run-0001", true): ScriptAnswer(scores: ["quality": 0.4])
            case ("run-0001", false): .ok
            default: ScriptAnswer(exitCode: 1, writesOutput: false, log: ["Traceback: out of memory"])
            }
        }
        _ = try await harness.scheduler(launcher).runOnce()
        #expect(try await harness.job("pick-job-01").state == .escalated)
        let desk = OperatorDesk(layout: harness.layout, store: harness.store)
        // run-0002 crashed: it has nothing to pick.
        await #expect(throws: OperatorDesk.Refusal.self) {
            _ = try await desk.apply("pick-job-01", OperatorDesk.Request(.pick, by: "ana", attemptID: "run-0002"), runID: "t")
        }
        let outcome = try await desk.apply("pick-job-01", OperatorDesk.Request(.pick, by: "ana", note: "the first take is fine", attemptID: "run-0001"), runID: "t")
        #expect(outcome.job.state == .completed)
        let picked = try Data(contentsOf: URL(fileURLWithPath: harness.layout.attemptFolder("pick-job-01", "run-0001") + "/out.txt"))
        let delivered = try Data(contentsOf: URL(fileURLWithPath: harness.layout.outputFolder("pick-job-01") + "/out.txt"))
        #expect(SHA256.hash(data: delivered) == SHA256.hash(data: picked), "the delivered output is run-0001's")
        let escalation = try #require(try await harness.store.escalations(jobID: "pick-job-01").first)
        #expect(escalation.document.status == .resolved)
        #expect(escalation.document.resolution?.by == "ana")
        #expect(try await harness.store.acceptedOutputs(jobID: "pick-job-01").map(\.attemptID) == ["run-0001"])
        let event = try #require(try await harness.store.events(jobID: "pick-job-01").last)
        #expect(event.event == .picked && event.details["by"] == "ana" && event.details["note"] == "the first take is fine")
        // No attempt ran for the pick.
        #expect(try await harness.store.attempts(jobID: "pick-job-01").count == 3)
    }

    @Test func aWaiverHoldsForTheSameOutputAndLapsesWhenTheOutputChanges() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", Self.retryPolicyWorkflow)
        try harness.writeJob("waive-job-01")
        // Every take scores 0.4 (below 0.5). run-0001 and run-0002 are byte-identical; run-0003 differs.
        let launcher = ScriptedLauncher { call in
            if call.isAnalysis { return ScriptAnswer(scores: ["quality": 0.4]) }
            return ScriptAnswer(output: call.attemptID == "run-0003" ? "take B\n" : "take A\n")
        }
        _ = try await harness.scheduler(launcher, maxRetries: 0).runOnce()
        #expect(try await harness.job("waive-job-01").state == .escalated)
        let desk = OperatorDesk(layout: harness.layout, store: harness.store)
        await #expect(throws: OperatorDesk.Refusal.notApplicable(.waive, "say why the gate is accepted: --note T (it is recorded with the waiver)")) {
            _ = try await desk.apply("waive-job-01", OperatorDesk.Request(.waive, by: "ana", gateID: "quality_gate"), runID: "t")
        }
        let waived = try await desk.apply(
            "waive-job-01", OperatorDesk.Request(.waive, by: "ana", note: "creative intent: the haze is wanted", gateID: "quality_gate"), runID: "t")
        #expect(waived.job.state == .completed, "\(waived.message)")
        let folder = harness.layout.attemptFolder("waive-job-01", "run-0001")
        let report = try ContractDecoder.load(QCReport.self, kind: .qcReport, from: Data(contentsOf: URL(fileURLWithPath: folder + "/qc_report.v1.json")), source: "r")
        let gate = try #require(report.gates.first)
        #expect(gate.status == .pass && report.overall.pass)
        #expect(gate.waived?.by == "ana" && gate.waived?.note == "creative intent: the haze is wanted")
        let digest = SHA256.hash(data: Data("take A\n".utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(gate.waived?.digest == digest)
        #expect(FileManager.default.fileExists(atPath: folder + "/qc_report.v1.unwaived.json"), "the report as first written is kept")

        // Re-opened: the same output again → the waiver holds and the job completes at once.
        _ = try await desk.apply("waive-job-01", OperatorDesk.Request(.retry, by: "ana", stage: "video"), runID: "t")
        _ = try await harness.scheduler(launcher, maxRetries: 0).runOnce()
        #expect(try await harness.job("waive-job-01").state == .completed)
        let second = try ContractDecoder.load(QCReport.self, kind: .qcReport, from: Data(contentsOf: URL(fileURLWithPath: harness.layout.attemptFolder("waive-job-01", "run-0002") + "/qc_report.v1.json")), source: "r")
        #expect(second.gates.first?.waived?.digest == digest && second.overall.pass)

        // A different output → the waiver lapses: the gate fails again and the job escalates.
        _ = try await desk.apply("waive-job-01", OperatorDesk.Request(.retry, by: "ana", stage: "video"), runID: "t")
        _ = try await harness.scheduler(launcher, maxRetries: 0).runOnce()
        #expect(try await harness.job("waive-job-01").state == .escalated)
        let third = try ContractDecoder.load(QCReport.self, kind: .qcReport, from: Data(contentsOf: URL(fileURLWithPath: harness.layout.attemptFolder("waive-job-01", "run-0003") + "/qc_report.v1.json")), source: "r")
        #expect(third.gates.first?.waived == nil && !third.overall.pass)
    }

    // MARK: Approval

    @Test func aStageThatNeedsApprovalWaitsThenApproveRejectAndExpiryAct() async throws {
        let harness = try LoopHarness()
        let policy = try LoopHarness.policy().setting("/escalation_expiry", to: ["seconds": 60, "default_action": "PROCEED"])
        try harness.writePolicy(policy)
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["video"], extra: "    approval: required\n"))
        for id in ["approve-job-1", "reject-job-01", "expire-job-01"] { try harness.writeJob(id) }
        let launcher = ScriptedLauncher { call in call.isAnalysis ? ScriptAnswer(scores: ["quality": 0.9]) : .ok }
        let clock = ManualClock()
        let summary = try await harness.scheduler(launcher, clock: clock).runOnce()
        #expect(summary.exitStatus == 3, "waiting for a person")
        #expect(try await harness.states().values.allSatisfy { $0 == .awaitingApproval })
        #expect(!FileManager.default.fileExists(atPath: harness.layout.outputFolder("approve-job-1") + "/out.txt"), "not delivered before approval")
        let desk = OperatorDesk(layout: harness.layout, store: harness.store)

        let approved = try await desk.apply("approve-job-1", OperatorDesk.Request(.approve, by: "lead"), runID: "t")
        #expect(approved.job.state == .completed)
        #expect(FileManager.default.fileExists(atPath: harness.layout.outputFolder("approve-job-1") + "/out.txt"), "delivered on approval")

        _ = try await desk.apply("reject-job-01", OperatorDesk.Request(.reject, by: "lead", note: "too dark"), runID: "t")
        #expect(try await harness.job("reject-job-01").state == .validated)
        clock.advance(by: 30)
        _ = try await harness.scheduler(launcher, clock: clock).runOnce()
        #expect(try await harness.store.attempts(jobID: "reject-job-01").count == 2, "the rejected stage ran again")
        #expect(try await harness.job("reject-job-01").state == .awaitingApproval)
        _ = try await desk.apply("reject-job-01", OperatorDesk.Request(.reject, by: "lead", abort: true), runID: "t")
        #expect(try await harness.job("reject-job-01").state == .aborted)

        // expire-job-01 waited 30 s so far; past 60 s the policy's default action (PROCEED) approves it.
        #expect(try await harness.job("expire-job-01").state == .awaitingApproval)
        clock.advance(by: 31)
        _ = try await harness.scheduler(launcher, clock: clock).runOnce()
        #expect(try await harness.job("expire-job-01").state == .completed)
        let event = try #require(try await harness.store.events(jobID: "expire-job-01").last)
        #expect(event.event == .approved && event.details["by"] == "expiry")
    }

    @Test func anUnansweredEscalationLapsesToThePolicysDefaultAction() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(try LoopHarness.policy().setting("/escalation_expiry", to: ["seconds": 60, "default_action": "ABORT"]))
        try harness.write("workflows/w.yaml", Self.retryPolicyWorkflow)
        try harness.writeJob("lapse-job-01")
        let launcher = ScriptedLauncher { call in call.isAnalysis ? ScriptAnswer(scores: ["quality": 0.3]) : .ok }
        let clock = ManualClock()
        _ = try await harness.scheduler(launcher, maxRetries: 0, clock: clock).runOnce()
        #expect(try await harness.job("lapse-job-01").state == .escalated)
        let escalation = try #require(try await harness.store.escalations(jobID: "lapse-job-01").first)
        #expect(escalation.document.expiresAt == Timestamp.adding(60, to: Timestamp.format(clock.now())), "the document says when it lapses")
        clock.advance(by: 59)
        _ = try await harness.scheduler(launcher, maxRetries: 0, clock: clock).runOnce()
        #expect(try await harness.job("lapse-job-01").state == .escalated, "not before its time")
        clock.advance(by: 2)
        _ = try await harness.scheduler(launcher, maxRetries: 0, clock: clock).runOnce()
        #expect(try await harness.job("lapse-job-01").state == .aborted)
        let resolved = try #require(try await harness.store.escalations(jobID: "lapse-job-01").first)
        #expect(resolved.document.resolution?.by == "expiry" && resolved.document.resolution?.action == .abort)
    }

    // MARK: Pause, resume, cancel

    @Test func aPausedJobIsNotRunUntilResumed() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", Self.retryPolicyWorkflow)
        try harness.writeJob("pause-job-01")
        let launcher = ScriptedLauncher { call in call.isAnalysis ? ScriptAnswer(scores: ["quality": 0.9]) : .ok }
        // Admitted but not yet run: a scheduler that only scans (no slot) admits it.
        let discovery = Discovery(configuration: harness.configuration(), store: harness.store, now: Timestamp.now())
        _ = try await discovery.discover(catalog: Catalog(configuration: harness.configuration()), known: [])
        let desk = OperatorDesk(layout: harness.layout, store: harness.store)
        #expect(try await desk.apply("pause-job-01", OperatorDesk.Request(.pause, by: "ana"), runID: "t").job.state == .paused)
        let summary = try await harness.scheduler(launcher).runOnce()
        #expect(summary.exitStatus == 3)
        #expect(launcher.calls(job: "pause-job-01").isEmpty, "a paused job is not claimed")
        await #expect(throws: OperatorDesk.Refusal.self) {
            _ = try await desk.apply("pause-job-01", OperatorDesk.Request(.pause, by: "ana"), runID: "t")
        }
        _ = try await desk.apply("pause-job-01", OperatorDesk.Request(.resume, by: "ana"), runID: "t")
        _ = try await harness.scheduler(launcher).runOnce()
        #expect(try await harness.job("pause-job-01").state == .completed)
        let kinds = try await harness.store.events(jobID: "pause-job-01").map(\.event)
        #expect(kinds.starts(with: [.validated, .paused, .resumed, .attemptStarted]))
    }

    @Test func aRunningJobPausesWhenItsAttemptEndsOrAtOnceWithNow() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", Self.retryPolicyWorkflow)
        try harness.writeJob("soft-pause-01")
        try harness.writeJob("hard-pause-01")
        let release = Gate()
        let cancelled = Mutex<[String]>([])
        let launcher = ScriptedLauncher { call in
            if call.isAnalysis { return ScriptAnswer(scores: ["quality": 0.4]) }
            await release.wait()
            if Task.isCancelled { cancelled.withLock { $0.append(call.jobID) } }
            return .ok
        }
        let scheduler = harness.scheduler(launcher, once: false)
        let loop = Task { try await scheduler.run() }
        try await waitFor { launcher.calls(job: "soft-pause-01").count == 1 && launcher.calls(job: "hard-pause-01").count == 1 }
        let desk = OperatorDesk(layout: harness.layout, store: harness.store)
        let soft = try await desk.apply("soft-pause-01", OperatorDesk.Request(.pause, by: "ana", note: "lunch"), runID: "t")
        #expect(soft.job.state == .running, "\(soft.message)")
        let hard = try await desk.apply("hard-pause-01", OperatorDesk.Request(.pause, by: "ana", now: true), runID: "t")
        #expect(hard.job.state == .paused)
        // The hard-paused attempt loses its lease and is stopped; the soft one runs to its end, then pauses.
        try await waitFor { cancelled.withLock { $0 } == ["hard-pause-01"] }
        release.open()
        try await waitFor { try await harness.job("soft-pause-01").state == .paused }
        try await Task.sleep(for: .milliseconds(200))
        scheduler.requestStop()
        try await loop.value
        #expect(try await harness.store.attempts(jobID: "soft-pause-01").map(\.status) == [.decided], "it was not claimed again")
        #expect(try await harness.store.attempts(jobID: "hard-pause-01").map(\.status) == [.interrupted], "interrupted, not failed")
        #expect(try await harness.job("hard-pause-01").state == .paused)
        let kinds = try await harness.store.events(jobID: "soft-pause-01").map(\.event)
        #expect(kinds.suffix(3) == [.pauseRequested, .decided, .paused])
    }

    @Test func cancellingARunningJobStopsItsEngineAndAbortsIt() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", Self.retryPolicyWorkflow)
        try harness.writeJob("cancel-job-01")
        let stopped = Mutex(false)
        let launcher = ScriptedLauncher { call in
            if call.isAnalysis { return ScriptAnswer(scores: ["quality": 0.9]) }
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
            stopped.withLock { $0 = true }
            return .ok
        }
        let scheduler = harness.scheduler(launcher, once: false)
        let loop = Task { try await scheduler.run() }
        try await waitFor { launcher.calls(job: "cancel-job-01").count == 1 }
        let desk = OperatorDesk(layout: harness.layout, store: harness.store)
        let outcome = try await desk.apply("cancel-job-01", OperatorDesk.Request(.cancel, by: "ana", note: "wrong brief"), runID: "t")
        #expect(outcome.job.state == .aborted)
        try await waitFor { stopped.withLock { $0 } }
        scheduler.requestStop()
        try await loop.value
        #expect(try await harness.job("cancel-job-01").state == .aborted)
        #expect(try await harness.store.attempts(jobID: "cancel-job-01").map(\.status) == [.interrupted])
        #expect(try await harness.store.events(jobID: "cancel-job-01").last?.event == .cancelled, "the stopped worker recorded nothing after")
    }

    // MARK: Overrides checked when given

    @Test func anInvalidOverrideIsRefusedAtOnceAndNothingRuns() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        // The built-in render engine's command (its parameter rules apply), and a params_schema of the stage's own.
        try harness.write("workflows/w.yaml", """
            workflow_id: w_v1
            stages:
              - name: video
                command: ["gaffer", "engine", "render", "--params", "{params}", "--out", "{output}"]
                output: out.txt
                analyze: ["analyze", "{output}"]
                params: {duration: 2}
                params_schema:
                  type: object
                  properties:
                    seed: {type: integer, minimum: 0}

            """)
        try harness.writeJob("override-job1")
        let launcher = ScriptedLauncher { call in call.isAnalysis ? ScriptAnswer(scores: ["quality": 0.3]) : .ok }
        _ = try await harness.scheduler(launcher, maxRetries: 0).runOnce()
        #expect(try await harness.job("override-job1").state == .escalated)
        let escalation = try #require(try await harness.store.escalations(jobID: "override-job1").first)
        let before = try await Self.snapshot("override-job1", store: harness.store, root: harness.folder.root)
        let desk = EscalationDesk(layout: harness.layout, store: harness.store)
        do {
            _ = try await desk.resolve(escalation.escalationID, action: .retryStage, overrides: ["silence_at": 1, "silence_seconds": 0], note: nil, by: "ana", runID: "t")
            Issue.record("silence_seconds=0 was accepted")
        } catch let OperatorDesk.Refusal.invalidOverride(stage, violations) {
            #expect(stage == "video")
            #expect(violations.map(\.path.description) == ["/silence_seconds"])
            #expect(violations.first?.message.contains("silence_seconds must be a number of seconds > 0") == true)
        }
        let verbs = OperatorDesk(layout: harness.layout, store: harness.store)
        do {
            _ = try await verbs.apply("override-job1", OperatorDesk.Request(.retry, by: "ana", stage: "video", overrides: ["seed": -1]), runID: "t")
            Issue.record("seed=-1 was accepted")
        } catch let OperatorDesk.Refusal.invalidOverride(_, violations) {
            #expect(violations.map(\.path.description) == ["/seed"])
        }
        #expect(try await Self.snapshot("override-job1", store: harness.store, root: harness.folder.root) == before, "nothing changed")
        // A valid override is taken, and reaches the next attempt's params.
        _ = try await desk.resolve(escalation.escalationID, action: .retryStage, overrides: ["seed": 7], note: nil, by: "ana", runID: "t")
        _ = try await harness.scheduler(launcher, maxRetries: 0).runOnce()
        #expect(launcher.calls(job: "override-job1").map(\.params["seed"]) == [nil, 7])
    }
}
