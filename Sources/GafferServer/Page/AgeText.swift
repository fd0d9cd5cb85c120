import GafferContracts
import Foundation
import GafferLoop

/// How long ago something happened, for people: "42 s", "5 min", "3 h 10 min", "2 d 4 h".
enum AgeText {
    static func text(seconds: Double) -> String {
        let total = Int(max(0, seconds))
        switch total {
        case ..<120: return "\(total) s"
        case ..<3600: return "\(total / 60) min"
        case ..<86_400: return "\(total / 3600) h \(total % 3600 / 60) min"
        default: return "\(total / 86_400) d \(total % 86_400 / 3600) h"
        }
    }

    /// A `<time>` element for an RFC 3339 timestamp, showing its age; the timestamp itself when unreadable.
    static func element(_ timestamp: String, now: Date) -> String {
        let escaped = HTMLEscaping.escape(timestamp)
        guard let date = Timestamp.parse(timestamp) else { return "<time>\(escaped)</time>" }
        return "<time datetime=\"\(escaped)\" title=\"\(escaped)\">\(text(seconds: now.timeIntervalSince(date)))</time>"
    }
}
