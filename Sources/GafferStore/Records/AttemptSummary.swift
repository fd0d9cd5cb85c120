import GafferContracts

/// An attempt in brief: what `gaffer status` shows of it. Listed for every job at once
/// (`JobStore.attemptSummaries()`) from a few columns, where the full records would read engine facts and gate
/// verdicts that status never shows.
public struct AttemptSummary: Hashable, Sendable {
    public var jobID: String
    public var attemptID: String
    public var number: Int
    public var stage: StageName
    public var status: AttemptRecord.Status
    public var decisionAction: Action?
    public var escalationReason: EscalationReason?
    public var score: Double?
    public var wallSeconds: Double?

    public init(
        jobID: String, attemptID: String, number: Int, stage: StageName, status: AttemptRecord.Status, decisionAction: Action?,
        escalationReason: EscalationReason?, score: Double?, wallSeconds: Double?
    ) {
        self.jobID = jobID
        self.attemptID = attemptID
        self.number = number
        self.stage = stage
        self.status = status
        self.decisionAction = decisionAction
        self.escalationReason = escalationReason
        self.score = score
        self.wallSeconds = wallSeconds
    }

    public init(_ attempt: AttemptRecord) {
        self.init(
            jobID: attempt.jobID, attemptID: attempt.attemptID, number: attempt.number, stage: attempt.stage, status: attempt.status,
            decisionAction: attempt.decisionAction, escalationReason: attempt.escalationReason, score: attempt.score,
            wallSeconds: attempt.wallSeconds)
    }
}
