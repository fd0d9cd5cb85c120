import GafferContracts
import GafferQC
import GafferSupervisor

/// A small policy with one gate per routing case, and reports made by the real evaluator.
enum Fixtures {
    static let now = "2026-11-21T12:00:00Z"

    static let policy = QCPolicy(
        policyID: "supervisor-test",
        gates: [
            QCGate(gateID: "identity_gate", metric: "identity", dimension: .identity, threshold: 0.7, severity: .high, failureAction: .retryStage, targetStage: .frame),
            QCGate(gateID: "motion_gate", metric: "motion", dimension: .motion, threshold: 0.7, failureAction: .retryStage, targetStage: .motion),
            QCGate(gateID: "costume_gate", metric: "costume", dimension: .costume, threshold: 1, severity: .critical, repairable: false, failureAction: .escalateUser, targetStage: .artifact),
            QCGate(gateID: "black_gate", metric: "black_ratio", threshold: 0.05, repairable: false, failureAction: .retryStage, targetStage: .video, direction: .max),
            QCGate(gateID: "style_gate", metric: "style", threshold: 0.5, failureAction: .switchPolicy, targetStage: .frame),
            QCGate(gateID: "fatal_gate", metric: "fatal", threshold: 0.5, failureAction: .abort, targetStage: .video),
        ],
        failureClassification: FailureClassification(classes: [
            FailureClass(classID: "identity_drift", metrics: ["identity"], action: .retryStage),
            FailureClass(classID: "pose_mismatch", metrics: ["motion"], action: .retryStage),
        ]),
        workflowPresets: WorkflowPresets(classToPreset: [
            PresetRow(classID: "identity_drift", presetID: "identity_safe_v1", workflowID: "comfy_identity_safe_v1", parameterOverrides: ["identity_weight": 0.9]),
            PresetRow(classID: "pose_mismatch", presetID: "motion_safe_v1", workflowID: "comfy_motion_safe_v1", parameterOverrides: ["pose_weight": 0.95]),
        ]),
        advisoryMode: AdvisoryMode(enabled: true, allowedActions: [.retryStage, .escalateUser]),
        authorityTrial: AuthorityTrial(enabled: true, allowedActions: [.retryStage, .switchPolicy], rollbackAction: .escalateUser))

    static let healthy: [String: JSONValue] = [
        "identity": 0.9, "motion": 0.9, "costume": true, "black_ratio": 0, "style": 0.9, "fatal": 0.9,
    ]

    static func report(_ changes: [String: JSONValue] = [:], removing: [String] = [], policy: QCPolicy = policy) -> QCReport {
        var metrics = healthy.merging(changes) { _, new in new }
        for name in removing { metrics.removeValue(forKey: name) }
        return QCEvaluator.evaluate(
            policy: policy, metrics: metrics,
            context: ReportContext(jobID: "job-000001", attemptID: "run-0003", generatedAt: now))
    }

    static func input(
        _ report: QCReport?, stage: StageName = .motion, engine: EngineOutcome? = nil, pose: PoseObservation? = nil,
        history: [AttemptLineage.Entry] = [], stageAttempts: Int = 1, maxRetries: Int = 2, maxJobAttempts: Int? = nil,
        registry: WorkflowRegistry? = nil, currentWorkflow: String? = nil, advice: AdvisorAdvice? = nil,
        consent: Bool = false
    ) -> SupervisorInput {
        SupervisorInput(
            jobID: "job-000001", attemptID: "run-0003", stage: stage, now: now, policy: policy, report: report,
            engine: engine, pose: pose, history: history, stageAttempts: stageAttempts,
            jobAttempts: history.count + 1, maxRetries: maxRetries, maxJobAttempts: maxJobAttempts,
            registry: registry, currentWorkflow: currentWorkflow, advice: advice, authorityTrialConsent: consent,
            outputs: ["logs/job-000001/attempts/run-0003/motion.mp4"])
    }

    static func attempt(_ id: String, stage: StageName = .motion, action: Action = .retryStage, score: Double? = nil, profile: String? = nil, poseRetry: Bool? = nil) -> AttemptLineage.Entry {
        AttemptLineage.Entry(attemptID: id, stage: stage, decisionAction: action, score: score, workflowProfile: profile, poseRetry: poseRetry)
    }
}
