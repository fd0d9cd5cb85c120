import GafferContracts

/// SPEC §5.4: an advisor proposes; the policy decides whether a proposal counts. Every case is recorded.
///
/// - Advisory mode: recorded only.
/// - Authority trial (policy flag and operator consent), deterministic action not PROCEED:
///   an allowed proposal replaces it; an allowed retry that the budget no longer covers falls back to
///   `rollback_action`. A proposal outside the allow-list (or a switch to a workflow the registry does not have), a
///   timeout or no answer never changes anything.
enum AdvisorRule {
    static func apply(to plan: DecisionPlan, input: SupervisorInput) -> DecisionPlan {
        guard let advice = input.advice else { return plan }
        let policy = input.policy
        var result = plan
        func record(_ outcome: ProductionDecision.AdvisorRecord.Outcome, _ note: String) {
            result.advisor = ProductionDecision.AdvisorRecord(
                source: advice.source, proposedAction: advice.proposal?.action, deterministicAction: plan.action,
                outcome: outcome, note: [advice.note.map(sentence), note].compactMap { $0 }.joined(separator: " "),
                model: advice.model, latencySeconds: advice.latencySeconds, tokensIn: advice.tokensIn,
                tokensOut: advice.tokensOut, proposal: advice.proposal, raw: advice.raw)
        }
        guard let proposal = advice.proposal else {
            record(.unavailable, "No proposal; the deterministic decision stands.")
            return result
        }
        let trial = policy.authorityTrial
        if trial.enabled && input.authorityTrialConsent && plan.action != .proceed {
            guard trial.allowedActions.contains(proposal.action) else {
                record(.rejected, "\(proposal.action.rawValue) is outside the authority trial's allow-list.")
                return result
            }
            if let problem = profileProblem(proposal, plan: plan, input: input) {
                record(.rejected, problem)
                return result
            }
            if proposal.action.isRetry && !input.budgetAllowsRetry {
                result.action = trial.rollbackAction
                result.reasoning.append("Advisor proposed \(proposal.action.rawValue) with no budget left; rolled back to \(trial.rollbackAction.rawValue).")
                if trial.rollbackAction == .escalateUser { result.escalationReason = .retryBudgetExceeded }
                record(.rolledBack, "Budget exhausted.")
                return result
            }
            take(proposal, into: &result, plan: plan, input: input)
            record(.taken, "Authority trial.")
            return result
        }
        if policy.advisoryMode.enabled {
            let allowed = policy.advisoryMode.allowedActions.contains(proposal.action)
            record(allowed ? .recorded : .rejected, allowed ? "Advisory mode: recorded only." : "\(proposal.action.rawValue) is outside the advisory allow-list.")
        } else {
            record(.rejected, "The policy enables neither advisory mode nor an authority trial.")
        }
        return result
    }

    /// `text` ending as a sentence, so the client's note and the rule's read as two.
    static func sentence(_ text: String) -> String {
        text.hasSuffix(".") || text.hasSuffix("!") || text.hasSuffix("?") ? text : text + "."
    }

    /// Why a proposal's workflow switch cannot be taken, or nil. A switch needs a registry workflow other than the
    /// current one: the one proposed, or (when it names none) the one the deterministic plan already chose.
    static func profileProblem(_ proposal: AdvisorProposal, plan: DecisionPlan, input: SupervisorInput) -> String? {
        if let profile = proposal.workflowProfile {
            guard AdvisorRequest.allowedProfiles(input).contains(where: { $0.workflowID == profile }) else {
                return "Workflow \(profile) is not one the registry offers (allowed_profiles)."
            }
            return nil
        }
        if proposal.action == .switchPolicy && plan.workflowProfile == nil {
            return "SWITCH_POLICY names no workflow_profile and the deterministic plan has none."
        }
        return nil
    }

    /// The proposal replaces the plan's action, and its target, workflow and adjustments are laid over the plan's.
    static func take(_ proposal: AdvisorProposal, into result: inout DecisionPlan, plan: DecisionPlan, input: SupervisorInput) {
        if proposal.action != plan.action {
            result.action = proposal.action
            result.reasoning.append("Authority trial: advisor's \(proposal.action.rawValue) replaces \(plan.action.rawValue).")
            result.escalationReason = proposal.action == .escalateUser
                ? EscalationBuilder.reason(forQCFailures: input.report?.failingBlockingGates ?? []) : nil
        }
        guard proposal.action.isRetry else {
            result.workflowProfile = nil
            result.parameterAdjustments = [:]
            if result.targetStage == nil { result.targetStage = input.stage }
            return
        }
        if let stage = proposal.targetStage { result.targetStage = stage }
        if result.targetStage == nil { result.targetStage = input.stage }
        if proposal.action == .switchPolicy {
            if let profile = proposal.workflowProfile { result.workflowProfile = profile }
        } else {
            result.workflowProfile = nil
        }
        result.parameterAdjustments.merge(proposal.parameterAdjustments) { _, advised in advised }
        if !proposal.reasoning.isEmpty { result.reasoning.append("Advisor: \(proposal.reasoning)") }
    }
}
