import Foundation

/// One frame of a `metadata=mode=print` / `ametadata=mode=print` dump.
struct FrameRecord: Sendable, Hashable {
    /// `frame:N` (counted by the filter instance that printed it).
    var index: Int
    /// `pts_time:T`, seconds; nil when the frame had no timestamp.
    var time: Double?
    /// The `lavfi.*` values that were asked for, as numbers. `-nan` stays NaN here: aggregates skip it.
    var values: [String: Double]
}

/// Reads the text the metadata filters print:
///
/// ```
/// frame:0    pts:0       pts_time:0
/// lavfi.signalstats.YDIF=0
/// lavfi.black_start=1
/// frame:1    pts:512     pts_time:0.0416667
/// ```
///
/// The filter prints a frame only when the frame carries metadata, so a branch that must count
/// every frame needs a filter that tags every frame (signalstats does).
enum FrameMetadataLog {
    /// Every frame of `text`, keeping the keys in `keys` (all numeric keys when `keys` is nil).
    static func parse(_ text: String, keys: Set<String>? = nil) -> [FrameRecord] {
        var records: [FrameRecord] = []
        var current: FrameRecord?
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("frame:") {
                if let current { records.append(current) }
                current = header(line)
            } else if let equals = line.firstIndex(of: "=") {
                let key = String(line[..<equals])
                guard keys?.contains(key) ?? true else { continue }
                let text = line[line.index(after: equals)...]
                if let value = Double(text) { current?.values[key] = value }
            }
        }
        if let current { records.append(current) }
        return records
    }

    /// `frame:12   pts:6144    pts_time:0.5`
    private static func header(_ line: String) -> FrameRecord {
        var record = FrameRecord(index: 0, time: nil, values: [:])
        for token in line.split(separator: " ", omittingEmptySubsequences: true) {
            if token.hasPrefix("frame:") {
                record.index = Int(token.dropFirst("frame:".count)) ?? 0
            } else if token.hasPrefix("pts_time:") {
                record.time = Double(token.dropFirst("pts_time:".count)).flatMap { $0.isFinite ? $0 : nil }
            }
        }
        return record
    }
}
