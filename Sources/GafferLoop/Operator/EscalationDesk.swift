import Foundation
import GafferContracts
import GafferStore

/// Operators' answers to escalations (SPEC §7): validated against `allowed_responses`, recorded with the job's
/// new state in one transaction, and picked up by the loop on its next pass.
public struct EscalationDesk: Sendable {
    public let layout: SandboxLayout
    public let store: any JobStore
    public let workflowsFolder: String
    /// Told when an answer is recorded, so a scheduler in this process resumes the job at once.
    public let wakeup: Wakeup?

    public init(layout: SandboxLayout, store: any JobStore, workflowsFolder: String? = nil, wakeup: Wakeup? = nil) {
        self.layout = layout
        self.store = store
        self.wakeup = wakeup
        self.workflowsFolder = workflowsFolder ?? layout.path("workflows")
    }

    /// Why an answer is refused. Nothing changes when one is thrown.
    public enum Refusal: Error, Sendable, CustomStringConvertible {
        case unknown(String)
        case notOpen(String)
        case notAllowed(Action, allowed: [Action])
        case jobNotEscalated(String, JobState)
        case badOverride(String)
        case nothingToAccept(String)

        public var description: String {
            switch self {
            case .unknown(let id): "no escalation \(id) (see `gaffer escalations list`)"
            case .notOpen(let id): "escalation \(id) is already resolved"
            case .notAllowed(let action, let allowed):
                "\(action.rawValue) is not an allowed answer here; allowed: \(allowed.map(\.rawValue).joined(separator: ", "))"
            case .jobNotEscalated(let job, let state): "job \(job) is \(state.rawValue), not ESCALATED: the escalation is stale"
            case .badOverride(let text): "override \(text): expected name=value, e.g. pose_weight=0.95"
            case .nothingToAccept(let why): "cannot PROCEED: \(why)"
            }
        }
    }

    public func list() async throws -> [UserActionRequired] {
        try await store.escalations(openOnly: true).map(\.document)
    }

    public func show(_ id: String) async throws -> UserActionRequired {
        guard let record = try await store.escalation(id) else { throw Refusal.unknown(id) }
        return record.document
    }

    /// Parses `name=value` overrides; values are JSON when they parse as JSON (numbers, booleans), else strings.
    public static func parseOverrides(_ pairs: [String]) throws(Refusal) -> [String: JSONValue] {
        var overrides: [String: JSONValue] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { throw .badOverride(pair) }
            let name = String(pair[..<equals])
            let text = String(pair[pair.index(after: equals)...])
            overrides[name] = (try? JSONParser.parse(Data(text.utf8))) ?? .string(text)
        }
        return overrides
    }

    public func resolve(
        _ id: String, action: Action, overrides: [String: JSONValue], note: String?, by: String, runID: String
    ) async throws -> (UserActionRequired, JobRecord) {
        guard let record = try await store.escalation(id) else { throw Refusal.unknown(id) }
        guard record.isOpen else { throw Refusal.notOpen(id) }
        guard record.document.allowedResponses.contains(action) else {
            throw Refusal.notAllowed(action, allowed: record.document.allowedResponses)
        }
        guard var job = try await store.job(record.jobID) else { throw StoreError.unknownJob(record.jobID) }
        guard job.state == .escalated else { throw Refusal.jobNotEscalated(job.jobID, job.state) }
        let now = Timestamp.now()
        var document = record.document
        document.status = .resolved
        document.resolution = UserActionRequired.Resolution(action: action, by: by, at: now, note: note, overrides: overrides)
        job.updatedAt = now
        job.operatorState.expiry = nil
        job.reason = "operator \(by) answered \(action.rawValue)" + (note.map { ": \($0)" } ?? "")
        var accepted: AcceptedOutput?
        let answer: JobEvent.Resolution
        switch action {
        case .retryStage, .switchPolicy:
            let stage = document.stage ?? job.stage ?? "video"
            // Overrides are checked now, not when the engine fails on them (SPEC §7): a bad one changes nothing.
            if !overrides.isEmpty, let workflow = job.workflowID.flatMap({ WorkflowLoader.loadEach(in: workflowsFolder).workflows[$0] }),
                let definition = workflow.stage(named: stage) {
                try OverrideCheck.require(overrides, stage: definition, job: job)
            }
            answer = .retry(stage: stage)
            // The overrides are for the next attempt of this stage, and are consumed by it.
            if overrides.isEmpty { job.operatorOverrides[stage.rawValue] = nil } else { job.operatorOverrides[stage.rawValue] = overrides }
            // The operator grants a fresh budget: earlier attempts no longer count.
            job.budgetFloor = try await store.attempts(jobID: job.jobID).map(\.number).max() ?? 0
            job.notBefore = nil
            job.snoozes = 0
            if let text = job.nextDecision,
                (try? ContractDecoder.load(ProductionDecision.self, kind: .productionDecision, from: Data(text.utf8), source: "store")) == nil {
                job.nextDecision = nil  // an unreadable decision row: the retry runs without it, as the escalation said
            }
        case .proceed:
            let workflows = WorkflowLoader.loadEach(in: workflowsFolder).workflows
            guard let workflow = job.workflowID.flatMap({ workflows[$0] }), let stageName = document.stage,
                let stage = workflow.stage(named: stageName)
            else { throw Refusal.nothingToAccept("the job's workflow or stage is unknown") }
            guard let best = document.bestAttemptID else {
                throw Refusal.nothingToAccept("no attempt of stage \(stageName) left a sound, scored output")
            }
            let output = layout.attemptFolder(job.jobID, best) + "/" + stage.output
            guard FileManager.default.fileExists(atPath: output) else {
                throw Refusal.nothingToAccept("attempt \(best) of stage \(stageName) left no output")
            }
            accepted = AcceptedOutput(jobID: job.jobID, stage: stageName, attemptID: best, path: layout.relative(output))
            let following = workflow.stage(after: stageName)
            if following == nil {
                do { try Acceptance.deliver(accepted!, stage: stage, layout: layout) } catch { throw Refusal.nothingToAccept(error.description) }
            }
            answer = .proceed(next: following?.name)
        case .escalateUser:
            throw Refusal.notAllowed(action, allowed: record.document.allowedResponses)
        case .abort:
            answer = .abort
        }
        let transition: JobTransition
        do {
            transition = try job.apply(.resolved(answer))
        } catch {
            throw Refusal.jobNotEscalated(job.jobID, job.state)
        }
        var details: [String: JSONValue] = [
            "escalation_id": .string(id), "action": .string(action.rawValue), "by": .string(by),
            "overrides": .object(overrides),
        ]
        if let note { details["note"] = .string(note) }
        try await store.resolveEscalation(
            EscalationRecord(document: document), job: job, transition: transition,
            event: EventRecord(transition, jobID: job.jobID, ts: now, runID: runID, stage: document.stage, attemptID: document.attemptID, details: details),
            accepted: accepted)
        try await ViewWriter(layout: layout, store: store).refresh(job.jobID)
        wakeup?.wake()
        return (document, job)
    }
}
