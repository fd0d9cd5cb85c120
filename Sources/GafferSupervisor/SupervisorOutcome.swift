import GafferContracts

/// The supervisor's verdict: the decision, and the escalation when it asks for an operator.
public struct SupervisorOutcome: Hashable, Sendable {
    public var decision: ProductionDecision
    public var escalation: UserActionRequired?
    /// True when this decision asks for fewer frames because pose detection was low (so the next
    /// low reading escalates instead of retrying again).
    public var poseRetry: Bool
    /// Mean score of this attempt's blocking gates, recorded so a later escalation can name the best attempt.
    public var score: Double?

    public var action: Action { decision.decision.action }

    public init(decision: ProductionDecision, escalation: UserActionRequired?, poseRetry: Bool, score: Double?) {
        self.decision = decision
        self.escalation = escalation
        self.poseRetry = poseRetry
        self.score = score
    }
}
