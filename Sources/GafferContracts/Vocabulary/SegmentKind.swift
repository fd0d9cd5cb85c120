/// What a timecoded defect span of a clip is (`production_metrics.v1` `segments`).
public enum SegmentKind: String, Codable, Sendable, Hashable, CaseIterable {
    case black
    case freeze
    case silence
}

/// Where a span lies in its clip. A short black span at an edge is an editorial fade, not a drop (SPEC §6.5).
public enum SegmentPosition: String, Codable, Sendable, Hashable, CaseIterable {
    /// Starts at the clip's start.
    case leading
    /// Touches neither edge.
    case mid
    /// Ends at the clip's end.
    case trailing
    /// Covers the whole clip.
    case whole
}
