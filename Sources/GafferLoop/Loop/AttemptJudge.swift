import GafferContracts
import GafferQC
import GafferStore
import GafferSupervisor

/// The pure part of deciding an attempt (SPEC §4.1, §5): QC at the gates placed on its stage, the supervisor's
/// input built from the job's earlier attempts, and a retry sent where the placement says. The loop judges a fresh
/// attempt with it; `gaffer replay` judges a recorded one again under another policy — one rule for both.
struct AttemptJudge: Sendable {
    let policy: QCPolicy
    let placement: GatePlacement
    let workflow: Workflow
    let job: Job
    let registry: WorkflowRegistry?
    /// The run's cap on retries of a stage (nil: the policy's `max_retries_default`).
    let maxRetries: Int?
    let maxJobAttempts: Int?
    let authorityTrialConsent: Bool

    /// The QC report of an attempt whose engine succeeded, at the gates its stage evaluates; nil when the engine
    /// failed or no gate is placed there.
    func report(stage: StageName, metrics: [String: JSONValue], engineFailed: Bool, context: ReportContext) -> QCReport? {
        let gateIDs = placement.gates(for: stage)
        guard !engineFailed, !gateIDs.isEmpty else { return nil }
        return QCEvaluator.evaluate(
            policy: policy, metrics: metrics, jobThresholds: job.qualityThresholds, stage: stage, gateIDs: gateIDs,
            job: job.raw, context: context)
    }

    /// The decision when the engine succeeded and no gate is placed on the stage: proceed.
    func ungated(stage: StageName, jobID: String, attemptID: String) -> SupervisorOutcome? {
        guard placement.gates(for: stage).isEmpty else { return nil }
        let decision = ProductionDecision(jobID: jobID, attemptID: attemptID, decision: .init(
            action: .proceed,
            reasoning: "No gate of policy \(policy.policyID) is placed on stage \(stage) (the last stage evaluates every blocking gate left); the engine succeeded."))
        return SupervisorOutcome(decision: decision, escalation: nil, poseRetry: false, score: nil)
    }

    /// What the supervisor weighs. `earlier` are the job's other attempts (any order); those at or below
    /// `budgetFloor` (a budget reset) and those that did not count take no part in the budget.
    func input(
        jobID: String, attemptID: String, number: Int, stage: StageName, now: String, report: QCReport?, engine: EngineOutcome,
        pose: PoseObservation?, earlier: [AttemptRecord], budgetFloor: Int, outputs: [String] = [], thumbnails: [String] = [],
        logTail: [String] = []
    ) -> SupervisorInput {
        let counted = earlier.filter { $0.counts && $0.attemptID != attemptID && $0.number < number }.sorted { $0.number < $1.number }
        let sinceFloor = counted.filter { $0.number > budgetFloor }
        return SupervisorInput(
            jobID: jobID, attemptID: attemptID, stage: stage, now: now, policy: policy, report: report, engine: engine,
            pose: pose, history: sinceFloor.map { $0.lineageEntry() },
            stageAttempts: sinceFloor.filter { $0.stage == stage }.count + 1, jobAttempts: counted.count + 1,
            maxRetries: maxRetries, maxJobAttempts: maxJobAttempts, registry: registry, currentWorkflow: workflow.workflowID,
            authorityTrialConsent: authorityTrialConsent, outputs: outputs, thumbnails: thumbnails, logTail: logTail,
            outputSound: engine.failure == nil)
    }

    /// The supervisor's outcome with a retry sent where the failing gate's placement says (SPEC §4.1), which may
    /// not be its policy `target_stage`.
    func settled(_ outcome: SupervisorOutcome, report: QCReport?, stage: StageName) -> SupervisorOutcome {
        var outcome = outcome
        guard outcome.decision.decision.action.isRetry else { return outcome }
        let decision = outcome.decision.decision
        outcome.decision.decision.targetStage = report?.failingBlockingGates.first.flatMap { placement.retryStage(forGate: $0.gateID) }
            ?? decision.targetStage.flatMap { workflow.stage(named: $0)?.name } ?? stage
        return outcome
    }
}
