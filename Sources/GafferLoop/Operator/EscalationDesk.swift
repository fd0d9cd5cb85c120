import Foundation
import GafferContracts
import GafferStore

/// Operators' answers to escalations (SPEC §7): validated against `allowed_responses`, recorded with the job's
/// new state in one transaction, and picked up by the loop on its next pass.
public struct EscalationDesk: Sendable {
    public let layout: SandboxLayout
    public let store: any JobStore
    public let workflowsFolder: String

    public init(layout: SandboxLayout, store: any JobStore, workflowsFolder: String? = nil) {
        self.layout = layout
        self.store = store
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
        let from = job.state
        job.updatedAt = now
        job.pendingOverrides.merge(overrides) { _, new in new }
        job.reason = "operator \(by) answered \(action.rawValue)" + (note.map { ": \($0)" } ?? "")
        switch action {
        case .retryStage, .switchPolicy:
            job.state = .running
            job.stage = document.stage ?? job.stage
            // The operator grants a fresh budget: earlier attempts no longer count.
            job.budgetFloor = try await store.attempts(jobID: job.jobID).map(\.number).max() ?? 0
        case .proceed:
            let workflows = try WorkflowLoader.loadAll(in: workflowsFolder)
            guard let workflow = job.workflowID.flatMap({ workflows[$0] }), let stageName = document.stage,
                let stage = workflow.stage(named: stageName)
            else { throw Refusal.nothingToAccept("the job's workflow or stage is unknown") }
            let candidates = [document.bestAttemptID, document.attemptID].compactMap { $0 }
            guard let accepted = candidates.first(where: {
                FileManager.default.fileExists(atPath: layout.attemptFolder(job.jobID, $0) + "/" + stage.output)
            }) else { throw Refusal.nothingToAccept("no attempt of stage \(stageName) left an output") }
            let following = workflow.stage(after: stageName)
            try Acceptance.accept(attemptID: accepted, jobID: job.jobID, stage: stage, isLast: following == nil, layout: layout)
            job.state = following == nil ? .completed : .running
            job.stage = following?.name ?? stageName
        case .escalateUser:
            throw Refusal.notAllowed(action, allowed: record.document.allowedResponses)
        case .abort:
            job.state = .aborted
        }
        var details: [String: JSONValue] = [
            "escalation_id": .string(id), "action": .string(action.rawValue), "by": .string(by),
            "overrides": .object(overrides),
        ]
        if let note { details["note"] = .string(note) }
        try await store.resolveEscalation(EscalationRecord(document: document), job: job, event: EventRecord(
            jobID: job.jobID, ts: now, runID: runID, event: "ESCALATION_RESOLVED", fromState: from, toState: job.state,
            stage: document.stage, attemptID: document.attemptID, details: details))
        try await ViewWriter(layout: layout, store: store).refresh(job.jobID)
        return (document, job)
    }
}
