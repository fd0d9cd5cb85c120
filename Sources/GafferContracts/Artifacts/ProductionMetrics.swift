/// A `production_metrics.v1` document: what was measured about one stage attempt (SPEC §3.2).
///
/// `engine_metrics` is measured by Gaffer; `quality_metrics` holds the scores the gates read.
public struct ProductionMetrics: Codable, Hashable, Sendable {
    public static let version = "1.0"

    public var version: String = ProductionMetrics.version
    public var jobID: String
    public var attemptID: String
    public var ts: String
    public var stage: StageName?
    public var visualMetrics: VisualMetrics
    public var engineMetrics: EngineMetrics?
    public var qualityMetrics: [String: JSONValue]?
    public var isHallucination: Bool?
    public var qualityGatePassed: Bool?
    /// Black, frozen and silent spans the analyzer found, in clip order per kind.
    public var segments: [MediaSegment]?

    public init(
        jobID: String, attemptID: String, ts: String, stage: StageName? = nil,
        visualMetrics: VisualMetrics = VisualMetrics(), engineMetrics: EngineMetrics? = nil,
        qualityMetrics: [String: JSONValue]? = nil, isHallucination: Bool? = nil, qualityGatePassed: Bool? = nil,
        segments: [MediaSegment]? = nil
    ) {
        self.segments = segments
        self.jobID = jobID
        self.attemptID = attemptID
        self.ts = ts
        self.stage = stage
        self.visualMetrics = visualMetrics
        self.engineMetrics = engineMetrics
        self.qualityMetrics = qualityMetrics
        self.isHallucination = isHallucination
        self.qualityGatePassed = qualityGatePassed
    }

    enum CodingKeys: String, CodingKey {
        case version, ts, stage, segments
        case jobID = "job_id"
        case attemptID = "attempt_id"
        case visualMetrics = "visual_metrics"
        case engineMetrics = "engine_metrics"
        case qualityMetrics = "quality_metrics"
        case isHallucination = "is_hallucination"
        case qualityGatePassed = "quality_gate_passed"
    }

    public struct VisualMetrics: Codable, Hashable, Sendable {
        public var imageResolution: String?
        public var aspectRatio: Double?
        public var felineDetected: Detection?
        public var humanDetected: Detection?
        public var poseScore: Double?
        public var motionScore: Double?
        public var blurScore: Double?
        public var identitySimilarityScore: Double?

        public init(
            imageResolution: String? = nil, aspectRatio: Double? = nil, felineDetected: Detection? = nil,
            humanDetected: Detection? = nil, poseScore: Double? = nil, motionScore: Double? = nil,
            blurScore: Double? = nil, identitySimilarityScore: Double? = nil
        ) {
            self.imageResolution = imageResolution
            self.aspectRatio = aspectRatio
            self.felineDetected = felineDetected
            self.humanDetected = humanDetected
            self.poseScore = poseScore
            self.motionScore = motionScore
            self.blurScore = blurScore
            self.identitySimilarityScore = identitySimilarityScore
        }

        enum CodingKeys: String, CodingKey {
            case imageResolution = "image_resolution"
            case aspectRatio = "aspect_ratio"
            case felineDetected = "feline_detected"
            case humanDetected = "human_detected"
            case poseScore = "pose_score"
            case motionScore = "motion_score"
            case blurScore = "blur_score"
            case identitySimilarityScore = "identity_similarity_score"
        }
    }

    public struct Detection: Codable, Hashable, Sendable {
        public var present: Bool?
        public var confidence: Double?
        public var poseDetectionRatio: Double?
        public var poseFallbackActive: Bool?

        public init(
            present: Bool? = nil, confidence: Double? = nil, poseDetectionRatio: Double? = nil,
            poseFallbackActive: Bool? = nil
        ) {
            self.present = present
            self.confidence = confidence
            self.poseDetectionRatio = poseDetectionRatio
            self.poseFallbackActive = poseFallbackActive
        }

        enum CodingKeys: String, CodingKey {
            case present, confidence
            case poseDetectionRatio = "pose_detection_ratio"
            case poseFallbackActive = "pose_fallback_active"
        }
    }

    public struct EngineMetrics: Codable, Hashable, Sendable {
        public var engineID: String?
        public var executionTimeSeconds: Double?
        public var memoryPeakMB: Double?
        public var queueWaitTimeSeconds: Double?
        public var stageDurations: [String: Double]?
        public var failureFlags: [String]?
        public var exitCode: Int?
        public var signal: Int?
        public var timedOut: Bool?
        public var stalled: Bool?
        /// What a remote engine said about itself (ComfyUI's prompt id and queue number, a provider's job id and
        /// cost), kept apart from what Gaffer measured.
        public var engineReported: [String: JSONValue]?

        public init(
            engineID: String? = nil, executionTimeSeconds: Double? = nil, memoryPeakMB: Double? = nil,
            queueWaitTimeSeconds: Double? = nil, stageDurations: [String: Double]? = nil,
            failureFlags: [String]? = nil, exitCode: Int? = nil, signal: Int? = nil, timedOut: Bool? = nil,
            stalled: Bool? = nil
        ) {
            self.engineID = engineID
            self.executionTimeSeconds = executionTimeSeconds
            self.memoryPeakMB = memoryPeakMB
            self.queueWaitTimeSeconds = queueWaitTimeSeconds
            self.stageDurations = stageDurations
            self.failureFlags = failureFlags
            self.exitCode = exitCode
            self.signal = signal
            self.timedOut = timedOut
            self.stalled = stalled
        }

        enum CodingKeys: String, CodingKey {
            case signal, stalled
            case engineID = "engine_id"
            case executionTimeSeconds = "execution_time_seconds"
            case memoryPeakMB = "memory_peak_mb"
            case queueWaitTimeSeconds = "queue_wait_time_seconds"
            case stageDurations = "stage_durations"
            case failureFlags = "failure_flags"
            case exitCode = "exit_code"
            case timedOut = "timed_out"
            case engineReported = "engine_reported"
        }
    }
}
