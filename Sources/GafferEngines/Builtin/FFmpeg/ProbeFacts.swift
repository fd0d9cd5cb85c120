import Foundation
import GafferContracts

/// What ffprobe says a file contains (`-show_format -show_streams`), numbers already converted:
/// ffprobe prints durations, frame counts and rates as JSON strings (`"4.000000"`, `"96"`, `"24/1"`).
public struct ProbeFacts: Sendable, Hashable, Codable {
    public var width: Int
    public var height: Int
    /// Frames per second of the (first) video stream: `avg_frame_rate`, else `r_frame_rate`.
    public var fps: Double
    /// Seconds: the video stream's duration, else the container's.
    public var durationSeconds: Double
    /// The frame count the container declares for the video stream (`nb_frames`), when it does.
    public var containerFrames: Int?
    public var videoCodec: String?
    public var hasAudio: Bool
    public var audioCodec: String?
    /// Seconds: the audio stream's duration, else the container's.
    public var audioDurationSeconds: Double?
    public var formatName: String?
    public var containerDurationSeconds: Double?
    /// Seconds: the video stream's `start_time` (its first frame's time; 0 when ffprobe does not say).
    public var videoStartSeconds: Double = 0
    /// Whether the picture uses the full 0–255 luma range (`color_range` pc, or a `yuvj` format) rather than 16–235.
    public var fullRange: Bool = false

    public init(
        width: Int, height: Int, fps: Double, durationSeconds: Double, containerFrames: Int? = nil,
        videoCodec: String? = nil, hasAudio: Bool = false, audioCodec: String? = nil,
        audioDurationSeconds: Double? = nil, formatName: String? = nil, containerDurationSeconds: Double? = nil,
        videoStartSeconds: Double = 0, fullRange: Bool = false
    ) {
        self.fullRange = fullRange
        self.videoStartSeconds = videoStartSeconds
        self.width = width
        self.height = height
        self.fps = fps
        self.durationSeconds = durationSeconds
        self.containerFrames = containerFrames
        self.videoCodec = videoCodec
        self.hasAudio = hasAudio
        self.audioCodec = audioCodec
        self.audioDurationSeconds = audioDurationSeconds
        self.formatName = formatName
        self.containerDurationSeconds = containerDurationSeconds
    }

    /// The frame count the file declares: `nb_frames` when present, else duration × fps rounded.
    public var declaredFrames: Int {
        if let containerFrames { return containerFrames }
        return max(0, Int((durationSeconds * fps).rounded()))
    }

    /// `"WxH"`, as `visual_metrics.image_resolution` spells it.
    public var resolution: String { "\(width)x\(height)" }

    /// Width over height (storage aspect), rounded to 4 decimals.
    public var aspectRatio: Double {
        height > 0 ? (Double(width) / Double(height) * 10_000).rounded() / 10_000 : 0
    }

    enum CodingKeys: String, CodingKey {
        case width, height, fps
        case durationSeconds = "duration_seconds"
        case containerFrames = "container_frames"
        case videoCodec = "video_codec"
        case hasAudio = "has_audio"
        case audioCodec = "audio_codec"
        case audioDurationSeconds = "audio_duration_seconds"
        case formatName = "format_name"
        case containerDurationSeconds = "container_duration_seconds"
        case videoStartSeconds = "video_start_seconds"
        case fullRange = "full_range"
    }
}

extension ProbeFacts {
    /// Why ffprobe's JSON does not describe a playable video, when it does not.
    enum ParseFailure: Error, Equatable {
        case notJSON
        case noVideoStream
        case noPictureSize
    }

    /// Reads `ffprobe -print_format json -show_format -show_streams` output.
    static func parse(_ data: Data) throws(ParseFailure) -> ProbeFacts {
        guard let root = try? JSONParser.parse(data), case .object = root else { throw .notJSON }
        let streams = root["streams"]?.arrayValue ?? []
        let format = root["format"]
        guard let video = streams.first(where: { $0["codec_type"]?.stringValue == "video" && !isAttachedPicture($0) })
        else { throw .noVideoStream }
        let width = number(video["width"]).map { Int($0) } ?? 0
        let height = number(video["height"]).map { Int($0) } ?? 0
        guard width > 0, height > 0 else { throw .noPictureSize }

        let fps = rational(video["avg_frame_rate"]) ?? rational(video["r_frame_rate"]) ?? 0
        let containerDuration = number(format?["duration"])
        let videoDuration = number(video["duration"]) ?? containerDuration
            ?? number(video["nb_frames"]).flatMap { fps > 0 ? $0 / fps : nil } ?? 0
        let audio = streams.first { $0["codec_type"]?.stringValue == "audio" }
        return ProbeFacts(
            width: width, height: height, fps: fps, durationSeconds: videoDuration,
            containerFrames: number(video["nb_frames"]).map { Int($0) },
            videoCodec: video["codec_name"]?.stringValue,
            hasAudio: audio != nil,
            audioCodec: audio?["codec_name"]?.stringValue,
            audioDurationSeconds: audio.flatMap { number($0["duration"]) ?? containerDuration },
            formatName: format?["format_name"]?.stringValue,
            containerDurationSeconds: containerDuration, videoStartSeconds: number(video["start_time"]) ?? 0,
            fullRange: video["color_range"]?.stringValue == "pc" || video["pix_fmt"]?.stringValue?.hasPrefix("yuvj") == true)
    }

    private static func isAttachedPicture(_ stream: JSONValue) -> Bool {
        stream["disposition"]?["attached_pic"]?.doubleValue == 1
    }

    /// A finite, non-negative number given as a JSON number or a numeric string; nil for `"N/A"` and the like.
    static func number(_ value: JSONValue?) -> Double? {
        let parsed: Double? = switch value {
        case .number(let number)?: number
        case .string(let text)?: Double(text.trimmingCharacters(in: .whitespaces))
        default: nil
        }
        guard let parsed, parsed.isFinite, parsed >= 0 else { return nil }
        return parsed
    }

    /// `"30000/1001"` → 29.97…; `"0/0"` (unknown) → nil; a plain number is accepted too.
    static func rational(_ value: JSONValue?) -> Double? {
        guard let text = value?.stringValue else { return number(value).flatMap { $0 > 0 ? $0 : nil } }
        let parts = text.split(separator: "/")
        if parts.count == 2, let numerator = Double(parts[0]), let denominator = Double(parts[1]) {
            guard denominator > 0, numerator > 0 else { return nil }
            let rate = numerator / denominator
            return rate.isFinite ? rate : nil
        }
        return Double(text).flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
    }
}
