/// What a job says of its sound (`job.v1` `audio.mode`, the original system's field, plus Gaffer's `none`). The
/// audio gates of a policy apply only to jobs whose master carries sound, through their `applies_when`.
public enum AudioMode: String, Codable, Sendable, Hashable, CaseIterable {
    /// A silent master: the platform adds its trending sound at posting (the original's default).
    case platformTrending = "platform_trending"
    /// The master carries a track from a licensed pack.
    case licensedPack = "licensed_pack"
    /// The master carries a track of the production's own.
    case originalPack = "original_pack"
    /// No sound by design.
    case none
}
