/// What the job says the video should be, for the integrity check: its expected length.
///
/// Either `frames`, or `durationSeconds` and `fps` (frames = duration × fps, rounded).
public struct DeclaredMedia: Sendable, Hashable, Codable {
    public var durationSeconds: Double?
    public var fps: Double?
    public var frames: Int?

    public init(durationSeconds: Double? = nil, fps: Double? = nil, frames: Int? = nil) {
        self.durationSeconds = durationSeconds
        self.fps = fps
        self.frames = frames
    }

    /// The frame count the job expects, when it says enough to know it.
    public var expectedFrames: Int? {
        if let frames { return frames }
        guard let durationSeconds, let fps, durationSeconds.isFinite, fps.isFinite, durationSeconds > 0, fps > 0
        else { return nil }
        return Int((durationSeconds * fps).rounded())
    }

    enum CodingKeys: String, CodingKey {
        case fps, frames
        case durationSeconds = "duration_seconds"
    }
}
