import Foundation

/// A `pattern` / `patternProperties` regular expression, compiled once at schema load.
///
/// Matching is an unanchored search, as JSON Schema requires (`^`/`$` anchor explicitly). The simple anchored
/// patterns schemas are made of are matched by `AnchoredPattern`, without ICU; the rest by ICU (`NSRegularExpression`),
/// which agrees with ECMA-262 for the usual constructs (one difference: `\d` and `\w` also match non-ASCII digits and
/// letters — as `AnchoredPattern`'s `\d` does, and Python's `re`).
struct SchemaPattern: Sendable {
    /// The pattern as written in the schema, for messages.
    let source: String
    let engine: Engine

    enum Engine: Sendable {
        case anchored(AnchoredPattern)
        /// `NSRegularExpression` is immutable after creation and documented as thread-safe; it is declared
        /// `Sendable` by Foundation, so it can live in this `Sendable` value.
        case icu(NSRegularExpression)
    }

    /// - Throws: Foundation's error when `source` is not a valid regular expression.
    init(_ source: String) throws {
        self.source = source
        if let anchored = AnchoredPattern(source) {
            engine = .anchored(anchored)
        } else {
            engine = .icu(try NSRegularExpression(pattern: source))
        }
    }

    /// Whether the pattern matches anywhere in `text`.
    func matches(_ text: String) -> Bool {
        switch engine {
        case .anchored(let pattern): pattern.matches(text)
        case .icu(let regex): regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }
}
