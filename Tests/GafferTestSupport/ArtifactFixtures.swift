import Foundation
import GafferContracts

/// Documents that end-to-end tests hand to `gaffer`: the shipped policy, metrics with chosen
/// scores, attempt histories. One place, so every test builds them the same way.
public enum ArtifactFixtures {
    /// The default policy, `policies/qc_policy.v1.json`.
    public static let defaultPolicyPath = RepositoryPaths.path("policies/qc_policy.v1.json")

    /// SPEC §4's passing baseline: all eight default metrics at 0.95, `costume_fidelity` true.
    public static let healthyScores: [String: JSONValue] = [
        "identity_consistency": 0.95, "mask_edge_bleed": 0.95, "temporal_stability": 0.95, "loop_seam": 0.95,
        "audio_video": 0.95, "costume_fidelity": true, "background_stability": 0.95, "identity_drift": 0.95,
    ]

    /// `healthyScores` with some scores replaced and some metrics removed.
    public static func scores(changing changes: [String: JSONValue] = [:], removing removed: [String] = []) -> [String: JSONValue] {
        var scores = healthyScores.merging(changes) { _, new in new }
        for name in removed { scores.removeValue(forKey: name) }
        return scores
    }

    /// A `production_metrics.v1` document carrying `scores` as its `quality_metrics`.
    public static func productionMetrics(
        _ scores: [String: JSONValue], jobID: String = "job-e2e-000001", attemptID: String = "run-0001",
        stage: String? = nil, poseDetectionRatio: Double? = nil
    ) -> JSONValue {
        var document: [String: JSONValue] = [
            "version": "1.0", "job_id": .string(jobID), "attempt_id": .string(attemptID),
            "ts": "2026-02-18T00:00:00Z", "visual_metrics": [:], "quality_metrics": .object(scores),
        ]
        if let stage { document["stage"] = .string(stage) }
        if let poseDetectionRatio {
            document["visual_metrics"] = ["feline_detected": ["present": true, "pose_detection_ratio": .number(poseDetectionRatio)]]
        }
        return .object(document)
    }

    /// An `attempt_lineage.v1` document with the given entries (each an object as the schema has it).
    /// A job whose continuity pack (given resolved, inline) requires costume fidelity: the costume gate applies.
    public static func costumeRequiredJob(jobID: String = "job-e2e-000001") -> JSONValue {
        ["job_id": .string(jobID), "continuity_pack": ["version": "episode_continuity_pack.v1", "rules": ["require_costume_fidelity": true]]]
    }

    public static func lineage(jobID: String = "job-e2e-000001", attempts: [JSONValue]) -> JSONValue {
        ["version": "attempt_lineage.v1", "job_id": .string(jobID), "updated_at": "2026-02-18T00:00:00Z", "attempts": .array(attempts)]
    }

    /// One lineage entry.
    public static func lineageEntry(
        _ attemptID: String, stage: String, score: Double?, action: Action? = .retryStage
    ) -> JSONValue {
        var entry: [String: JSONValue] = ["attempt_id": .string(attemptID), "stage": .string(stage)]
        entry["score"] = score.map(JSONValue.number) ?? .null
        if let action { entry["decision_action"] = .string(action.rawValue) }
        return .object(entry)
    }

    /// A small valid policy with one gate on `metric`, whose failure carries `action`, and no classes.
    public static func singleGatePolicy(
        metric: String = "custom_metric", threshold: Double = 0.5, action: Action, stage: String = "video"
    ) -> JSONValue {
        [
            "version": "qc_policy.v1", "policy_id": .string("single-gate-\(action.rawValue.lowercased())"),
            "generated_at": "2026-02-18T00:00:00Z", "max_retries_default": 2,
            "default_action_on_missing_report": "ESCALATE_USER",
            "gates": [[
                "gate_id": .string("\(metric)_gate"), "metric": .string(metric), "dimension": "technical",
                "threshold": .number(threshold), "severity": "HIGH", "repairable": true,
                "failure_action": .string(action.rawValue), "target_stage": .string(stage),
            ]],
            "routing": [
                "failure_action_priority": ["ABORT", "ESCALATE_USER", "RETRY_STAGE", "SWITCH_POLICY", "PROCEED"],
                "fallback_action": "ESCALATE_USER",
            ],
        ]
    }
}
