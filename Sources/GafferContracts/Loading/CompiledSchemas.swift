// Generated from shared/*.schema.json by the schema compiler (Tests/GafferContractsTests/CompiledSchemaSource.swift).
// Do not edit by hand: python3 scripts/embed-schemas.py rewrites it. When SchemaKeywords changes shape and this file
// no longer compiles, empty the switch (`default: nil`) and run the script.

/// Each bundled schema's node table, compiled ahead of time: a command validates without parsing or compiling a
/// schema. A test proves every table equals what `SchemaCompiler` makes of the bundled text.
enum CompiledSchemas {
    static func nodes(forSchemaFile name: String) -> [SchemaNode]? {
        switch name {
        case "advisor_proposal.v1.schema.json": advisorProposalV1()
        case "attempt_lineage.v1.schema.json": attemptLineageV1()
        case "costume_fidelity.v1.schema.json": costumeFidelityV1()
        case "episode_continuity_pack.v1.schema.json": episodeContinuityPackV1()
        case "handoff_registry.v1.schema.json": handoffRegistryV1()
        case "job.v1.schema.json": jobV1()
        case "job_state.v1.schema.json": jobStateV1()
        case "production_decision.v1.schema.json": productionDecisionV1()
        case "production_metrics.v1.schema.json": productionMetricsV1()
        case "qc_policy.v1.schema.json": qcPolicyV1()
        case "qc_report.v1.schema.json": qcReportV1()
        case "quality_target.v1.schema.json": qualityTargetV1()
        case "recast_quality_report.v1.schema.json": recastQualityReportV1()
        case "retry_attempt_lineage.v1.schema.json": retryAttemptLineageV1()
        case "smoke_scenario.v1.schema.json": smokeScenarioV1()
        case "user_action_required.v1.schema.json": userActionRequiredV1()
        case "workflow.v1.schema.json": workflowV1()
        case "workflow_registry.v1.schema.json": workflowRegistryV1()
        default: nil
        }
    }

    private static func advisorProposalV1() -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(10)
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["action": 1, "parameter_adjustments": 3, "reasoning": 5, "target_stage": 6, "version": 7, "workflow_profile": 8], additionalProperties: 9, required: ["action", "reasoning"])))  // 0
        nodes.append(.reference(2))  // 1
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("PROCEED"), .string("RETRY_STAGE"), .string("SWITCH_POLICY"), .string("ESCALATE_USER"), .string("ABORT")])))  // 2
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 4)))  // 3
        nodes.append(.keywords(SchemaKeywords(types: [.number])))  // 4
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 5
        nodes.append(.keywords(SchemaKeywords(types: [.string, .null], pattern: SchemaPattern.bundled("^[a-z][a-z0-9_]{0,31}$"))))  // 6
        nodes.append(.keywords(SchemaKeywords(constValue: .string("advisor_proposal.v1"))))  // 7
        nodes.append(.keywords(SchemaKeywords(types: [.string, .null])))  // 8
        nodes.append(.nothing)  // 9
        return nodes
    }

    private static func attemptLineageV1() -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(22)
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["attempts": 1, "job_id": 18, "updated_at": 19, "version": 20], additionalProperties: 21, required: ["version", "job_id", "updated_at", "attempts"])))  // 0
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(2))))  // 1
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["artifacts": 3, "attempt_id": 5, "decision_action": 6, "decision_reason": 8, "outcome": 9, "pose_retry": 10, "resolution": 11, "score": 12, "source_attempt_id": 13, "stage": 14, "started_at": 15, "workflow_profile": 16], additionalProperties: 17, required: ["attempt_id", "stage"])))  // 2
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 4)))  // 3
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 4
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^run-[0-9]{4,}$"))))  // 5
        nodes.append(.reference(7))  // 6
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("PROCEED"), .string("RETRY_STAGE"), .string("SWITCH_POLICY"), .string("ESCALATE_USER"), .string("ABORT")])))  // 7
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 8
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 9
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 10
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 11
        nodes.append(.keywords(SchemaKeywords(types: [.number, .null])))  // 12
        nodes.append(.keywords(SchemaKeywords(types: [.string, .null])))  // 13
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z][a-z0-9_]{0,31}$"))))  // 14
        nodes.append(.keywords(SchemaKeywords(types: [.string], format: .dateTime)))  // 15
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 16
        nodes.append(.nothing)  // 17
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 18
        nodes.append(.keywords(SchemaKeywords(types: [.string], format: .dateTime)))  // 19
        nodes.append(.keywords(SchemaKeywords(constValue: .string("attempt_lineage.v1"))))  // 20
        nodes.append(.nothing)  // 21
        return nodes
    }

    private static func costumeFidelityV1() -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(5)
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["job_id": 1, "pass": 2, "version": 3], additionalProperties: 4, required: ["pass"])))  // 0
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 1
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 2
        nodes.append(.keywords(SchemaKeywords(constValue: .string("costume_fidelity.v1"))))  // 3
        nodes.append(.anything)  // 4
        return nodes
    }

    private static func episodeContinuityPackV1() -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(7)
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["pack_id": 1, "rules": 2, "version": 5], additionalProperties: 6, required: ["version"])))  // 0
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 1
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["require_costume_fidelity": 3], additionalProperties: 4)))  // 2
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 3
        nodes.append(.anything)  // 4
        nodes.append(.keywords(SchemaKeywords(constValue: .string("episode_continuity_pack.v1"))))  // 5
        nodes.append(.anything)  // 6
        return nodes
    }

    private static func handoffRegistryV1() -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(15)
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["entries": 1, "updated_at": 12, "version": 13], additionalProperties: 14, required: ["version", "updated_at", "entries"])))  // 0
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(2))))  // 1
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["author": 3, "job_id": 4, "lane": 5, "niche": 6, "platform": 7, "platform_post_id": 8, "post_url": 9, "posted_at": 10], additionalProperties: 11, required: ["job_id", "platform", "post_url", "posted_at"])))  // 2
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 3
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 4
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 5
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 6
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z0-9][a-z0-9_-]{0,31}$"))))  // 7
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 8
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[Hh][Tt][Tt][Pp][Ss]?://[^/?#\\s]+"), format: .uri)))  // 9
        nodes.append(.keywords(SchemaKeywords(types: [.string], format: .dateTime)))  // 10
        nodes.append(.nothing)  // 11
        nodes.append(.keywords(SchemaKeywords(types: [.string], format: .dateTime)))  // 12
        nodes.append(.keywords(SchemaKeywords(constValue: .string("handoff_registry.v1"))))  // 13
        nodes.append(.nothing)  // 14
        return nodes
    }

    private static func jobV1() -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(16)
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["audio": 1, "job_id": 3, "lane": 4, "params": 5, "platforms": 6, "qc_policy": 8, "quality_target": 9, "workflow": 14], additionalProperties: 15, required: ["job_id"])))  // 0
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["mode": 2], required: ["mode"])))  // 1
        nodes.append(.keywords(SchemaKeywords(enumValues: [.string("platform_trending"), .string("licensed_pack"), .string("original_pack"), .string("none")])))  // 2
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z0-9][a-z0-9-]{5,63}$"))))  // 3
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 4
        nodes.append(.keywords(SchemaKeywords(types: [.object])))  // 5
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(7), uniqueItems: true)))  // 6
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 7
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1, pattern: SchemaPattern.bundled("^[^/].*$"))))  // 8
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["relpath": 10, "thresholds": 11], additionalProperties: 13)))  // 9
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 10
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 12)))  // 11
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0, maximum: 1.0)))  // 12
        nodes.append(.anything)  // 13
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z0-9][a-z0-9_.-]*$"))))  // 14
        nodes.append(.anything)  // 15
        return nodes
    }

    private static func jobStateV1() -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(12)
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["attempt_id": 1, "error": 2, "job_id": 3, "pointers": 4, "reason": 6, "stage": 7, "state": 8, "updated_at": 9, "version": 10], additionalProperties: 11, required: ["version", "job_id", "state", "updated_at", "pointers"])))  // 0
        nodes.append(.keywords(SchemaKeywords(types: [.string, .null])))  // 1
        nodes.append(.keywords(SchemaKeywords(types: [.string, .null])))  // 2
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 3
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 5)))  // 4
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 5
        nodes.append(.keywords(SchemaKeywords(types: [.string, .null])))  // 6
        nodes.append(.keywords(SchemaKeywords(types: [.string, .null])))  // 7
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("DISCOVERED"), .string("VALIDATED"), .string("RUNNING"), .string("COMPLETED"), .string("POSTED"), .string("ESCALATED"), .string("AWAITING_APPROVAL"), .string("PAUSED"), .string("ABORTED"), .string("INVALID")])))  // 8
        nodes.append(.keywords(SchemaKeywords(types: [.string], format: .dateTime)))  // 9
        nodes.append(.keywords(SchemaKeywords(constValue: .string("job_state.v1"))))  // 10
        nodes.append(.nothing)  // 11
        return nodes
    }

    private static func productionDecisionV1() -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(50)
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["attempt_id": 1, "decision": 2, "job_id": 47, "version": 48], additionalProperties: 49, required: ["version", "job_id", "attempt_id", "decision"])))  // 0
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 1
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["action": 3, "advisor": 5, "budget": 26, "escalation_reason": 31, "parameter_adjustments": 32, "policy_overrides": 34, "reasoning": 42, "target_lane": 43, "target_stage": 44, "workflow_profile": 45], additionalProperties: 46, required: ["action", "reasoning"])))  // 2
        nodes.append(.reference(4))  // 3
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("PROCEED"), .string("RETRY_STAGE"), .string("SWITCH_POLICY"), .string("ESCALATE_USER"), .string("ABORT")])))  // 4
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["deterministic_action": 6, "latency_seconds": 7, "model": 8, "note": 9, "outcome": 10, "proposal": 11, "proposed_action": 20, "raw": 21, "source": 22, "tokens_in": 23, "tokens_out": 24], additionalProperties: 25, required: ["source", "deterministic_action", "outcome"])))  // 5
        nodes.append(.reference(4))  // 6
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0)))  // 7
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 8
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 9
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("recorded"), .string("taken"), .string("rolled_back"), .string("rejected"), .string("unavailable")])))  // 10
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["action": 12, "parameter_adjustments": 13, "reasoning": 15, "target_stage": 16, "version": 17, "workflow_profile": 18], additionalProperties: 19, required: ["action", "reasoning"])))  // 11
        nodes.append(.reference(4))  // 12
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 14)))  // 13
        nodes.append(.keywords(SchemaKeywords(types: [.number])))  // 14
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 15
        nodes.append(.keywords(SchemaKeywords(types: [.string, .null], pattern: SchemaPattern.bundled("^[a-z][a-z0-9_]{0,31}$"))))  // 16
        nodes.append(.keywords(SchemaKeywords(constValue: .string("advisor_proposal.v1"))))  // 17
        nodes.append(.keywords(SchemaKeywords(types: [.string, .null])))  // 18
        nodes.append(.nothing)  // 19
        nodes.append(.reference(4))  // 20
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 21
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 22
        nodes.append(.keywords(SchemaKeywords(types: [.integer], minimum: 0.0)))  // 23
        nodes.append(.keywords(SchemaKeywords(types: [.integer], minimum: 0.0)))  // 24
        nodes.append(.nothing)  // 25
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["job_attempts": 27, "max_retries": 28, "stage_attempts": 29], additionalProperties: 30, required: ["stage_attempts", "max_retries", "job_attempts"])))  // 26
        nodes.append(.keywords(SchemaKeywords(types: [.integer], minimum: 0.0)))  // 27
        nodes.append(.keywords(SchemaKeywords(types: [.integer], minimum: 0.0)))  // 28
        nodes.append(.keywords(SchemaKeywords(types: [.integer], minimum: 0.0)))  // 29
        nodes.append(.nothing)  // 30
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("ARTIFACT_MISSING"), .string("ARTIFACT_CORRUPTED"), .string("CONTRACT_VIOLATION"), .string("IDENTITY_CONFLICT"), .string("LOW_CONFIDENCE_DETECTION"), .string("RETRY_BUDGET_EXCEEDED")])))  // 31
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 33)))  // 32
        nodes.append(.keywords(SchemaKeywords(types: [.number])))  // 33
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["fps_strategy": 35, "max_frames_override": 36, "motion_intensity": 37, "pose_coverage_threshold": 38, "queue_management": 39, "resolution_policy": 40], additionalProperties: 41)))  // 34
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("preserve"), .string("resample"), .string("reduce")])))  // 35
        nodes.append(.keywords(SchemaKeywords(types: [.integer], minimum: 1.0, maximum: 256.0)))  // 36
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("low"), .string("medium"), .string("high")])))  // 37
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0, maximum: 1.0)))  // 38
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("NORMAL"), .string("CLEAR_STALE_ITEMS"), .string("INTERRUPT_ACTIVE")])))  // 39
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("letterbox"), .string("crop_center"), .string("pad_reflect")])))  // 40
        nodes.append(.nothing)  // 41
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 42
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 43
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z][a-z0-9_]{0,31}$"))))  // 44
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 45
        nodes.append(.nothing)  // 46
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 47
        nodes.append(.keywords(SchemaKeywords(constValue: .string("1.0"))))  // 48
        nodes.append(.nothing)  // 49
        return nodes
    }

    private static func productionMetricsV1() -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(53)
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["attempt_id": 1, "engine_metrics": 2, "is_hallucination": 17, "job_id": 18, "quality_gate_passed": 19, "quality_metrics": 20, "segments": 22, "stage": 29, "ts": 30, "version": 31, "visual_metrics": 32], additionalProperties: 52, required: ["version", "job_id", "attempt_id", "ts", "visual_metrics"])))  // 0
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 1
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["engine_id": 3, "engine_reported": 4, "execution_time_seconds": 5, "exit_code": 6, "failure_flags": 7, "memory_peak_mb": 9, "queue_wait_time_seconds": 10, "signal": 11, "stage_durations": 12, "stalled": 14, "timed_out": 15], additionalProperties: 16)))  // 2
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 3
        nodes.append(.keywords(SchemaKeywords(types: [.object])))  // 4
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0)))  // 5
        nodes.append(.keywords(SchemaKeywords(types: [.integer, .null])))  // 6
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(8))))  // 7
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 8
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0)))  // 9
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0)))  // 10
        nodes.append(.keywords(SchemaKeywords(types: [.integer, .null])))  // 11
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 13)))  // 12
        nodes.append(.keywords(SchemaKeywords(types: [.number])))  // 13
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 14
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 15
        nodes.append(.anything)  // 16
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 17
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 18
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 19
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 21)))  // 20
        nodes.append(.keywords(SchemaKeywords(types: [.number, .boolean, .null])))  // 21
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(23))))  // 22
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["end_seconds": 24, "kind": 25, "position": 26, "start_seconds": 27], additionalProperties: 28, required: ["kind", "start_seconds", "end_seconds", "position"])))  // 23
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0)))  // 24
        nodes.append(.keywords(SchemaKeywords(enumValues: [.string("black"), .string("freeze"), .string("silence")])))  // 25
        nodes.append(.keywords(SchemaKeywords(enumValues: [.string("leading"), .string("mid"), .string("trailing"), .string("whole")])))  // 26
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0)))  // 27
        nodes.append(.nothing)  // 28
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z][a-z0-9_]{0,31}$"))))  // 29
        nodes.append(.keywords(SchemaKeywords(types: [.string], format: .dateTime)))  // 30
        nodes.append(.keywords(SchemaKeywords(constValue: .string("1.0"))))  // 31
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["aspect_ratio": 33, "blur_score": 34, "feline_detected": 35, "human_detected": 41, "identity_similarity_score": 47, "image_resolution": 48, "motion_score": 49, "pose_score": 50], additionalProperties: 51)))  // 32
        nodes.append(.keywords(SchemaKeywords(types: [.number])))  // 33
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0, maximum: 1.0)))  // 34
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["confidence": 36, "pose_detection_ratio": 37, "pose_fallback_active": 38, "present": 39], additionalProperties: 40)))  // 35
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0, maximum: 1.0)))  // 36
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0, maximum: 1.0)))  // 37
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 38
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 39
        nodes.append(.anything)  // 40
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["confidence": 42, "pose_detection_ratio": 43, "pose_fallback_active": 44, "present": 45], additionalProperties: 46)))  // 41
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0, maximum: 1.0)))  // 42
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0, maximum: 1.0)))  // 43
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 44
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 45
        nodes.append(.anything)  // 46
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0, maximum: 1.0)))  // 47
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[0-9]+x[0-9]+$"))))  // 48
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0, maximum: 1.0)))  // 49
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0, maximum: 1.0)))  // 50
        nodes.append(.anything)  // 51
        nodes.append(.anything)  // 52
        return nodes
    }

    private static func qcPolicyV1() -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(73)
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["advisory_mode": 1, "authority_trial": 7, "default_action_on_missing_report": 13, "description": 14, "escalation_expiry": 15, "failure_classification": 19, "gates": 29, "generated_at": 52, "max_retries_default": 53, "policy_id": 54, "pose_coverage_threshold": 55, "routing": 56, "version": 61, "workflow_presets": 62], additionalProperties: 72, required: ["version", "policy_id", "gates", "routing"])))  // 0
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["allowed_actions": 2, "enabled": 5], additionalProperties: 6, required: ["enabled"])))  // 1
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(3), uniqueItems: true)))  // 2
        nodes.append(.reference(4))  // 3
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("PROCEED"), .string("RETRY_STAGE"), .string("SWITCH_POLICY"), .string("ESCALATE_USER"), .string("ABORT")])))  // 4
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 5
        nodes.append(.nothing)  // 6
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["allowed_actions": 8, "enabled": 10, "rollback_action": 11], additionalProperties: 12, required: ["enabled"])))  // 7
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(9), uniqueItems: true)))  // 8
        nodes.append(.reference(4))  // 9
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 10
        nodes.append(.reference(4))  // 11
        nodes.append(.nothing)  // 12
        nodes.append(.reference(4))  // 13
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 14
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["default_action": 16, "seconds": 17], additionalProperties: 18, required: ["seconds", "default_action"])))  // 15
        nodes.append(.reference(4))  // 16
        nodes.append(.keywords(SchemaKeywords(types: [.number], exclusiveMinimum: 0.0)))  // 17
        nodes.append(.nothing)  // 18
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["classes": 20], additionalProperties: 28, required: ["classes"])))  // 19
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(21))))  // 20
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["action": 22, "class_id": 23, "description": 24, "metrics": 25], additionalProperties: 27, required: ["class_id", "metrics", "action"])))  // 21
        nodes.append(.reference(4))  // 22
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 23
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 24
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(26), minItems: 1)))  // 25
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 26
        nodes.append(.nothing)  // 27
        nodes.append(.nothing)  // 28
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(30))))  // 29
        nodes.append(.reference(31))  // 30
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["applies_when": 32, "blocking": 40, "description": 41, "dimension": 42, "direction": 43, "failure_action": 44, "gate_id": 45, "metric": 46, "repairable": 47, "severity": 48, "target_stage": 49, "threshold": 50], additionalProperties: 51, required: ["gate_id", "metric", "threshold", "failure_action"])))  // 31
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["equals": 33, "exists": 34, "in": 35, "not_equals": 36, "not_in": 37, "pointer": 38], additionalProperties: 39, required: ["pointer"], maxProperties: 2)))  // 32
        nodes.append(.keywords(SchemaKeywords()))  // 33
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 34
        nodes.append(.keywords(SchemaKeywords(types: [.array], minItems: 1)))  // 35
        nodes.append(.keywords(SchemaKeywords()))  // 36
        nodes.append(.keywords(SchemaKeywords(types: [.array], minItems: 1)))  // 37
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^(/.*)?$"))))  // 38
        nodes.append(.nothing)  // 39
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 40
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 41
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 42
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("min"), .string("max")])))  // 43
        nodes.append(.reference(4))  // 44
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 45
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 46
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 47
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("LOW"), .string("MEDIUM"), .string("HIGH"), .string("CRITICAL")])))  // 48
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z][a-z0-9_]{0,31}$"))))  // 49
        nodes.append(.keywords(SchemaKeywords(types: [.number])))  // 50
        nodes.append(.nothing)  // 51
        nodes.append(.keywords(SchemaKeywords(types: [.string], format: .dateTime)))  // 52
        nodes.append(.keywords(SchemaKeywords(types: [.integer], minimum: 0.0)))  // 53
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 54
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0, maximum: 1.0)))  // 55
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["failure_action_priority": 57, "fallback_action": 59], additionalProperties: 60)))  // 56
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(58), uniqueItems: true)))  // 57
        nodes.append(.reference(4))  // 58
        nodes.append(.reference(4))  // 59
        nodes.append(.nothing)  // 60
        nodes.append(.keywords(SchemaKeywords(constValue: .string("qc_policy.v1"))))  // 61
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["class_to_preset": 63], additionalProperties: 71)))  // 62
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(64))))  // 63
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["class_id": 65, "parameter_overrides": 66, "preset_id": 68, "workflow_id": 69], additionalProperties: 70, required: ["class_id", "preset_id", "workflow_id"])))  // 64
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 65
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 67)))  // 66
        nodes.append(.keywords(SchemaKeywords(types: [.number])))  // 67
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 68
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 69
        nodes.append(.nothing)  // 70
        nodes.append(.nothing)  // 71
        nodes.append(.nothing)  // 72
        return nodes
    }

    private static func qcReportV1() -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(51)
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["attempt_id": 1, "gates": 2, "generated_at": 30, "inputs": 31, "job_id": 39, "overall": 40, "stage": 48, "version": 49], additionalProperties: 50, required: ["version", "job_id", "generated_at", "inputs", "gates", "overall"])))  // 0
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 1
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(3))))  // 2
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["applies": 4, "blocking": 5, "dimension": 6, "direction": 7, "effective_action": 8, "failure_action": 10, "failure_class": 11, "gate_id": 12, "metric": 13, "reason": 14, "repairable": 15, "score": 16, "severity": 17, "status": 18, "target_stage": 19, "threshold": 20, "waived": 21], additionalProperties: 29, required: ["gate_id", "metric", "dimension", "status", "severity", "repairable", "score", "threshold", "failure_action", "failure_class"])))  // 3
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 4
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 5
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 6
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("min"), .string("max")])))  // 7
        nodes.append(.reference(9))  // 8
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("PROCEED"), .string("RETRY_STAGE"), .string("SWITCH_POLICY"), .string("ESCALATE_USER"), .string("ABORT")])))  // 9
        nodes.append(.reference(9))  // 10
        nodes.append(.keywords(SchemaKeywords(types: [.string, .null])))  // 11
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 12
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 13
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("metric_missing"), .string("score_invalid"), .string("score_meets_threshold"), .string("score_below_threshold"), .string("score_critically_low"), .string("score_above_threshold"), .string("score_critically_high"), .string("not_applicable"), .string("not_required_by_continuity"), .string("costume_report_missing"), .string("costume_fidelity_failed"), .string("score_missing")])))  // 14
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 15
        nodes.append(.keywords(SchemaKeywords(types: [.number, .null])))  // 16
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("LOW"), .string("MEDIUM"), .string("HIGH"), .string("CRITICAL")])))  // 17
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("PASS"), .string("SOFT_FAIL"), .string("HARD_FAIL"), .string("UNKNOWN")])))  // 18
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z][a-z0-9_]{0,31}$"))))  // 19
        nodes.append(.keywords(SchemaKeywords(types: [.number])))  // 20
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["at": 22, "by": 23, "digest": 24, "gate_id": 25, "note": 26, "stage": 27], additionalProperties: 28, required: ["gate_id", "stage", "digest", "by", "note", "at"])))  // 21
        nodes.append(.keywords(SchemaKeywords(types: [.string], format: .dateTime)))  // 22
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 23
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[0-9a-f]{64}$"))))  // 24
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 25
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 26
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z][a-z0-9_]{0,31}$"))))  // 27
        nodes.append(.nothing)  // 28
        nodes.append(.nothing)  // 29
        nodes.append(.keywords(SchemaKeywords(types: [.string], format: .dateTime)))  // 30
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["costume_report_relpath": 32, "metrics": 33, "policy": 34, "qc_policy_relpath": 35, "quality_report_relpath": 36, "two_pass_orchestration_relpath": 37], additionalProperties: 38)))  // 31
        nodes.append(.keywords(SchemaKeywords(types: [.string, .null])))  // 32
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 33
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 34
        nodes.append(.keywords(SchemaKeywords(types: [.string, .null])))  // 35
        nodes.append(.keywords(SchemaKeywords(types: [.string, .null])))  // 36
        nodes.append(.keywords(SchemaKeywords(types: [.string, .null])))  // 37
        nodes.append(.nothing)  // 38
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 39
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["failed_failure_classes": 41, "failed_gate_ids": 43, "pass": 45, "recommended_action": 46], additionalProperties: 47, required: ["pass", "failed_gate_ids", "failed_failure_classes", "recommended_action"])))  // 40
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(42), uniqueItems: true)))  // 41
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 42
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(44))))  // 43
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 44
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 45
        nodes.append(.reference(9))  // 46
        nodes.append(.nothing)  // 47
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z][a-z0-9_]{0,31}$"))))  // 48
        nodes.append(.keywords(SchemaKeywords(constValue: .string("qc_report.v1"))))  // 49
        nodes.append(.nothing)  // 50
        return nodes
    }

    private static func qualityTargetV1() -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(6)
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["profile_id": 1, "thresholds": 2, "version": 4], additionalProperties: 5, required: ["version", "thresholds"])))  // 0
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 1
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 3)))  // 2
        nodes.append(.keywords(SchemaKeywords(types: [.number])))  // 3
        nodes.append(.keywords(SchemaKeywords(constValue: .string("quality_target.v1"))))  // 4
        nodes.append(.anything)  // 5
        return nodes
    }

    private static func recastQualityReportV1() -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(5)
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["job_id": 1, "metrics": 2, "version": 3], additionalProperties: 4, required: ["metrics"])))  // 0
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 1
        nodes.append(.keywords(SchemaKeywords(types: [.object])))  // 2
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 3
        nodes.append(.anything)  // 4
        return nodes
    }

    private static func retryAttemptLineageV1() -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(15)
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["attempts": 1, "generated_at": 10, "job_id": 11, "updated_at": 12, "version": 13], additionalProperties: 14, required: ["version", "job_id", "attempts"])))  // 0
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(2))))  // 1
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["attempt_id": 3, "decision_action": 4, "decision_reason": 5, "resolution": 6, "source_attempt_id": 7, "ts": 8], additionalProperties: 9, required: ["attempt_id", "decision_action"])))  // 2
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 3
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("proceed_finalize"), .string("retry_motion"), .string("retry_recast"), .string("block_for_costume"), .string("escalate_hitl")])))  // 4
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 5
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("retry"), .string("escalate"), .string("finalize")])))  // 6
        nodes.append(.keywords(SchemaKeywords(types: [.string, .null])))  // 7
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 8
        nodes.append(.anything)  // 9
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 10
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 11
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 12
        nodes.append(.keywords(SchemaKeywords(constValue: .string("retry_attempt_lineage.v1"))))  // 13
        nodes.append(.anything)  // 14
        return nodes
    }

    private static func smokeScenarioV1() -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(50)
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["advice": 1, "authority_trial": 11, "description": 12, "expect": 13, "history": 31, "job": 33, "max_retries": 34, "metrics": 35, "name": 37, "policy": 38, "production_metrics": 41, "stage": 46, "stage_attempts": 47, "version": 48], additionalProperties: 49, required: ["version", "name", "policy", "metrics", "expect"])))  // 0
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["action": 2, "parameter_adjustments": 4, "reasoning": 6, "target_stage": 7, "version": 8, "workflow_profile": 9], additionalProperties: 10, required: ["action", "reasoning"])))  // 1
        nodes.append(.reference(3))  // 2
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("PROCEED"), .string("RETRY_STAGE"), .string("SWITCH_POLICY"), .string("ESCALATE_USER"), .string("ABORT")])))  // 3
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 5)))  // 4
        nodes.append(.keywords(SchemaKeywords(types: [.number])))  // 5
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 6
        nodes.append(.keywords(SchemaKeywords(types: [.string, .null], pattern: SchemaPattern.bundled("^[a-z][a-z0-9_]{0,31}$"))))  // 7
        nodes.append(.keywords(SchemaKeywords(constValue: .string("advisor_proposal.v1"))))  // 8
        nodes.append(.keywords(SchemaKeywords(types: [.string, .null])))  // 9
        nodes.append(.nothing)  // 10
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 11
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 12
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["decision": 14, "failed_failure_classes": 22, "failed_gate_ids": 24, "gates": 26, "pass": 28, "recommended_action": 29], additionalProperties: 30, required: ["recommended_action"])))  // 13
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["action": 15, "advisor_outcome": 16, "escalation_reason": 17, "max_frames_override": 18, "target_stage": 19, "workflow_profile": 20], additionalProperties: 21, required: ["action"])))  // 14
        nodes.append(.reference(3))  // 15
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("recorded"), .string("taken"), .string("rolled_back"), .string("rejected"), .string("unavailable")])))  // 16
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("ARTIFACT_MISSING"), .string("ARTIFACT_CORRUPTED"), .string("CONTRACT_VIOLATION"), .string("IDENTITY_CONFLICT"), .string("LOW_CONFIDENCE_DETECTION"), .string("RETRY_BUDGET_EXCEEDED")])))  // 17
        nodes.append(.keywords(SchemaKeywords(types: [.integer], minimum: 1.0, maximum: 256.0)))  // 18
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z][a-z0-9_]{0,31}$"))))  // 19
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 20
        nodes.append(.nothing)  // 21
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(23))))  // 22
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 23
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(25))))  // 24
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 25
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 27)))  // 26
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("PASS"), .string("SOFT_FAIL"), .string("HARD_FAIL"), .string("UNKNOWN")])))  // 27
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 28
        nodes.append(.reference(3))  // 29
        nodes.append(.nothing)  // 30
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(32))))  // 31
        nodes.append(.keywords(SchemaKeywords(types: [.object])))  // 32
        nodes.append(.keywords(SchemaKeywords(types: [.object])))  // 33
        nodes.append(.keywords(SchemaKeywords(types: [.integer], minimum: 0.0)))  // 34
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 36)))  // 35
        nodes.append(.keywords(SchemaKeywords(types: [.number, .boolean, .null, .string])))  // 36
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z0-9][a-z0-9-]*$"))))  // 37
        nodes.append(.keywords(SchemaKeywords(anyOf: [39, 40])))  // 38
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 39
        nodes.append(.keywords(SchemaKeywords(types: [.object])))  // 40
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["max_frames": 42, "pose_detection_ratio": 43, "pose_fallback_active": 44], additionalProperties: 45)))  // 41
        nodes.append(.keywords(SchemaKeywords(types: [.integer], minimum: 1.0, maximum: 256.0)))  // 42
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0, maximum: 1.0)))  // 43
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 44
        nodes.append(.nothing)  // 45
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z][a-z0-9_]{0,31}$"))))  // 46
        nodes.append(.keywords(SchemaKeywords(types: [.integer], minimum: 1.0)))  // 47
        nodes.append(.keywords(SchemaKeywords(constValue: .string("smoke_scenario.v1"))))  // 48
        nodes.append(.nothing)  // 49
        return nodes
    }

    private static func userActionRequiredV1() -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(58)
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["allowed_responses": 1, "attempt_id": 4, "best_attempt_id": 5, "cause": 6, "escalation_id": 7, "escalation_ts": 8, "evidence": 9, "example_fix": 39, "expected_format": 40, "expires_at": 41, "job_id": 42, "reason": 43, "required_artifact": 44, "resolution": 45, "stage": 52, "status": 53, "summary": 54, "threshold_failed": 55, "version": 56], additionalProperties: 57, required: ["version", "job_id", "reason", "required_artifact", "expected_format"])))  // 0
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(2), minItems: 1, uniqueItems: true)))  // 1
        nodes.append(.reference(3))  // 2
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("PROCEED"), .string("RETRY_STAGE"), .string("SWITCH_POLICY"), .string("ESCALATE_USER"), .string("ABORT")])))  // 3
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 4
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 5
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("qc_unrepairable"), .string("qc_missing_metric"), .string("qc_identity"), .string("qc_failure"), .string("engine_invalid_input"), .string("engine_crash"), .string("engine_exit"), .string("engine_error"), .string("engine_timeout"), .string("engine_stall"), .string("engine_busy"), .string("output_missing"), .string("output_corrupt"), .string("low_detection"), .string("budget_exhausted"), .string("contract_violation"), .string("advisor")])))  // 6
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z0-9][a-z0-9-]{0,127}$"))))  // 7
        nodes.append(.keywords(SchemaKeywords(types: [.string], format: .dateTime)))  // 8
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["engine": 10, "failing_gates": 22, "log_tail": 32, "outputs": 34, "thumbnails": 36], additionalProperties: 38)))  // 9
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["busy": 11, "corruption": 12, "error": 13, "exit_code": 14, "invalid_input": 15, "missing_outputs": 16, "signal": 18, "stalled": 19, "timed_out": 20], additionalProperties: 21)))  // 10
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 11
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 12
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 13
        nodes.append(.keywords(SchemaKeywords(types: [.integer, .null])))  // 14
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 15
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(17))))  // 16
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 17
        nodes.append(.keywords(SchemaKeywords(types: [.integer, .null])))  // 18
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 19
        nodes.append(.keywords(SchemaKeywords(types: [.boolean])))  // 20
        nodes.append(.nothing)  // 21
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(23))))  // 22
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["direction": 24, "gate_id": 25, "metric": 26, "score": 27, "severity": 28, "status": 29, "threshold": 30], additionalProperties: 31, required: ["gate_id", "metric", "status", "score", "threshold"])))  // 23
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("min"), .string("max")])))  // 24
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 25
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 26
        nodes.append(.keywords(SchemaKeywords(types: [.number, .null])))  // 27
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("LOW"), .string("MEDIUM"), .string("HIGH"), .string("CRITICAL")])))  // 28
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("PASS"), .string("SOFT_FAIL"), .string("HARD_FAIL"), .string("UNKNOWN")])))  // 29
        nodes.append(.keywords(SchemaKeywords(types: [.number])))  // 30
        nodes.append(.nothing)  // 31
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(33), maxItems: 40)))  // 32
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 33
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(35))))  // 34
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 35
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(37))))  // 36
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 37
        nodes.append(.nothing)  // 38
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 39
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 40
        nodes.append(.keywords(SchemaKeywords(types: [.string], format: .dateTime)))  // 41
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 42
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("ARTIFACT_MISSING"), .string("ARTIFACT_CORRUPTED"), .string("CONTRACT_VIOLATION"), .string("IDENTITY_CONFLICT"), .string("LOW_CONFIDENCE_DETECTION"), .string("RETRY_BUDGET_EXCEEDED")])))  // 43
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 44
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["action": 46, "at": 47, "by": 48, "note": 49, "overrides": 50], additionalProperties: 51, required: ["action", "by", "at"])))  // 45
        nodes.append(.reference(3))  // 46
        nodes.append(.keywords(SchemaKeywords(types: [.string], format: .dateTime)))  // 47
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 48
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 49
        nodes.append(.keywords(SchemaKeywords(types: [.object])))  // 50
        nodes.append(.nothing)  // 51
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z][a-z0-9_]{0,31}$"))))  // 52
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("OPEN"), .string("RESOLVED")])))  // 53
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 54
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 55
        nodes.append(.keywords(SchemaKeywords(constValue: .string("user_action_required.v1"))))  // 56
        nodes.append(.anything)  // 57
        return nodes
    }

    private static func workflowV1() -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(114)
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["description": 1, "engine_env": 2, "qc_policy": 4, "stage_aliases": 5, "stages": 8, "version": 111, "workflow_id": 112], additionalProperties: 113, required: ["workflow_id", "stages"])))  // 0
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 1
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(3), uniqueItems: true)))  // 2
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[A-Za-z_][A-Za-z0-9_]*$"))))  // 3
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 4
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 6, propertyNames: 7)))  // 5
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z][a-z0-9_]{0,31}$"))))  // 6
        nodes.append(.keywords(SchemaKeywords(pattern: SchemaPattern.bundled("^[a-z][a-z0-9_]{0,31}$"))))  // 7
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(9), minItems: 1)))  // 8
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["analyze": 10, "approval": 14, "comfyui": 15, "command": 29, "description": 31, "engine": 32, "env": 33, "exit_codes": 35, "gates": 38, "grace_seconds": 40, "http_job": 41, "input_from": 76, "log_cap_bytes": 77, "name": 78, "output": 79, "params": 80, "params_schema": 81, "progress_file": 82, "requires": 83, "retry_backoff": 86, "snooze_limit": 92, "stall_seconds": 93, "timeout_seconds": 94], additionalProperties: 95, required: ["name", "output"], allOf: [96, 100, 104])))  // 9
        nodes.append(.keywords(SchemaKeywords(anyOf: [11, 12])))  // 10
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("builtin"), .string("none")])))  // 11
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(13), minItems: 1)))  // 12
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 13
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("none"), .string("required")])))  // 14
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["graph": 16, "inputs": 17, "outputs": 19, "server": 21, "server_env": 22, "uploads": 23], additionalProperties: 26, required: ["graph"], anyOf: [27, 28])))  // 15
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 16
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 18)))  // 17
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 3)))  // 18
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(20), minItems: 1, uniqueItems: true)))  // 19
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 20
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^https?://[^\\s/]+(/.*)?$"))))  // 21
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[A-Za-z_][A-Za-z0-9_]*$"))))  // 22
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 24, propertyNames: 25)))  // 23
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 24
        nodes.append(.keywords(SchemaKeywords(minLength: 3)))  // 25
        nodes.append(.nothing)  // 26
        nodes.append(.keywords(SchemaKeywords(required: ["server"])))  // 27
        nodes.append(.keywords(SchemaKeywords(required: ["server_env"])))  // 28
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(30), minItems: 1)))  // 29
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 30
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 31
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("process"), .string("comfyui"), .string("http_job")])))  // 32
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 34)))  // 33
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 34
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 36, propertyNames: 37)))  // 35
        nodes.append(.keywords(SchemaKeywords(types: [.string], enumValues: [.string("invalid_input"), .string("busy")])))  // 36
        nodes.append(.keywords(SchemaKeywords(pattern: SchemaPattern.bundled("^[0-9]{1,3}$"))))  // 37
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(39), uniqueItems: true)))  // 38
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 39
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0)))  // 40
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["cancel": 42, "cost": 49, "download_headers": 50, "error": 52, "failed": 53, "id": 55, "idempotency_header": 56, "max_download_bytes": 57, "output_url": 58, "poll": 59, "status": 65, "submit": 66, "succeeded": 73], additionalProperties: 75, required: ["submit", "id", "poll", "status", "succeeded", "output_url"])))  // 41
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["body": 43, "headers": 44, "method": 46, "url": 47], additionalProperties: 48, required: ["url"])))  // 42
        nodes.append(.keywords(SchemaKeywords()))  // 43
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 45)))  // 44
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 45
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[A-Z]+$"))))  // 46
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 47
        nodes.append(.nothing)  // 48
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^(/.*)?$"))))  // 49
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 51)))  // 50
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 51
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^(/.*)?$"))))  // 52
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(54))))  // 53
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 54
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^(/.*)?$"))))  // 55
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[A-Za-z0-9-]+$"))))  // 56
        nodes.append(.keywords(SchemaKeywords(types: [.integer], minimum: 1.0)))  // 57
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^(/.*)?$"))))  // 58
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["headers": 60, "interval_seconds": 62, "url": 63], additionalProperties: 64, required: ["url"])))  // 59
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 61)))  // 60
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 61
        nodes.append(.keywords(SchemaKeywords(types: [.number], exclusiveMinimum: 0.0)))  // 62
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 63
        nodes.append(.nothing)  // 64
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^(/.*)?$"))))  // 65
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["body": 67, "headers": 68, "method": 70, "url": 71], additionalProperties: 72, required: ["url"])))  // 66
        nodes.append(.keywords(SchemaKeywords()))  // 67
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 69)))  // 68
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 69
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[A-Z]+$"))))  // 70
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 71
        nodes.append(.nothing)  // 72
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(74), minItems: 1)))  // 73
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 74
        nodes.append(.nothing)  // 75
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z][a-z0-9_]{0,31}$"))))  // 76
        nodes.append(.keywords(SchemaKeywords(types: [.integer], minimum: 1024.0)))  // 77
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z][a-z0-9_]{0,31}$"))))  // 78
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1, pattern: SchemaPattern.bundled("^(?!/)(?!.*(^|/)\\.\\.(/|$)).+$"))))  // 79
        nodes.append(.keywords(SchemaKeywords(types: [.object])))  // 80
        nodes.append(.keywords(SchemaKeywords(types: [.object])))  // 81
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 82
        nodes.append(.keywords(SchemaKeywords(types: [.object], additionalProperties: 84, propertyNames: 85)))  // 83
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[A-Za-z0-9_.:/-]+$"))))  // 84
        nodes.append(.keywords(SchemaKeywords(pattern: SchemaPattern.bundled("^[A-Za-z0-9_.-]+$"))))  // 85
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["factor": 87, "initial_seconds": 88, "jitter": 89, "max_seconds": 90], additionalProperties: 91)))  // 86
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 1.0)))  // 87
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0)))  // 88
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0, maximum: 1.0)))  // 89
        nodes.append(.keywords(SchemaKeywords(types: [.number], minimum: 0.0)))  // 90
        nodes.append(.nothing)  // 91
        nodes.append(.keywords(SchemaKeywords(types: [.integer], minimum: 0.0)))  // 92
        nodes.append(.keywords(SchemaKeywords(types: [.number], exclusiveMinimum: 0.0)))  // 93
        nodes.append(.keywords(SchemaKeywords(types: [.number], exclusiveMinimum: 0.0)))  // 94
        nodes.append(.nothing)  // 95
        nodes.append(.keywords(SchemaKeywords(ifSchema: 97, thenSchema: 99)))  // 96
        nodes.append(.keywords(SchemaKeywords(properties: ["engine": 98], required: ["engine"])))  // 97
        nodes.append(.keywords(SchemaKeywords(constValue: .string("comfyui"))))  // 98
        nodes.append(.keywords(SchemaKeywords(required: ["comfyui"])))  // 99
        nodes.append(.keywords(SchemaKeywords(ifSchema: 101, thenSchema: 103)))  // 100
        nodes.append(.keywords(SchemaKeywords(properties: ["engine": 102], required: ["engine"])))  // 101
        nodes.append(.keywords(SchemaKeywords(constValue: .string("http_job"))))  // 102
        nodes.append(.keywords(SchemaKeywords(required: ["http_job"])))  // 103
        nodes.append(.keywords(SchemaKeywords(ifSchema: 105, thenSchema: 107)))  // 104
        nodes.append(.keywords(SchemaKeywords(properties: ["engine": 106])))  // 105
        nodes.append(.keywords(SchemaKeywords(constValue: .string("process"))))  // 106
        nodes.append(.keywords(SchemaKeywords(required: ["command"], not: 108)))  // 107
        nodes.append(.keywords(SchemaKeywords(anyOf: [109, 110])))  // 108
        nodes.append(.keywords(SchemaKeywords(required: ["comfyui"])))  // 109
        nodes.append(.keywords(SchemaKeywords(required: ["http_job"])))  // 110
        nodes.append(.keywords(SchemaKeywords(constValue: .string("workflow.v1"))))  // 111
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z0-9][a-z0-9_.-]*$"))))  // 112
        nodes.append(.nothing)  // 113
        return nodes
    }

    private static func workflowRegistryV1() -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(18)
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["description": 1, "resolution_policies": 2, "version": 3, "workflows": 6], additionalProperties: 17, required: ["version", "workflows"])))  // 0
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 1
        nodes.append(.keywords(SchemaKeywords(types: [.object])))  // 2
        nodes.append(.keywords(SchemaKeywords(anyOf: [4, 5])))  // 3
        nodes.append(.keywords(SchemaKeywords(constValue: .string("workflow_registry.v1"))))  // 4
        nodes.append(.keywords(SchemaKeywords(constValue: .string("1.0"))))  // 5
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(7))))  // 6
        nodes.append(.keywords(SchemaKeywords(types: [.object], properties: ["capabilities": 8, "default_parameters": 9, "description": 10, "engine": 11, "relpath": 12, "tags": 13, "workflow_id": 15], additionalProperties: 16, required: ["workflow_id", "engine", "relpath"])))  // 7
        nodes.append(.keywords(SchemaKeywords(types: [.object])))  // 8
        nodes.append(.keywords(SchemaKeywords(types: [.object])))  // 9
        nodes.append(.keywords(SchemaKeywords(types: [.string])))  // 10
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 11
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 12
        nodes.append(.keywords(SchemaKeywords(types: [.array], items: .all(14), uniqueItems: true)))  // 13
        nodes.append(.keywords(SchemaKeywords(types: [.string], minLength: 1)))  // 14
        nodes.append(.keywords(SchemaKeywords(types: [.string], pattern: SchemaPattern.bundled("^[a-z0-9][a-z0-9_.-]*$"))))  // 15
        nodes.append(.nothing)  // 16
        nodes.append(.nothing)  // 17
        return nodes
    }
}
