/// A timecoded defect span of a clip (`production_metrics.v1` `segments`): black, frozen or silent, in seconds from
/// the start of the clip — what an operator seeks to on the escalation page.
public struct MediaSegment: Codable, Hashable, Sendable {
    public var kind: SegmentKind
    public var startSeconds: Double
    public var endSeconds: Double
    public var position: SegmentPosition

    public init(kind: SegmentKind, startSeconds: Double, endSeconds: Double, position: SegmentPosition) {
        self.kind = kind
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.position = position
    }

    public var durationSeconds: Double { max(0, endSeconds - startSeconds) }

    enum CodingKeys: String, CodingKey {
        case kind, position
        case startSeconds = "start_seconds"
        case endSeconds = "end_seconds"
    }
}
