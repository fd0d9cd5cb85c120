import GafferContracts

/// Report + metrics + history + policy → `production_decision.v1` (+ `user_action_required.v1`).
///
/// Pure: everything it needs comes in through `SupervisorInput` (SPEC §5).
public enum Supervisor {
    public static func decide(_ input: SupervisorInput) -> SupervisorOutcome {
        let score = input.report.flatMap(AttemptScore.meanBlockingScore)
        var plan: DecisionPlan
        if let failure = input.engine?.failure {
            plan = engineFailurePlan(failure, input: input)
        } else if let report = input.report, !report.gates.isEmpty {
            plan = reportPlan(report, input: input)
            plan = PoseAudit.apply(to: plan, input: input)
            plan = AdvisorRule.apply(to: plan, input: input)
            plan = enforceBudget(plan, input: input)
        } else {
            plan = DecisionPlan(action: .escalateUser, reasoning: "No QC report for this attempt.", targetStage: input.stage)
            plan.escalate(.artifactMissing, because: "Without a report nothing can be judged; failing closed.")
        }
        return SupervisorOutcome(
            decision: ProductionDecision(jobID: input.jobID, attemptID: input.attemptID, decision: decision(from: plan, input: input)),
            escalation: plan.action == .escalateUser
                ? EscalationBuilder.escalation(for: plan, input: input, currentScore: score) : nil,
            poseRetry: plan.poseRetry,
            score: score)
    }

    /// SPEC §5.1: a failed engine is retried while the budget lasts; the same budget as QC failures.
    static func engineFailurePlan(_ failure: EngineFailure, input: SupervisorInput) -> DecisionPlan {
        var plan = DecisionPlan(action: .retryStage, reasoning: "Attempt failed before QC: \(failure).", targetStage: input.stage)
        if case .invalidInput = failure {
            // Retrying the same parameters cannot help (SPEC §5.1): a person must change the input.
            plan.escalate(.contractViolation, because: "Not retried: the same input would be refused again.")
        } else if !input.budgetAllowsRetry {
            plan.escalate(failure.exhaustedReason, because: budgetExhaustedSentence(input))
        } else {
            plan.reasoning.append("Retrying \(input.stage.map { "stage \($0.rawValue)" } ?? "the stage") (\(input.stageAttempts) of \(input.maxRetries + 1) attempts used).")
        }
        return plan
    }

    /// SPEC §5.2: start from the report's recommendation and fill in what the action needs.
    static func reportPlan(_ report: QCReport, input: SupervisorInput) -> DecisionPlan {
        let failing = report.failingBlockingGates
        let recommended = report.overall.recommendedAction
        let summary = failing.isEmpty
            ? "All \(report.gates.filter(\.blocking).count) blocking gates passed."
            : "Failing blocking gates: \(failing.map { "\($0.gateID) (\($0.status.rawValue))" }.joined(separator: ", "))."
        var plan = DecisionPlan(action: recommended, reasoning: "\(summary) QC recommends \(recommended.rawValue).")
        switch recommended {
        case .proceed:
            break
        case .retryStage:
            plan.targetStage = RepairPlanner.retryTarget(failing: failing, current: input.stage)
            RepairPlanner.applyPreset(to: &plan, failing: failing, policy: input.policy)
        case .switchPolicy:
            plan.targetStage = RepairPlanner.retryTarget(failing: failing, current: input.stage)
            RepairPlanner.applySwitch(to: &plan, failing: failing, input: input)
        case .escalateUser:
            plan.targetStage = input.stage
            plan.escalationReason = EscalationBuilder.reason(forQCFailures: failing)
        case .abort:
            plan.targetStage = input.stage
            plan.reasoning.append("The job ends here (ABORT).")
        }
        return plan
    }

    /// A retry that the budget does not allow becomes an escalation naming the best attempt.
    static func enforceBudget(_ plan: DecisionPlan, input: SupervisorInput) -> DecisionPlan {
        guard plan.action.isRetry, !input.budgetAllowsRetry else { return plan }
        var exhausted = plan
        exhausted.targetStage = input.stage
        exhausted.policyOverrides = ProductionDecision.PolicyOverrides()
        exhausted.poseRetry = false
        exhausted.escalate(.retryBudgetExceeded, because: budgetExhaustedSentence(input))
        return exhausted
    }

    static func budgetExhaustedSentence(_ input: SupervisorInput) -> String {
        if let cap = input.maxJobAttempts, input.jobAttempts >= cap {
            return "Retry budget exhausted: the job has used \(input.jobAttempts) of \(cap) attempts."
        }
        return "Retry budget exhausted: \(input.stage.map { "stage \($0.rawValue)" } ?? "this stage") has used \(input.stageAttempts) of \(input.maxRetries + 1) attempts (max_retries \(input.maxRetries))."
    }

    /// An escalation for a fault found while working a job, outside any decision (SPEC §6.1 failure isolation):
    /// a workflow that lost a stage, a corrupt store row, a failed write or copy. CONTRACT_VIOLATION; the answers are
    /// a retry (after fixing what `summary` names) or ABORT.
    public static func faultEscalation(
        jobID: String, attemptID: String, stage: StageName?, now: String, summary: String
    ) -> UserActionRequired {
        let id = EscalationBuilder.escalationID(jobID: jobID, attemptID: attemptID)
        return UserActionRequired(
            jobID: jobID, reason: .contractViolation, requiredArtifact: "a fix for: \(summary)",
            expectedFormat: "the file or setting the summary names, corrected", thresholdFailed: nil,
            exampleFix: "Fix it, then: gaffer escalations resolve \(id) --action RETRY_STAGE (or --action ABORT)",
            escalationTS: now, escalationID: id, stage: stage, attemptID: attemptID, evidence: .init(),
            allowedResponses: [.retryStage, .abort], bestAttemptID: nil, cause: .contractViolation, summary: summary)
    }

    static func decision(from plan: DecisionPlan, input: SupervisorInput) -> ProductionDecision.Decision {
        ProductionDecision.Decision(
            action: plan.action, reasoning: plan.reasoning.joined(separator: " "), targetStage: plan.targetStage,
            workflowProfile: plan.workflowProfile, policyOverrides: plan.policyOverrides,
            parameterAdjustments: plan.parameterAdjustments, escalationReason: plan.escalationReason,
            advisor: plan.advisor, budget: input.budget)
    }
}
