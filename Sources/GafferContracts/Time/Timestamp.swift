import Foundation

/// RFC 3339 timestamps in UTC with milliseconds (`2026-12-01T09:23:26.123Z`), the form every schema expects.
/// One fixed width, so the store can compare them as text (leases, back-off).
public enum Timestamp {
    public static func now() -> String { format(Date()) }

    public static func format(_ date: Date) -> String {
        date.formatted(style)
    }

    /// `text` moved by `seconds` (unparseable text is treated as now).
    public static func adding(_ seconds: Double, to text: String) -> String {
        format((parse(text) ?? Date()).addingTimeInterval(seconds))
    }

    /// Reads an RFC 3339 timestamp, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        for format in [Date.ISO8601FormatStyle(includingFractionalSeconds: true), Date.ISO8601FormatStyle()] {
            if let date = try? format.parse(text) { return date }
        }
        return nil
    }

    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
