import Foundation

/// A `pattern` / `patternProperties` regular expression, compiled once at schema load.
///
/// Matching is an unanchored search, as JSON Schema requires (`^`/`$` anchor explicitly).
/// The syntax is ICU's (via `NSRegularExpression`), which agrees with ECMA-262 for the usual
/// constructs; one difference: `\d` and `\w` also match non-ASCII digits and letters.
struct SchemaPattern: Sendable {
    /// The pattern as written in the schema, for messages.
    let source: String
    /// `NSRegularExpression` is immutable after creation and documented as thread-safe; it is
    /// declared `Sendable` by Foundation, so it can live in this `Sendable` value.
    let regex: NSRegularExpression

    /// - Throws: Foundation's error when `source` is not a valid regular expression.
    init(_ source: String) throws {
        self.source = source
        self.regex = try NSRegularExpression(pattern: source)
    }

    /// Whether the pattern matches anywhere in `text`.
    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
