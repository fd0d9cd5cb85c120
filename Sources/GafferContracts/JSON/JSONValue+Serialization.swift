#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension JSONValue {
    /// Writes the value as JSON text that is stable byte for byte, so artifacts diff cleanly and
    /// hashes of them are reproducible.
    ///
    /// - Parameters:
    ///   - pretty: two-space indentation, `"key": value`, and a trailing newline; otherwise the
    ///     most compact form with no whitespace at all.
    ///   - sortedKeys: object keys in Unicode code point order (the order Python's
    ///     `sort_keys=True` produces); otherwise dictionary order, which is not stable.
    /// - Returns: UTF-8 JSON. Slashes are not escaped; non-ASCII text is written as is. Integral
    ///   numbers below 2^53 in magnitude are written without a fraction (`3`, not `3.0`), others
    ///   with the shortest text that reads back to the same `Double`. `NaN` and infinities cannot
    ///   be written in JSON and become `null`.
    /// The value as one line of JSON text (keys sorted), for logs and messages.
    public var compactText: String { String(decoding: serialized(pretty: false), as: UTF8.self) }

    public func serialized(pretty: Bool = true, sortedKeys: Bool = true) -> Data {
        var writer = JSONWriter(pretty: pretty, sortedKeys: sortedKeys)
        writer.write(self, indent: 0)
        if pretty { writer.output.append(UInt8(ascii: "\n")) }
        return Data(writer.output)
    }

    /// JSON text for a number, or `nil` when it has none (`NaN`, infinities).
    static func jsonText(for number: Double) -> String? {
        guard number.isFinite else { return nil }
        if number == number.rounded(.towardZero), abs(number) < 9_007_199_254_740_992 {
            return String(Int64(number))
        }
        return number.description
    }

    /// Orders keys by Unicode code point (UTF-8 byte order), independent of locale and of
    /// `String`'s canonical-equivalence ordering.
    static func codePointOrder(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}

/// Appends JSON text to a byte buffer.
private struct JSONWriter {
    let pretty: Bool
    let sortedKeys: Bool
    var output: [UInt8] = []

    init(pretty: Bool, sortedKeys: Bool) {
        self.pretty = pretty
        self.sortedKeys = sortedKeys
        output.reserveCapacity(256)
    }

    mutating func write(_ value: JSONValue, indent: Int) {
        switch value {
        case .null:
            append("null")
        case .bool(let flag):
            append(flag ? "true" : "false")
        case .number(let number):
            append(JSONValue.jsonText(for: number) ?? "null")
        case .string(let text):
            writeString(text)
        case .array(let elements):
            guard !elements.isEmpty else { return append("[]") }
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(indent: indent + 1)
                write(element, indent: indent + 1)
            }
            newline(indent: indent)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { return append("{}") }
            let keys = sortedKeys ? members.keys.sorted(by: JSONValue.codePointOrder) : Array(members.keys)
            output.append(UInt8(ascii: "{"))
            for (position, key) in keys.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(indent: indent + 1)
                writeString(key)
                output.append(UInt8(ascii: ":"))
                if pretty { output.append(UInt8(ascii: " ")) }
                write(members[key] ?? .null, indent: indent + 1)
            }
            newline(indent: indent)
            output.append(UInt8(ascii: "}"))
        }
    }

    mutating func newline(indent: Int) {
        guard pretty else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    mutating func append(_ text: String) {
        output.append(contentsOf: text.utf8)
    }

    mutating func writeString(_ text: String) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case 0..<0x20:
                let digits = String(byte, radix: 16, uppercase: false)
                append("\\u00" + (digits.count == 1 ? "0" + digits : digits))
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
