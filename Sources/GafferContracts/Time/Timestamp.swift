#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// RFC 3339 timestamps in UTC with milliseconds (`2026-12-01T09:23:26.123Z`), the form every schema expects.
/// One fixed width, so the store can compare them as text (leases, back-off).
public enum Timestamp {
    public static func now() -> String { format(Date()) }

    /// By arithmetic on the Unix time (days → civil date, H. Hinnant's algorithm): a format style costs a short-lived
    /// `gaffer qc` a fifth of a millisecond to set up, and this is the only form Gaffer writes. Milliseconds are
    /// truncated from the date's own seconds since 2001, as `Date.ISO8601FormatStyle` does (a test holds the two to
    /// the same text).
    public static func format(_ date: Date) -> String {
        let sinceReference = date.timeIntervalSinceReferenceDate
        let wholeSeconds = sinceReference.rounded(.down)
        let fraction = Int64(((sinceReference - wholeSeconds) * 1000).rounded(.down))
        let milliseconds = (Int64(wholeSeconds) + 978_307_200) * 1000 + min(fraction, 999)
        let (days, msOfDay) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let (day, ms) = msOfDay < 0 ? (days - 1, msOfDay + 86_400_000) : (days, msOfDay)
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func digits(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return digits(year, 4) + "-" + digits(month, 2) + "-" + digits(dayOfMonth, 2) + "T" + digits(ms / 3_600_000, 2) + ":"
            + digits(ms / 60_000 % 60, 2) + ":" + digits(ms / 1000 % 60, 2) + "." + digits(ms % 1000, 3) + "Z"
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
}
