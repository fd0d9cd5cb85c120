/// What an engine reported about pose detection on one attempt, for the supervisor's audit (SPEC §5.2).
public struct PoseObservation: Codable, Hashable, Sendable {
    /// The frame budget the original's motion engine uses when nothing overrides it.
    public static let defaultMaxFrames = 48

    public var poseDetectionRatio: Double?
    public var poseFallbackActive: Bool?
    /// The attempt's effective `max_frames` (its params), so a retry can ask for half.
    public var maxFrames: Int?

    public init(poseDetectionRatio: Double? = nil, poseFallbackActive: Bool? = nil, maxFrames: Int? = nil) {
        self.poseDetectionRatio = poseDetectionRatio
        self.poseFallbackActive = poseFallbackActive
        self.maxFrames = maxFrames
    }

    enum CodingKeys: String, CodingKey {
        case poseDetectionRatio = "pose_detection_ratio"
        case poseFallbackActive = "pose_fallback_active"
        case maxFrames = "max_frames"
    }
}

extension ProductionMetrics {
    /// The pose facts of `visual_metrics.feline_detected`, if the engine reported any.
    public func poseObservation(maxFrames: Int?) -> PoseObservation? {
        guard let detected = visualMetrics.felineDetected,
            detected.poseDetectionRatio != nil || detected.poseFallbackActive != nil
        else { return nil }
        return PoseObservation(
            poseDetectionRatio: detected.poseDetectionRatio, poseFallbackActive: detected.poseFallbackActive,
            maxFrames: maxFrames)
    }
}
