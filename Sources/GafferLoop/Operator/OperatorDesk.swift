import Foundation
import GafferContracts
import GafferEngines
import GafferQC
import GafferStore

/// The operator verbs (SPEC §7): pause, resume, cancel, retry, pick, reset-budget, waive, approve, reject.
///
/// Each goes through ``JobStateMachine`` (a verb that does not apply to the job's state is refused with the state
/// machine's reason), is recorded with who and why, and is one store transaction (``OperatorChange``) that applies
/// only to the row it was computed from. Nothing changes when a verb is refused. The CLI, the API and the job page
/// all come here.
public struct OperatorDesk: Sendable {
    public let layout: SandboxLayout
    public let store: any JobStore
    public let workflowsFolder: String
    public let policiesFolder: String
    /// Told when a verb is recorded, so a scheduler in this process acts at once.
    public let wakeup: Wakeup?

    public init(
        layout: SandboxLayout, store: any JobStore, workflowsFolder: String? = nil, policiesFolder: String? = nil,
        wakeup: Wakeup? = nil
    ) {
        self.layout = layout
        self.store = store
        self.workflowsFolder = workflowsFolder ?? layout.path("workflows")
        self.policiesFolder = policiesFolder ?? layout.path("policies")
        self.wakeup = wakeup
    }

    /// A verb with its arguments.
    public struct Request: Sendable, Hashable {
        public var verb: OperatorVerb
        /// The operator's name (from the token on the API, `--by` or the user on the CLI).
        public var by: String
        public var note: String?
        /// `pause --now`: interrupt the running attempt instead of letting it finish.
        public var now: Bool
        /// `retry --stage`, `reset-budget --stage`.
        public var stage: StageName?
        /// `pick --attempt`.
        public var attemptID: String?
        /// `waive --gate`.
        public var gateID: String?
        /// `retry` and `reject` (with a retry): for the next attempt of the stage, checked now.
        public var overrides: [String: JSONValue]
        /// `reject --abort` (else a rejection retries the stage).
        public var abort: Bool

        public init(
            _ verb: OperatorVerb, by: String, note: String? = nil, now: Bool = false, stage: StageName? = nil,
            attemptID: String? = nil, gateID: String? = nil, overrides: [String: JSONValue] = [:], abort: Bool = false
        ) {
            self.verb = verb
            self.by = by
            self.note = note
            self.now = now
            self.stage = stage
            self.attemptID = attemptID
            self.gateID = gateID
            self.overrides = overrides
            self.abort = abort
        }
    }

    /// What a verb did: the job afterwards, and one line for the operator.
    public struct Outcome: Sendable {
        public let job: JobRecord
        public let message: String
    }

    /// Why a verb is refused. Nothing changes when one is thrown.
    public enum Refusal: Error, Sendable, CustomStringConvertible, Equatable {
        case unknownJob(String)
        /// The state machine's refusal (the verb does not apply to the job's state).
        case notNow(OperatorVerb, TransitionRefusal)
        /// The verb applies to the state, not to these arguments (no sound output to pick, an unknown stage …).
        case notApplicable(OperatorVerb, String)
        case invalidOverride(stage: StageName, [SchemaViolation])
        /// The job changed while the verb was being recorded, again and again (a worker is busy with it).
        case busy(String)

        public var description: String {
            switch self {
            case .unknownJob(let id): "no job \(id) (see `gaffer status`)"
            case .notNow(let verb, let refusal):
                "\(verb.rawValue) refused: \(refusal.why)" + (refusal.why.contains(refusal.state.rawValue) ? "" : " (the job is \(refusal.state.rawValue))")
            case .notApplicable(let verb, let why): "\(verb.rawValue) refused: \(why)"
            case .invalidOverride(let stage, let violations):
                "override refused for stage \(stage): "
                    + violations.map(\.description).joined(separator: "; ") + " — nothing changed"
            case .busy(let id): "job \(id) kept changing while the verb was recorded; try again"
            }
        }
    }

    /// Applies `request` to the job, retrying when a worker changed the job in between (up to three times).
    public func apply(_ jobID: String, _ request: Request, runID: String) async throws -> Outcome {
        for _ in 0..<3 {
            guard let job = try await store.job(jobID) else { throw Refusal.unknownJob(jobID) }
            let planned = try await plan(request, on: job, now: Timestamp.now(), runID: runID)
            try planned.prepare()
            do {
                try await store.applyOperatorChange(planned.change)
            } catch StoreError.conflict {
                continue
            }
            try? await ViewWriter(layout: layout, store: store).refresh(jobID)
            wakeup?.wake()
            var message = planned.message
            if let attemptID = planned.change.interrupt, await stopEngine(jobID: jobID, attemptID: attemptID) {
                message += " (its engine's process group was stopped now)"
            }
            return Outcome(job: planned.change.job, message: message)
        }
        throw Refusal.busy(jobID)
    }

    /// The interrupted attempt's engine, when it runs on this host: its process group gets TERM (KILL after 5 s)
    /// now, instead of at its worker's next heartbeat. Elsewhere (another host, a remote engine) the worker stops it
    /// when it finds its lease gone.
    func stopEngine(jobID: String, attemptID: String) async -> Bool {
        guard let attempt = try? await store.attempts(jobID: jobID).first(where: { $0.attemptID == attemptID }),
            let group = attempt.processGroup, group > 0, attempt.host == ProcessInfo.processInfo.hostName
        else { return false }
        return await EngineRunner.terminateGroup(group, grace: .seconds(5))
    }

    /// A verb worked out against one stored row: the store change, the files to write first, the message.
    struct Planned: Sendable {
        var change: OperatorChange
        var message: String
        /// Files written before the store change (an output delivered, a report re-judged): atomic, and harmless
        /// if the change then conflicts — the next plan writes them again.
        var prepare: @Sendable () throws -> Void = {}
    }

    /// The event that stands for `verb` when asking the state machine whether it applies at all: the states a verb
    /// applies to do not depend on its arguments, so this is checked first, before anything else is read.
    public static func probe(_ verb: OperatorVerb) -> JobEvent {
        switch verb {
        case .pause: .pause(now: false)
        case .resume: .resume
        case .cancel: .cancel
        case .retry: .reopen(stage: "probe")
        case .pick: .pick(next: nil)
        case .resetBudget: .resetBudget
        case .waive: .waive
        case .approve: .approve(next: nil)
        case .reject: .reject(retry: nil)
        }
    }

    func plan(_ request: Request, on job: JobRecord, now: String, runID: String) async throws -> Planned {
        if case .failure(let refusal) = JobStateMachine.apply(Self.probe(request.verb), to: job.state) {
            throw Refusal.notNow(request.verb, refusal)
        }
        var next = job
        next.updatedAt = now
        func transition(_ event: JobEvent) throws -> JobTransition {
            switch JobStateMachine.apply(event, to: job.state) {
            case .success: return try next.apply(event)
            case .failure(let refusal): throw Refusal.notNow(request.verb, refusal)
            }
        }
        func refuse(_ why: String) -> Refusal { .notApplicable(request.verb, why) }
        var details: [String: JSONValue] = ["verb": .string(request.verb.rawValue), "by": .string(request.by)]
        if let note = request.note { details["note"] = .string(note) }
        let said = request.note.map { ": \($0)" } ?? ""
        func event(_ transition: JobTransition, stage: StageName? = nil, attemptID: String? = nil) -> EventRecord {
            EventRecord(transition, jobID: job.jobID, ts: now, runID: runID, stage: stage ?? next.stage, attemptID: attemptID, details: details)
        }

        switch request.verb {
        case .pause:
            let asked = job.state == .running && !request.now
            if asked, let pending = job.operatorState.pauseRequested {
                throw refuse("a pause is already asked for (by \(pending.by) at \(pending.at)); add --now to interrupt the attempt")
            }
            let moved = try transition(.pause(now: request.now))
            if asked {
                next.operatorState.pauseRequested = OperatorState.Request(by: request.by, note: request.note, at: now)
                return Planned(
                    change: OperatorChange(job: next, expectedState: job.state, expectedFence: job.fence, events: [event(moved, attemptID: job.attemptID)]),
                    message: "pause asked for: job \(job.jobID) pauses when attempt \(job.attemptID ?? "?") ends (--now interrupts it)")
            }
            next.reason = "paused by \(request.by)\(said)"
            let interrupt = job.state == .running ? job.attemptID : nil
            if let interrupt { details["interrupted_attempt_id"] = .string(interrupt) }
            return Planned(
                change: OperatorChange(
                    job: next, expectedState: job.state, expectedFence: job.fence, events: [event(moved, attemptID: interrupt)],
                    interrupt: interrupt),
                message: interrupt.map { "paused: attempt \($0) is interrupted (it does not count against the budget)" } ?? "paused")

        case .resume:
            if job.state == .running && job.operatorState.pauseRequested == nil {
                throw refuse("the job is running and no pause was asked for")
            }
            let moved = try transition(.resume)
            next.operatorState.pauseRequested = nil
            next.reason = "resumed by \(request.by)\(said)"
            return Planned(
                change: OperatorChange(job: next, expectedState: job.state, expectedFence: job.fence, events: [event(moved)]),
                message: job.state == .running ? "the pause asked for is withdrawn" : "resumed: the job is queued at stage \(next.stage?.rawValue ?? "?")")

        case .cancel:
            let moved = try transition(.cancel)
            next.operatorState.pauseRequested = nil
            next.operatorState.expiry = nil
            next.reason = "cancelled by \(request.by)\(said)"
            let interrupt = job.state == .running ? job.attemptID : nil
            if let interrupt { details["interrupted_attempt_id"] = .string(interrupt) }
            let closed = try await closing(job, action: .abort, request: request, at: now)
            return Planned(
                change: OperatorChange(
                    job: next, expectedState: job.state, expectedFence: job.fence, events: [event(moved, attemptID: interrupt)],
                    interrupt: interrupt, escalations: closed),
                message: "cancelled: the job is ABORTED" + (interrupt.map { "; attempt \($0) is stopped" } ?? ""))

        case .retry:
            guard let stageName = request.stage else { throw refuse("name the stage to re-open: --stage S") }
            let workflow = try workflow(of: job, verb: request.verb)
            guard let stage = workflow.stage(named: stageName) else {
                throw refuse("workflow \(workflow.workflowID) has no stage \(stageName) (it has: \(workflow.stageNames.map(\.rawValue).joined(separator: ", ")))")
            }
            let index = workflow.stageNames.firstIndex(of: stageName)!
            if job.state == .escalated, let current = job.stage, let at = workflow.stageNames.firstIndex(of: current), index > at {
                throw refuse("stage \(stageName) comes after stage \(current), where the job stopped: it has no input yet")
            }
            if index > 0 {
                let source = stage.inputFrom ?? workflow.stageNames[index - 1]
                guard try await store.acceptedOutputs(jobID: job.jobID).contains(where: { $0.stage == source }) else {
                    throw refuse("stage \(stageName) reads the accepted output of stage \(source), and it has none: re-open at \(source)")
                }
            }
            try OverrideCheck.require(request.overrides, stage: stage, job: job)
            let moved = try transition(.reopen(stage: stageName))
            let floor = try await store.attempts(jobID: job.jobID).map(\.number).max() ?? 0
            for later in workflow.stageNames[index...] { next.operatorState.stageBudgetFloors[later.rawValue] = floor }
            next.operatorOverrides[stageName.rawValue] = request.overrides.isEmpty ? nil : request.overrides
            next.nextDecision = nil
            next.notBefore = nil
            next.snoozes = 0
            next.operatorState.expiry = nil
            next.reason = "re-opened at stage \(stageName) by \(request.by)\(said)"
            details["stage"] = .string(stageName.rawValue)
            details["overrides"] = .object(request.overrides)
            let closed = try await closing(job, action: .retryStage, request: request, at: now)
            return Planned(
                change: OperatorChange(job: next, expectedState: job.state, expectedFence: job.fence, events: [event(moved)], escalations: closed),
                message: "re-opened at stage \(stageName): it runs again with a fresh budget" + (request.overrides.isEmpty ? "" : ", with the overrides"))

        case .pick:
            guard let attemptID = request.attemptID else { throw refuse("name the attempt: --attempt run-NNNN") }
            guard let attempt = try await store.attempts(jobID: job.jobID).first(where: { $0.attemptID == attemptID }) else {
                throw refuse("job \(job.jobID) has no attempt \(attemptID)")
            }
            guard attempt.status == .decided else {
                throw refuse("attempt \(attemptID) was \(attempt.status.rawValue), not decided: only a finished attempt's output can be picked")
            }
            guard let facts = attempt.engine, facts.isSound else {
                throw refuse("attempt \(attemptID) has no sound output (\(Self.describe(attempt.engine)))")
            }
            let workflow = try workflow(of: job, verb: request.verb)
            guard let stage = workflow.stage(named: attempt.stage) else {
                throw refuse("stage \(attempt.stage) of attempt \(attemptID) is no longer in workflow \(workflow.workflowID)")
            }
            let output = layout.attemptFolder(job.jobID, attemptID) + "/" + stage.output
            guard let digest = ContentDigest.ofFile(output) else {
                throw refuse("attempt \(attemptID) left no output \(stage.output)")
            }
            let following = workflow.stage(after: attempt.stage)
            let moved = try transition(.pick(next: following?.name))
            let accepted = AcceptedOutput(jobID: job.jobID, stage: attempt.stage, attemptID: attemptID, path: layout.relative(output))
            next.nextDecision = nil
            next.notBefore = nil
            next.snoozes = 0
            next.operatorState.expiry = nil
            next.reason = "attempt \(attemptID) picked for stage \(attempt.stage) by \(request.by)\(said)"
            details["picked_attempt_id"] = .string(attemptID)
            details["stage"] = .string(attempt.stage.rawValue)
            details["digest"] = .string(digest)
            let closed = try await closing(job, action: .proceed, request: request, at: now)
            let layout = self.layout
            return Planned(
                change: OperatorChange(
                    job: next, expectedState: job.state, expectedFence: job.fence, events: [event(moved, stage: attempt.stage, attemptID: attemptID)],
                    escalations: closed, accepted: [accepted]),
                message: following.map { "picked \(attemptID) for stage \(attempt.stage); the job goes on at stage \($0.name)" }
                    ?? "picked \(attemptID): the job is COMPLETED with its output",
                prepare: { if following == nil { try Self.deliver(accepted, stage: stage, layout: layout) } })

        case .resetBudget:
            let moved = try transition(.resetBudget)
            let attempts = try await store.attempts(jobID: job.jobID)
            let floor = attempts.map(\.number).max() ?? 0
            let stages: [StageName]
            if let stage = request.stage {
                let workflow = try workflow(of: job, verb: request.verb)
                guard workflow.stage(named: stage) != nil else {
                    throw refuse("workflow \(workflow.workflowID) has no stage \(stage) (it has: \(workflow.stageNames.map(\.rawValue).joined(separator: ", ")))")
                }
                stages = [stage]
            } else {
                stages = (try? workflow(of: job, verb: request.verb).stageNames) ?? Array(Set(attempts.map(\.stage))).sorted { $0.rawValue < $1.rawValue }
            }
            for stage in stages { next.operatorState.stageBudgetFloors[stage.rawValue] = floor }
            details["stages"] = .array(stages.map { .string($0.rawValue) })
            details["floor"] = .number(Double(floor))
            return Planned(
                change: OperatorChange(job: next, expectedState: job.state, expectedFence: job.fence, events: [event(moved)]),
                message: "budget reset for \(stages.map(\.rawValue).joined(separator: ", ")): attempts up to run-\(String(format: "%04d", floor)) no longer count")

        case .waive:
            return try await waive(request, job: job, next: next, now: now, runID: runID, details: details, transition: transition)

        case .approve:
            guard job.state == .awaitingApproval else { _ = try transition(.approve(next: nil)); throw refuse("nothing waits for approval") }
            let workflow = try workflow(of: job, verb: request.verb)
            guard let stageName = job.stage, let stage = workflow.stage(named: stageName) else {
                throw refuse("the stage waiting for approval is not in workflow \(workflow.workflowID)")
            }
            guard let accepted = try await store.acceptedOutputs(jobID: job.jobID).first(where: { $0.stage == stageName }) else {
                throw refuse("stage \(stageName) has no accepted output to approve")
            }
            let following = workflow.stage(after: stageName)
            let moved = try transition(.approve(next: following?.name))
            next.operatorState.expiry = nil
            next.reason = "stage \(stageName) approved by \(request.by)\(said)"
            details["attempt_id"] = .string(accepted.attemptID)
            let layout = self.layout
            return Planned(
                change: OperatorChange(job: next, expectedState: job.state, expectedFence: job.fence, events: [event(moved, stage: stageName, attemptID: accepted.attemptID)]),
                message: following.map { "approved: the job goes on at stage \($0.name)" } ?? "approved: the job is COMPLETED",
                prepare: { if following == nil { try Self.deliver(accepted, stage: stage, layout: layout) } })

        case .reject:
            guard job.state == .awaitingApproval, let stageName = job.stage else {
                _ = try transition(.reject(retry: nil))
                throw refuse("nothing waits for approval")
            }
            if request.abort {
                let moved = try transition(.reject(retry: nil))
                next.operatorState.expiry = nil
                next.reason = "stage \(stageName) rejected by \(request.by)\(said); aborted"
                details["then"] = .string(Action.abort.rawValue)
                return Planned(
                    change: OperatorChange(job: next, expectedState: job.state, expectedFence: job.fence, events: [event(moved)]),
                    message: "rejected: the job is ABORTED")
            }
            let workflow = try workflow(of: job, verb: request.verb)
            guard let stage = workflow.stage(named: stageName) else { throw refuse("stage \(stageName) is not in workflow \(workflow.workflowID)") }
            try OverrideCheck.require(request.overrides, stage: stage, job: job)
            let moved = try transition(.reject(retry: stageName))
            next.operatorState.stageBudgetFloors[stageName.rawValue] = try await store.attempts(jobID: job.jobID).map(\.number).max() ?? 0
            next.operatorOverrides[stageName.rawValue] = request.overrides.isEmpty ? nil : request.overrides
            next.nextDecision = nil
            next.operatorState.expiry = nil
            next.reason = "stage \(stageName) rejected by \(request.by)\(said); it runs again"
            details["then"] = .string(Action.retryStage.rawValue)
            details["overrides"] = .object(request.overrides)
            return Planned(
                change: OperatorChange(job: next, expectedState: job.state, expectedFence: job.fence, events: [event(moved)]),
                message: "rejected: stage \(stageName) runs again with a fresh budget")
        }
    }

    func workflow(of job: JobRecord, verb: OperatorVerb) throws -> Workflow {
        let loaded = WorkflowLoader.loadEach(in: workflowsFolder)
        guard let id = job.workflowID, let workflow = loaded.workflows[id] else {
            throw Refusal.notApplicable(verb, "the job's workflow \(job.workflowID ?? "?") does not load from \(layout.relative(workflowsFolder))")
        }
        return workflow
    }

    /// The job's open escalations, closed with the verb as their answer (by the operator, with the note).
    func closing(_ job: JobRecord, action: Action, request: Request, at: String) async throws -> [EscalationRecord] {
        guard job.state == .escalated else { return [] }
        return try await store.escalations(jobID: job.jobID).filter(\.isOpen).map { record in
            var document = record.document
            document.status = .resolved
            let note = "\(request.verb.rawValue)" + (request.attemptID.map { " \($0)" } ?? "") + (request.note.map { ": \($0)" } ?? "")
            document.resolution = UserActionRequired.Resolution(action: action, by: request.by, at: at, note: note, overrides: request.overrides)
            return EscalationRecord(document: document)
        }
    }

    static func deliver(_ accepted: AcceptedOutput, stage: Workflow.Stage, layout: SandboxLayout) throws {
        do {
            try Acceptance.deliver(accepted, stage: stage, layout: layout)
        } catch {
            throw Refusal.notApplicable(.pick, error.description)
        }
    }

    static func describe(_ facts: AttemptRecord.EngineOutcome?) -> String {
        guard let facts else { return "the engine did not run" }
        var said: [String] = []
        if let code = facts.exitCode, code != 0 { said.append("exit status \(code)") }
        if let signal = facts.signal { said.append("killed by signal \(signal)") }
        if facts.timedOut { said.append("timed out") }
        if facts.stalled { said.append("stalled") }
        if !facts.missingOutputs.isEmpty { said.append("missing \(facts.missingOutputs.joined(separator: ", "))") }
        if let corruption = facts.corruption { said.append("corrupt: \(corruption)") }
        if facts.invalidInput == true { said.append("the engine refused its input") }
        if let error = facts.error { said.append(error) }
        return said.isEmpty ? "no failure recorded" : said.joined(separator: "; ")
    }
}
