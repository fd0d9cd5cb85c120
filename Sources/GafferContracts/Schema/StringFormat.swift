#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The `format` values the validator asserts; every other format is an annotation only.
enum StringFormat: String, Sendable {
    /// RFC 3339 `date-time`: `2026-02-18T00:00:00Z`, with optional fractional seconds and a
    /// numeric offset instead of `Z`.
    case dateTime = "date-time"
    /// RFC 3986 absolute URI: a scheme, a colon, then only URI characters and valid
    /// percent-escapes.
    case uri

    /// Words appended to "is not a valid …" so the operator sees the expected shape.
    var expectation: String {
        switch self {
        case .dateTime: "date-time (RFC 3339, e.g. 2026-02-18T00:00:00Z)"
        case .uri: "URI (absolute, with a scheme, e.g. https://example.com/path)"
        }
    }

    func accepts(_ text: String) -> Bool {
        switch self {
        case .dateTime: Self.isDateTime(Array(text.utf8))
        case .uri: Self.isAbsoluteURI(Array(text.utf8))
        }
    }

    // MARK: - date-time

    private static func isDateTime(_ bytes: [UInt8]) -> Bool {
        var cursor = 0
        func digits(_ count: Int) -> Int? {
            guard cursor + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[cursor..<cursor + count] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            cursor += count
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard cursor < bytes.count, characters.utf8.contains(bytes[cursor]) else { return false }
            cursor += 1
            return true
        }

        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
            expect("Tt"),
            let hour = digits(2), expect(":"), let minute = digits(2), expect(":"), let second = digits(2),
            hour <= 23, minute <= 59, second <= 60
        else { return false }

        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ".") {
            cursor += 1
            let fractionStart = cursor
            while cursor < bytes.count, bytes[cursor] >= 0x30 && bytes[cursor] <= 0x39 { cursor += 1 }
            guard cursor > fractionStart else { return false }
        }

        if expect("Zz") { return cursor == bytes.count }
        guard expect("+-"), let offsetHour = digits(2), expect(":"), let offsetMinute = digits(2),
            offsetHour <= 23, offsetMinute <= 59
        else { return false }
        return cursor == bytes.count
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // MARK: - uri

    private static let uriCharacters: Set<UInt8> = Set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=".utf8)

    private static func isAbsoluteURI(_ bytes: [UInt8]) -> Bool {
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, isLetter(bytes[0]),
            bytes[1..<colon].allSatisfy({ isLetter($0) || isDigit($0) || "+-.".utf8.contains($0) })
        else { return false }
        var fragmentMarks = 0
        var cursor = colon + 1
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "%") {
                guard cursor + 2 < bytes.count, isHexDigit(bytes[cursor + 1]), isHexDigit(bytes[cursor + 2])
                else { return false }
                cursor += 3
                continue
            }
            guard uriCharacters.contains(byte) else { return false }
            if byte == UInt8(ascii: "#") { fragmentMarks += 1 }
            cursor += 1
        }
        return fragmentMarks <= 1
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }
}
