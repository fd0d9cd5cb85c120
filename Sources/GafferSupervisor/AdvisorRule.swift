import GafferContracts

/// SPEC §5.4: an advisor proposes; the policy decides whether a proposal counts. Every case is recorded.
///
/// - Advisory mode: recorded only.
/// - Authority trial (policy flag and operator consent), deterministic action not PROCEED:
///   an allowed proposal replaces it; an allowed retry that the budget no longer covers falls back to
///   `rollback_action`. A proposal outside the allow-list, a timeout or no answer never changes anything.
enum AdvisorRule {
    static func apply(to plan: DecisionPlan, input: SupervisorInput) -> DecisionPlan {
        guard let advice = input.advice else { return plan }
        let policy = input.policy
        var result = plan
        func record(_ outcome: ProductionDecision.AdvisorRecord.Outcome, _ note: String) {
            result.advisor = ProductionDecision.AdvisorRecord(
                source: advice.source, proposedAction: advice.proposal, deterministicAction: plan.action,
                outcome: outcome, note: [advice.note, note].compactMap { $0 }.joined(separator: " "))
        }
        guard let proposal = advice.proposal else {
            record(.unavailable, "No proposal; the deterministic decision stands.")
            return result
        }
        let trial = policy.authorityTrial
        if trial.enabled && input.authorityTrialConsent && plan.action != .proceed {
            guard trial.allowedActions.contains(proposal) else {
                record(.rejected, "\(proposal.rawValue) is outside the authority trial's allow-list.")
                return result
            }
            if proposal.isRetry && !input.budgetAllowsRetry {
                result.action = trial.rollbackAction
                result.reasoning.append("Advisor proposed \(proposal.rawValue) with no budget left; rolled back to \(trial.rollbackAction.rawValue).")
                if trial.rollbackAction == .escalateUser { result.escalationReason = .retryBudgetExceeded }
                record(.rolledBack, "Budget exhausted.")
                return result
            }
            if proposal != plan.action {
                result.action = proposal
                result.reasoning.append("Authority trial: advisor's \(proposal.rawValue) replaces \(plan.action.rawValue).")
                result.escalationReason = proposal == .escalateUser
                    ? EscalationBuilder.reason(forQCFailures: input.report?.failingBlockingGates ?? []) : nil
                if result.targetStage == nil { result.targetStage = input.stage }
            }
            record(.taken, "Authority trial.")
            return result
        }
        if policy.advisoryMode.enabled {
            let allowed = policy.advisoryMode.allowedActions.contains(proposal)
            record(allowed ? .recorded : .rejected, allowed ? "Advisory mode: recorded only." : "\(proposal.rawValue) is outside the advisory allow-list.")
        } else {
            record(.rejected, "The policy enables neither advisory mode nor an authority trial.")
        }
        return result
    }
}
