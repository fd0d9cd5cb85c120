import GafferContracts

/// SPEC §5.2: low pose coverage (or the engine's raw-frame fallback) gets one retry with half the frames;
/// a second low reading on the same stage escalates with LOW_CONFIDENCE_DETECTION.
enum PoseAudit {
    static func apply(to plan: DecisionPlan, input: SupervisorInput) -> DecisionPlan {
        guard let pose = input.pose, let why = lowCoverage(pose, threshold: input.policy.poseCoverageThreshold),
            plan.action == .proceed || plan.action.isRetry
        else { return plan }
        var audited = plan
        if input.stageHistory.contains(where: { $0.poseRetry == true }) {
            audited.targetStage = input.stage
            audited.escalate(.lowConfidenceDetection, because: "\(why), again after a retry with fewer frames.")
            return audited
        }
        let maxFrames = pose.maxFrames ?? PoseObservation.defaultMaxFrames
        audited.policyOverrides.maxFramesOverride = min(256, max(1, maxFrames / 2))
        audited.poseRetry = true
        if audited.action == .proceed {
            audited.action = .retryStage
            audited.targetStage = input.stage
        }
        audited.reasoning.append("\(why): retrying with max_frames \(audited.policyOverrides.maxFramesOverride!) (was \(maxFrames)).")
        return audited
    }

    static func lowCoverage(_ pose: PoseObservation, threshold: Double) -> String? {
        if let ratio = pose.poseDetectionRatio, ratio < threshold {
            return "Pose detected on \(ratio) of frames, below the coverage threshold \(threshold)"
        }
        if pose.poseFallbackActive == true { return "The engine fell back to raw frames (pose_fallback_active)" }
        return nil
    }
}
