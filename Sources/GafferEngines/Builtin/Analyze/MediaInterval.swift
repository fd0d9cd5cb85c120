/// A span of a clip, in seconds from its start: `[start, end)`.
public struct MediaInterval: Sendable, Hashable, Codable, CustomStringConvertible {
    public var start: Double
    public var end: Double

    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    public var duration: Double { max(0, end - start) }

    public func contains(_ time: Double) -> Bool { time >= start && time < end }

    public var description: String {
        "\(FilterNumber.fixed(start, digits: 3))–\(FilterNumber.fixed(end, digits: 3)) s"
    }
}

extension Array where Element == MediaInterval {
    /// Each interval clipped to `bounds`, empty ones dropped, overlapping or touching ones merged, sorted.
    func normalized(within bounds: ClosedRange<Double>) -> [MediaInterval] {
        let clipped = compactMap { interval -> MediaInterval? in
            let start = Swift.max(bounds.lowerBound, interval.start)
            let end = Swift.min(bounds.upperBound, interval.end)
            return end > start ? MediaInterval(start: start, end: end) : nil
        }.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        var merged: [MediaInterval] = []
        for interval in clipped {
            if let last = merged.last, interval.start <= last.end {
                merged[merged.count - 1].end = Swift.max(last.end, interval.end)
            } else {
                merged.append(interval)
            }
        }
        return merged
    }

    /// Total length of the intervals (assumed normalized: disjoint).
    var totalDuration: Double { reduce(0) { $0 + $1.duration } }

    /// Whether any interval contains `time`.
    func covers(_ time: Double) -> Bool { contains { $0.contains(time) } }
}

/// Pairs `start`/`end` events of one detector into intervals, in frame order.
///
/// blackdetect, freezedetect and silencedetect tag the frame where a segment starts and the first
/// frame after it; a segment still open at the end of the stream gets no end tag (measured with
/// ffmpeg 5.1), so it is closed at `streamEnd`.
struct IntervalTracker {
    private(set) var intervals: [MediaInterval] = []
    private var openStart: Double?

    mutating func start(at time: Double) {
        if openStart == nil { openStart = time }
    }

    mutating func end(at time: Double) {
        guard let start = openStart else { return }
        intervals.append(MediaInterval(start: start, end: time))
        openStart = nil
    }

    /// The intervals, an open one closed at `streamEnd`, keeping those at least `minimum` long.
    func finished(streamEnd: Double, minimum: Double = 0) -> [MediaInterval] {
        var all = intervals
        if let openStart { all.append(MediaInterval(start: openStart, end: max(openStart, streamEnd))) }
        return all.filter { $0.duration >= minimum - 1e-9 }
    }
}
