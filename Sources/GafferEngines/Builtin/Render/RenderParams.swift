import Foundation

/// What `gaffer engine render` makes, read from the `{params}` JSON file of an attempt (workflow
/// defaults ⊕ job params ⊕ decision overrides ⊕ parameter adjustments). Unknown keys are ignored;
/// a known key with a value of the wrong type, or out of range, makes the params invalid (exit 2).
///
/// The clip: `duration` seconds (default 4) of `width`×`height` (default 640×360, both even) at
/// `fps` (default 24), H.264 + AAC in MP4. `seed` (default 1) picks the picture deterministically —
/// seeds 1, 4, 7… `testsrc2`, 2, 5, 8… `mandelbrot` (seed-derived start scale), 3, 6, 9… `sierpinski`
/// (both test sources hue-rotated by the seed) — with a box of a seed-derived colour moving over it on
/// a seed-derived path, so consecutive frames always differ; `audio` (default true) is a sine tone
/// of 220–880 Hz chosen by the seed.
///
/// Faults, for the tests and the demo:
/// - `black_at` (+ `black_seconds`, default 1): a black segment.
/// - `freeze_at` (+ `freeze_seconds`, default 1): a frozen segment (`freezeframes`, the first frame of
///   the segment repeated). **The freeze only happens while `pose_weight` (default 0.8) is below 0.9**:
///   a retry whose decision carries the default policy's `motion_safe_v1` preset (`pose_weight: 0.95`)
///   renders the same clip without it. That is the demo's "retry that repairs".
/// - `silence_at` (+ `silence_seconds`, default 1): silent audio.
/// - `no_audio`: no audio stream at all.
/// - `truncate_fraction` (0 < f < 1): after a successful encode, cut the file to that fraction of its
///   bytes and still exit 0 — an engine that "succeeds" with a broken file.
/// - `hang_seconds`: sleep that long, silently, before doing anything (a hang: no output for the
///   stall detector either); then render normally.
/// - `slow_start_seconds`: wait that long printing one heartbeat line a second, then render normally
///   (slow but alive: only a wall-clock timeout can end it).
/// - `crash`: write half a file under a temporary name (never the output path) and exit with status 3.
///
/// hang, slow start and crash are acted out by `Renderer.runEngineCommand`; `Renderer.render`
/// ignores them. A segment fault is active when its `_at` key is present; segments are clipped to
/// the clip.
public struct RenderParams: Codable, Sendable, Hashable {
    public var duration: Double = 4
    public var width: Int = 640
    public var height: Int = 360
    public var fps: Int = 24
    public var seed: Int = 1
    public var audio: Bool = true
    public var blackAt: Double?
    public var blackSeconds: Double?
    public var freezeAt: Double?
    public var freezeSeconds: Double?
    public var silenceAt: Double?
    public var silenceSeconds: Double?
    public var noAudio: Bool = false
    public var truncateFraction: Double?
    public var hangSeconds: Double?
    public var crash: Bool = false
    public var slowStartSeconds: Double?
    /// Stands in for a generator's pose-guidance weight: at 0.9 and above the freeze fault is repaired.
    public var poseWeight: Double = 0.8

    /// `pose_weight` at or above which the freeze fault does not happen.
    public static let freezeRepairPoseWeight = 0.9
    /// Segment length used when only `_at` is given.
    public static let defaultSegmentSeconds = 1.0

    public init(
        duration: Double = 4, width: Int = 640, height: Int = 360, fps: Int = 24, seed: Int = 1,
        audio: Bool = true, blackAt: Double? = nil, blackSeconds: Double? = nil, freezeAt: Double? = nil,
        freezeSeconds: Double? = nil, silenceAt: Double? = nil, silenceSeconds: Double? = nil,
        noAudio: Bool = false, truncateFraction: Double? = nil, hangSeconds: Double? = nil, crash: Bool = false,
        slowStartSeconds: Double? = nil, poseWeight: Double = 0.8
    ) {
        self.duration = duration
        self.width = width
        self.height = height
        self.fps = fps
        self.seed = seed
        self.audio = audio
        self.blackAt = blackAt
        self.blackSeconds = blackSeconds
        self.freezeAt = freezeAt
        self.freezeSeconds = freezeSeconds
        self.silenceAt = silenceAt
        self.silenceSeconds = silenceSeconds
        self.noAudio = noAudio
        self.truncateFraction = truncateFraction
        self.hangSeconds = hangSeconds
        self.crash = crash
        self.slowStartSeconds = slowStartSeconds
        self.poseWeight = poseWeight
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case duration, width, height, fps, seed, audio, crash
        case blackAt = "black_at"
        case blackSeconds = "black_seconds"
        case freezeAt = "freeze_at"
        case freezeSeconds = "freeze_seconds"
        case silenceAt = "silence_at"
        case silenceSeconds = "silence_seconds"
        case noAudio = "no_audio"
        case truncateFraction = "truncate_fraction"
        case hangSeconds = "hang_seconds"
        case slowStartSeconds = "slow_start_seconds"
        case poseWeight = "pose_weight"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        duration = try c.decodeIfPresent(Double.self, forKey: .duration) ?? 4
        width = try Self.integer(c, .width) ?? 640
        height = try Self.integer(c, .height) ?? 360
        fps = try Self.integer(c, .fps) ?? 24
        seed = try Self.integer(c, .seed) ?? 1
        audio = try c.decodeIfPresent(Bool.self, forKey: .audio) ?? true
        blackAt = try c.decodeIfPresent(Double.self, forKey: .blackAt)
        blackSeconds = try c.decodeIfPresent(Double.self, forKey: .blackSeconds)
        freezeAt = try c.decodeIfPresent(Double.self, forKey: .freezeAt)
        freezeSeconds = try c.decodeIfPresent(Double.self, forKey: .freezeSeconds)
        silenceAt = try c.decodeIfPresent(Double.self, forKey: .silenceAt)
        silenceSeconds = try c.decodeIfPresent(Double.self, forKey: .silenceSeconds)
        noAudio = try c.decodeIfPresent(Bool.self, forKey: .noAudio) ?? false
        truncateFraction = try c.decodeIfPresent(Double.self, forKey: .truncateFraction)
        hangSeconds = try c.decodeIfPresent(Double.self, forKey: .hangSeconds)
        crash = try c.decodeIfPresent(Bool.self, forKey: .crash) ?? false
        slowStartSeconds = try c.decodeIfPresent(Double.self, forKey: .slowStartSeconds)
        poseWeight = try c.decodeIfPresent(Double.self, forKey: .poseWeight) ?? 0.8
    }

    /// An integer written as a JSON number with no fractional part (`24` or `24.0`).
    private static func integer(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Int? {
        guard let value = try c.decodeIfPresent(Double.self, forKey: key) else { return nil }
        guard value.isFinite, value == value.rounded(), abs(value) < 9e15 else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c, debugDescription: "\(key.rawValue) must be a whole number, not \(value)")
        }
        return Int(value)
    }

    /// Reads a params file: a JSON object (an empty file or `{}` gives every default).
    public static func load(path: String) throws(EngineToolError) -> RenderParams {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidParams("cannot read params file \(path)")
        }
        return try decode(data, source: path)
    }

    /// Decodes and validates params JSON.
    public static func decode(_ data: Data, source: String = "params") throws(EngineToolError) -> RenderParams {
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return RenderParams()
        }
        let params: RenderParams
        do {
            params = try JSONDecoder().decode(RenderParams.self, from: data)
        } catch let error as DecodingError {
            throw .invalidParams("\(source): \(Self.describe(error))")
        } catch {
            throw .invalidParams("\(source): \(error)")
        }
        try params.validate()
        return params
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue).filter { !$0.isEmpty }
            return keys.isEmpty ? "" : "\(keys.joined(separator: ".")): "
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            return path(context) + context.debugDescription + underlying
        case .keyNotFound(let key, let context):
            return path(context) + "missing \(key.stringValue)"
        @unknown default:
            return "\(error)"
        }
    }

    /// Checks ranges: sizes even and 16…4096, fps 1…120, duration 0 < d ≤ 600, fractions and
    /// seconds sensible. Throws `.invalidParams` naming the first bad field.
    public func validate() throws(EngineToolError) {
        func fail(_ message: String) -> EngineToolError { .invalidParams(message) }
        guard duration.isFinite, duration > 0, duration <= 600 else { throw fail("duration must be in (0, 600] seconds, got \(duration)") }
        for (name, size) in [("width", width), ("height", height)] {
            guard (16...4096).contains(size), size % 2 == 0 else {
                throw fail("\(name) must be an even number of pixels in 16…4096, got \(size)")
            }
        }
        guard (1...120).contains(fps) else { throw fail("fps must be in 1…120, got \(fps)") }
        guard frameCount >= 1 else { throw fail("duration × fps gives no frame") }
        let optionalSeconds: [(String, Double?)] = [
            ("black_at", blackAt), ("freeze_at", freezeAt), ("silence_at", silenceAt),
            ("hang_seconds", hangSeconds), ("slow_start_seconds", slowStartSeconds),
        ]
        for (name, value) in optionalSeconds {
            if let value, !(value.isFinite && value >= 0 && value <= 86_400) {
                throw fail("\(name) must be a number of seconds ≥ 0, got \(value)")
            }
        }
        let lengths: [(String, Double?)] = [
            ("black_seconds", blackSeconds), ("freeze_seconds", freezeSeconds), ("silence_seconds", silenceSeconds),
        ]
        for (name, value) in lengths {
            if let value, !(value.isFinite && value > 0 && value <= 86_400) {
                throw fail("\(name) must be a number of seconds > 0, got \(value)")
            }
        }
        if let truncateFraction, !(truncateFraction.isFinite && truncateFraction > 0 && truncateFraction < 1) {
            throw fail("truncate_fraction must be in (0, 1), got \(truncateFraction)")
        }
        guard poseWeight.isFinite else { throw fail("pose_weight must be a finite number") }
    }

    /// Frames in the clip: duration × fps, rounded.
    public var frameCount: Int { Int((duration * Double(fps)).rounded()) }

    /// Whether the clip has an audio stream.
    public var hasAudio: Bool { audio && !noAudio }

    /// Whether the freeze fault applies (requested, and `pose_weight` below 0.9).
    public var freezeApplies: Bool { freezeAt != nil && poseWeight < Self.freezeRepairPoseWeight }

    /// Frame range `[first, last]` of a segment that starts at `at` seconds and lasts `seconds`,
    /// clipped to the clip; nil when it falls outside.
    func frameSegment(at: Double?, seconds: Double?) -> ClosedRange<Int>? {
        guard let at else { return nil }
        let length = seconds ?? Self.defaultSegmentSeconds
        let first = Int((at * Double(fps)).rounded())
        let last = min(frameCount - 1, first + max(1, Int((length * Double(fps)).rounded())) - 1)
        guard first < frameCount, first <= last else { return nil }
        return first...last
    }

    /// Time range `[start, end]` in seconds of a segment, clipped to the clip; nil when outside.
    func timeSegment(at: Double?, seconds: Double?) -> ClosedRange<Double>? {
        guard let at, at < duration else { return nil }
        let end = min(duration, at + (seconds ?? Self.defaultSegmentSeconds))
        return at...end
    }
}
