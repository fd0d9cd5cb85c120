import GafferContracts

/// The decision as the rules shape it, before it is written out. Each rule takes a plan and returns one.
struct DecisionPlan: Hashable, Sendable {
    var action: Action
    var reasoning: [String]
    var targetStage: StageName?
    var workflowProfile: String?
    var parameterAdjustments: [String: Double] = [:]
    var policyOverrides = ProductionDecision.PolicyOverrides()
    var escalationReason: EscalationReason?
    var advisor: ProductionDecision.AdvisorRecord?
    var poseRetry = false

    init(action: Action, reasoning: String, targetStage: StageName? = nil) {
        self.action = action
        self.reasoning = [reasoning]
        self.targetStage = targetStage
    }

    /// Turns the plan into an escalation, keeping the reasoning that led here.
    mutating func escalate(_ reason: EscalationReason, because why: String) {
        action = .escalateUser
        escalationReason = reason
        workflowProfile = nil
        parameterAdjustments = [:]
        reasoning.append(why)
    }
}
