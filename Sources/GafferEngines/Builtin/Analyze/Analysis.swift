import Foundation
import GafferContracts

/// The `quality_metrics` the built-in analyzer writes (the names the technical gates read).
///
/// Ratios and scores are in [0, 1]; `blur_mean` and `loudness_lufs` are in their own units; the
/// frame counts and `duration_seconds` are plain numbers. See `Analyzer` for each definition.
public enum TechnicalMetric: String, Sendable, Hashable, CaseIterable {
    case blackRatio = "black_ratio"
    case freezeRatio = "freeze_ratio"
    case silenceRatio = "silence_ratio"
    case blurMean = "blur_mean"
    case temporalStability = "temporal_stability"
    case loopSeam = "loop_seam"
    case audioVideo = "audio_video"
    case decodedFrames = "decoded_frames"
    case declaredFrames = "declared_frames"
    case durationSeconds = "duration_seconds"
    case integrity
    case loudnessLUFS = "loudness_lufs"
    case truePeakDBTP = "true_peak_dbtp"
    case flicker
    case blockiness
    case sceneCuts = "scene_cuts"
    case leadingBlackSeconds = "leading_black_seconds"
    case trailingBlackSeconds = "trailing_black_seconds"

    /// The boolean `quality_metrics` key beside the numbers.
    public static let hasAudioKey = "has_audio"
}

/// What the analyzer measured about one video.
///
/// A video that cannot be read, or decodes short of what it declares, is corrupt: `corruption` says
/// why and `integrity` is 0. When ffprobe cannot read the file at all there is no `probe` and
/// `qualityMetrics` holds only `integrity` (0).
public struct Analysis: Sendable, Hashable {
    /// Absolute path of the analyzed file.
    public var video: String
    /// Metric name → value (see `TechnicalMetric`). Never NaN or infinite; a metric that could not be
    /// measured is absent.
    public var qualityMetrics: [String: Double]
    /// Whether the file has an audio stream.
    public var hasAudio: Bool
    /// Why the file is corrupt (e.g. "decoded 49 of 96 frames", "ffprobe: moov atom not found"); nil when sound.
    public var corruption: String?
    /// ffprobe's facts; nil when ffprobe could not read the file.
    public var probe: ProbeFacts?
    /// Absolute path of `contact_sheet.jpg`, when one was asked for and made.
    public var contactSheet: String?
    /// Black runs (≥ 0.1 s), fades included, merged and clipped to the decoded span.
    public var blackIntervals: [MediaInterval]
    /// Frozen pictures (≥ 0.5 s), merged; never black (a black run is reported as black only).
    public var freezeIntervals: [MediaInterval]
    /// Silent segments (silencedetect, ≥ 0.3 s), merged.
    public var silenceIntervals: [MediaInterval]
    /// Error lines ffmpeg logged while decoding (a sound file has none).
    public var decodeErrors: [String]
    /// Black, frozen and silent spans with their position in the clip (fades at the edges apart from drops).
    public var segments: [MediaSegment]

    public init(
        video: String, qualityMetrics: [String: Double] = [:], hasAudio: Bool = false, corruption: String? = nil,
        probe: ProbeFacts? = nil, contactSheet: String? = nil, blackIntervals: [MediaInterval] = [],
        freezeIntervals: [MediaInterval] = [], silenceIntervals: [MediaInterval] = [], decodeErrors: [String] = [],
        segments: [MediaSegment] = []
    ) {
        self.segments = segments
        self.video = video
        self.qualityMetrics = qualityMetrics
        self.hasAudio = hasAudio
        self.corruption = corruption
        self.probe = probe
        self.contactSheet = contactSheet
        self.blackIntervals = blackIntervals
        self.freezeIntervals = freezeIntervals
        self.silenceIntervals = silenceIntervals
        self.decodeErrors = decodeErrors
    }

    public var isCorrupt: Bool { corruption != nil }

    /// The value of `metric`, when measured.
    public subscript(metric: TechnicalMetric) -> Double? { qualityMetrics[metric.rawValue] }

    /// `visual_metrics` of `production_metrics.v1`: `image_resolution` "WxH" and `aspect_ratio` (W ÷ H),
    /// when the file could be probed.
    public func visualMetrics() -> ProductionMetrics.VisualMetrics {
        guard let probe else { return ProductionMetrics.VisualMetrics() }
        return ProductionMetrics.VisualMetrics(imageResolution: probe.resolution, aspectRatio: probe.aspectRatio)
    }

    /// `quality_metrics` of `production_metrics.v1`: every measured number, plus `has_audio` (bool).
    /// `integrity` is always present.
    public func qualityMetricsJSON() -> [String: JSONValue] {
        var members = qualityMetrics.compactMapValues { $0.isFinite ? JSONValue.number($0) : nil }
        members[TechnicalMetric.integrity.rawValue] = .number(corruption == nil ? 1 : 0)
        if probe != nil { members[TechnicalMetric.hasAudioKey] = .bool(hasAudio) }
        return members
    }

    /// A `production_metrics.v1` document for this analysis. A corrupt file also gets
    /// `engine_metrics.failure_flags: ["corrupt: <reason>"]` (the loop reads the reason from there).
    public func productionMetrics(
        jobID: String, attemptID: String, stage: StageName?, ts: String = Date().formatted(.iso8601)
    ) -> ProductionMetrics {
        ProductionMetrics(
            jobID: jobID, attemptID: attemptID, ts: ts, stage: stage, visualMetrics: visualMetrics(),
            engineMetrics: corruption.map { ProductionMetrics.EngineMetrics(failureFlags: ["corrupt: \($0)"]) },
            qualityMetrics: qualityMetricsJSON(), segments: probe == nil ? nil : segments)
    }
}
