#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Wording helpers shared by the validator's messages, so values and lists read the same way
/// in every message.
enum SchemaMessages {
    /// Longest rendering of one value before it is cut with "…".
    static let maximumRenderedLength = 80
    /// How many allowed values or names a message lists before eliding the rest.
    static let maximumListedItems = 12

    /// A value as JSON text, short enough for a one-line message: `"high"`, `3`, `0.5`, `NaN`.
    static func render(_ value: JSONValue) -> String {
        switch value {
        case .number(let number):
            return self.number(number)
        case .string(let text):
            let scalars = text.unicodeScalars
            guard scalars.count > maximumRenderedLength else { return json(value) }
            let prefix = String(String.UnicodeScalarView(scalars.prefix(maximumRenderedLength - 1)))
            return String(json(.string(prefix)).dropLast()) + "…\""
        default:
            let text = json(value)
            guard text.count > maximumRenderedLength else { return text }
            return String(text.prefix(maximumRenderedLength - 1)) + "…"
        }
    }

    /// A value with its type, for "got …": `string "high"`, `integer 3`, `boolean true`, `null`,
    /// `array of 2 items`, `object`.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .array(let elements): "array of \(elements.count) item\(elements.count == 1 ? "" : "s")"
        case .object: "object"
        default: "\(value.typeName) \(render(value))"
        }
    }

    /// A number as JSON writes it, with `NaN`, `Infinity` and `-Infinity` spelled out.
    static func number(_ number: Double) -> String {
        if let text = JSONValue.jsonText(for: number) { return text }
        if number.isNaN { return "NaN" }
        return number < 0 ? "-Infinity" : "Infinity"
    }

    /// `a, b, c`, cut after ``maximumListedItems`` with a count of the rest.
    static func list(_ items: [String]) -> String {
        guard items.count > maximumListedItems else { return items.joined(separator: ", ") }
        let shown = items.prefix(maximumListedItems).joined(separator: ", ")
        return "\(shown), … (\(items.count - maximumListedItems) more)"
    }

    /// `string`, `string or null`, `string, integer or null` (or with "and").
    static func alternatives(_ names: [String], conjunction: String = "or") -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " \(conjunction) " + names[names.count - 1]
    }

    /// The declared name an unexpected key was most likely meant to be (a typo within a couple of
    /// edits), or `nil` when nothing is close.
    static func closestName(to key: String, among candidates: some Sequence<String>) -> String? {
        let budget = max(1, min(2, key.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates.sorted(by: JSONValue.codePointOrder) {
            let distance = editDistance(Array(key.lowercased()), Array(candidate.lowercased()))
            if distance <= budget, distance < best?.distance ?? .max {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    private static func json(_ value: JSONValue) -> String {
        String(decoding: value.serialized(pretty: false), as: UTF8.self)
    }

    /// Levenshtein distance, counting adjacent transpositions as one edit.
    private static func editDistance(_ lhs: [Character], _ rhs: [Character]) -> Int {
        if lhs.isEmpty || rhs.isEmpty { return max(lhs.count, rhs.count) }
        var previousPrevious = [Int](repeating: 0, count: rhs.count + 1)
        var previous = Array(0...rhs.count)
        var current = [Int](repeating: 0, count: rhs.count + 1)
        for row in 1...lhs.count {
            current[0] = row
            for column in 1...rhs.count {
                let substitution = lhs[row - 1] == rhs[column - 1] ? 0 : 1
                current[column] = min(previous[column] + 1, current[column - 1] + 1,
                    previous[column - 1] + substitution)
                if row > 1, column > 1, lhs[row - 1] == rhs[column - 2], lhs[row - 2] == rhs[column - 1] {
                    current[column] = min(current[column], previousPrevious[column - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[rhs.count]
    }
}
