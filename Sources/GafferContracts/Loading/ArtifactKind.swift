/// Every kind of JSON document Gaffer reads or writes, and the schema that governs it.
public enum ArtifactKind: String, CaseIterable, Sendable {
    case qcPolicy = "qc_policy.v1"
    case qcReport = "qc_report.v1"
    case productionMetrics = "production_metrics.v1"
    case productionDecision = "production_decision.v1"
    case userActionRequired = "user_action_required.v1"
    case handoffRegistry = "handoff_registry.v1"
    case workflowRegistry = "workflow_registry.v1"
    case job = "job.v1"
    case jobState = "job_state.v1"
    case attemptLineage = "attempt_lineage.v1"
    case smokeScenario = "smoke_scenario.v1"
    /// An advisor's proposal (SPEC §5.4).
    case advisorProposal = "advisor_proposal.v1"
    /// The original system's metrics file (`{"metrics": {"<name>": {"score": n}}}`).
    case recastQualityReport = "recast_quality_report.v1"
    /// The original system's costume report (`{"pass": bool}`): a metric source for `costume_fidelity`.
    case costumeFidelity = "costume_fidelity.v1"
    /// The original system's attempt record: read as the history of `gaffer decide` (SPEC §14).
    case retryAttemptLineage = "retry_attempt_lineage.v1"
    /// A workflow definition (YAML in `workflows/`).
    case workflow = "workflow.v1"
    /// A job's quality target (`quality_target.relpath`): thresholds that replace the policy's (SPEC §3.7).
    case qualityTarget = "quality_target.v1"
    /// A job's continuity pack (`continuity_pack.relpath`): its rules say whether costume fidelity is gated (SPEC §3.1).
    case continuityPack = "episode_continuity_pack.v1"

    public var schemaFileName: String { "\(rawValue).schema.json" }

    /// Tells the kind of a document from its `version` field, its shape, or its file name.
    ///
    /// The original's `production_*` files carry version `"1.0"`, so those are told apart by shape.
    public static func detect(_ value: JSONValue, fileName: String) -> ArtifactKind? {
        if let version = value["version"]?.stringValue {
            if version == ProductionDecision.version {
                if value["decision"] != nil { return .productionDecision }
                if value["visual_metrics"] != nil { return .productionMetrics }
                // The original's workflow registry says "1.0" too.
                if value["workflows"]?.arrayValue != nil { return .workflowRegistry }
                return nil
            }
            if let kind = ArtifactKind(rawValue: version), kind != .job { return kind }
        }
        if fileName.hasSuffix(".job.json") || fileName == "job.json" { return .job }
        // The original's job files carry no version and any name (`*.smoke.json`, `job.v1.*.example.json`): a
        // document with a `job_id` and no `version` is a job (SPEC §3.7).
        if value["version"] == nil, value["job_id"]?.stringValue != nil, value["metrics"] == nil { return .job }
        if fileName.hasPrefix("costume_fidelity"), value["pass"] != nil { return .costumeFidelity }
        if value["metrics"]?.objectValue != nil { return .recastQualityReport }
        return nil
    }
}
