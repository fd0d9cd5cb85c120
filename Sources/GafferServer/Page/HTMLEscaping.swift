/// Escaping for text that goes into HTML: every job id, reason, note and path on the review page passes
/// through here, so text from jobs, engines and operators can never become markup.
enum HTMLEscaping {
    /// `text` safe as element content and as a quoted attribute value (`&`, `<`, `>`, `"`, `'` escaped).
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// One path segment for a URL (everything but unreserved characters percent-encoded), not yet HTML-escaped.
    static func urlSegment(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }

    /// A path made of `segments`, each percent-encoded, then escaped for an attribute.
    static func href(_ segments: [String], prefix: String = "") -> String {
        escape(prefix + "/" + segments.map(urlSegment).joined(separator: "/"))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
