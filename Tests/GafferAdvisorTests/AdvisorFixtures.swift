import Foundation
import GafferContracts
import GafferLoop
import GafferQC
import GafferSupervisor
import GafferTestSupport

@testable import GafferAdvisor

/// The original's authority-trial policy (translated, `policies/qc_policy.authority_trial.v1.json`), a failing
/// report made by the real evaluator, and the supervisor's input around it.
enum AdvisorFixtures {
    static let now = "2026-12-01T12:00:00Z"

    static func policy() throws -> QCPolicy {
        let path = RepositoryPaths.path("policies/qc_policy.authority_trial.v1.json")
        return try ContractDecoder.policy(from: try Data(contentsOf: URL(fileURLWithPath: path)), source: path)
    }

    static let registry = WorkflowRegistry(workflows: [
        .init(workflowID: "demo_v1", engine: "process", relpath: "workflows/demo_v1.yaml", tags: ["demo"]),
        .init(workflowID: "comfy_identity_safe_v1", engine: "comfyui", relpath: "workflows/comfy_identity_safe_v1.json", tags: ["identity", "hero_safe"]),
    ])

    /// Temporal stability 0.52 against 0.7: the deterministic action is RETRY_STAGE (motion).
    static func input(stageAttempts: Int = 1, consent: Bool = false, temporal: Double = 0.52) throws -> SupervisorInput {
        let policy = try policy()
        let report = QCEvaluator.evaluate(
            policy: policy, metrics: ["identity_consistency": 0.9, "temporal_stability": .number(temporal)],
            context: ReportContext(jobID: "job-advisor-01", attemptID: "run-0002", generatedAt: now))
        return SupervisorInput(
            jobID: "job-advisor-01", attemptID: "run-0002", stage: "motion", now: now, policy: policy, report: report,
            history: [AttemptLineage.Entry(attemptID: "run-0001", stage: "motion", decisionAction: .retryStage, decisionReason: "temporal 0.48", score: 0.48)],
            stageAttempts: stageAttempts, jobAttempts: stageAttempts, registry: registry, currentWorkflow: "demo_v1",
            authorityTrialConsent: consent)
    }

    /// Asks `advisor` as the loop would, and decides with its advice.
    static func decide(_ input: SupervisorInput, asking advisor: any Advisor) async -> (SupervisorOutcome, AdvisorRequest) {
        var input = input
        let deterministic = Supervisor.decide(input)
        let request = AdvisorRequest.make(for: input, deterministic: deterministic, promptVersion: advisor.promptVersion)!
        input.advice = await advisor.advise(request)
        return (Supervisor.decide(input), request)
    }
}
