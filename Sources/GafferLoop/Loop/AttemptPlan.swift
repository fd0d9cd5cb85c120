import Foundation
import GafferContracts
import GafferStore

/// Everything one attempt needs, computed before anything runs: paths, params, the filled argv.
struct AttemptPlan: Sendable {
    let attempt: AttemptRecord
    let stage: Workflow.Stage
    let folder: String
    let outputPath: String
    let paramsPath: String
    let metricsPath: String
    let logPath: String
    let template: Template
    let params: [String: JSONValue]
    /// The stage's input (`{input}`), when it reads one.
    let inputPath: String?

    /// The merged `{params}`: workflow defaults ⊕ job params ⊕ the decision's overrides and adjustments ⊕
    /// the operator's overrides. Later wins. This is how a decision reaches the engine (SPEC §3.4).
    static func mergedParams(
        stage: Workflow.Stage, job: Job, decision: ProductionDecision?, operatorOverrides: [String: JSONValue]
    ) -> [String: JSONValue] {
        var params = stage.params
        params.merge(job.params) { _, new in new }
        if let decision = decision?.decision {
            let overrides = decision.policyOverrides
            if let frames = overrides.maxFramesOverride { params["max_frames"] = .number(Double(frames)) }
            if let threshold = overrides.poseCoverageThreshold { params["pose_coverage_threshold"] = .number(threshold) }
            if let value = overrides.resolutionPolicy { params["resolution_policy"] = .string(value.rawValue) }
            if let value = overrides.motionIntensity { params["motion_intensity"] = .string(value.rawValue) }
            if let value = overrides.fpsStrategy { params["fps_strategy"] = .string(value.rawValue) }
            if let value = overrides.queueManagement { params["queue_management"] = .string(value.rawValue) }
            if let profile = decision.workflowProfile { params["workflow_profile"] = .string(profile) }
            for (name, value) in decision.parameterAdjustments { params[name] = .number(value) }
        }
        params.merge(operatorOverrides) { _, new in new }
        return params
    }

    static func make(
        attempt: AttemptRecord, stage: Workflow.Stage, job: Job, jobFile: String, input: String?,
        decisionPath: String?, decision: ProductionDecision?, operatorOverrides: [String: JSONValue],
        layout: SandboxLayout
    ) -> AttemptPlan {
        let folder = layout.attemptFolder(attempt.jobID, attempt.attemptID)
        let outputPath = folder + "/" + stage.output
        let paramsPath = folder + "/params.json"
        let metricsPath = folder + "/production_metrics.v1.json"
        let template = Template([
            "job": jobFile, "job_id": attempt.jobID, "stage": stage.name.rawValue, "attempt_id": attempt.attemptID,
            "attempt_dir": folder, "input": input ?? "", "output": outputPath, "decision": decisionPath ?? "",
            "params": paramsPath, "metrics": metricsPath, "sandbox": layout.root,
        ])
        return AttemptPlan(
            attempt: attempt, stage: stage, folder: folder, outputPath: outputPath, paramsPath: paramsPath,
            metricsPath: metricsPath, logPath: folder + "/engine.log", template: template,
            params: mergedParams(stage: stage, job: job, decision: decision, operatorOverrides: operatorOverrides),
            inputPath: input)
    }
}
