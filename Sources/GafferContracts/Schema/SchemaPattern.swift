#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A `pattern` / `patternProperties` regular expression, compiled once at schema load.
///
/// Matching is an unanchored search, as JSON Schema requires (`^`/`$` anchor explicitly). The simple anchored
/// patterns schemas are made of are matched by `AnchoredPattern`; the rest by the standard library's `Regex` (with
/// Unicode-scalar semantics), which agrees with ECMA-262 for the usual constructs (one difference: `\d` and `\w` also
/// match non-ASCII digits and letters — as `AnchoredPattern`'s `\d` does, and Python's `re`). Neither needs Foundation,
/// so the contracts load in a binary built on FoundationEssentials alone (the `gaffer qc` front).
struct SchemaPattern: Sendable, Equatable {
    /// The pattern as written in the schema, for messages.
    let source: String
    let engine: Engine

    enum Engine: Sendable {
        case anchored(AnchoredPattern)
        /// A compiled `Regex` is an immutable value; its output type (`AnyRegexOutput`) is not declared
        /// `Sendable`, hence the unchecked box.
        case general(GeneralRegex)
    }

    struct GeneralRegex: @unchecked Sendable {
        let regex: Regex<AnyRegexOutput>
    }

    /// - Throws: the regex parser's error when `source` is not a valid regular expression.
    init(_ source: String) throws {
        self.source = source
        if let anchored = AnchoredPattern(source) {
            engine = .anchored(anchored)
        } else {
            engine = .general(GeneralRegex(regex: try Regex(source).matchingSemantics(.unicodeScalar)))
        }
    }

    /// A pattern of a bundled schema, from the generated tables (`CompiledSchemas`): a test proves each compiles.
    static func bundled(_ source: String) -> SchemaPattern {
        do {
            return try SchemaPattern(source)
        } catch {
            preconditionFailure("bundled schema pattern \(source) does not compile: \(error)")
        }
    }

    /// Two patterns are the same when they are written the same: the engine is a function of the source.
    static func == (lhs: SchemaPattern, rhs: SchemaPattern) -> Bool { lhs.source == rhs.source }

    /// Whether the pattern matches anywhere in `text`.
    func matches(_ text: String) -> Bool {
        switch engine {
        case .anchored(let pattern): pattern.matches(text)
        case .general(let general): text.contains(general.regex)
        }
    }
}
