#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A location inside a JSON document (RFC 6901), used to say where a violation is and to
/// resolve local `$ref`s.
///
/// `description` is the RFC form: `""` for the whole document, `/gates/2/failure_action`
/// otherwise, with `~` written `~0` and `/` written `~1` inside a token.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// Why a pointer string could not be read.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The text that was being parsed.
        public let pointer: String
        /// What was wrong with it.
        public let message: String

        public var description: String { "invalid JSON pointer \"\(pointer)\": \(message)" }
    }

    /// The unescaped reference tokens, outermost first. Array indices are decimal strings.
    public let tokens: [String]

    /// The whole document.
    public static let root = JSONPointer(tokens: [])

    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Reads the RFC 6901 string form (`""` or `/a/b~1c`).
    /// - Throws: ``ParseError`` when the text is neither empty nor starts with `/`, or a `~` is
    ///   not followed by `0` or `1`.
    public init(parsing text: String) throws(ParseError) {
        guard !text.isEmpty else {
            self.init(tokens: [])
            return
        }
        guard text.hasPrefix("/") else {
            throw ParseError(pointer: text, message: "must be empty or start with '/'")
        }
        var tokens: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = String.UnicodeScalarView()
            var iterator = raw.unicodeScalars.makeIterator()
            while let scalar = iterator.next() {
                guard scalar == "~" else {
                    token.append(scalar)
                    continue
                }
                switch iterator.next() {
                case "0": token.append("~")
                case "1": token.append("/")
                default: throw ParseError(pointer: text, message: "'~' must be followed by '0' or '1'")
                }
            }
            tokens.append(String(token))
        }
        self.init(tokens: tokens)
    }

    /// Whether this points at the whole document.
    public var isRoot: Bool { tokens.isEmpty }

    /// The pointer to member `key` of the object here.
    public func appending(_ key: String) -> JSONPointer {
        JSONPointer(tokens: tokens + [key])
    }

    /// The pointer to element `index` of the array here.
    public func appending(_ index: Int) -> JSONPointer {
        JSONPointer(tokens: tokens + [String(index)])
    }

    public var description: String {
        tokens.map { "/" + Self.escape($0) }.joined()
    }

    /// The form shown to operators: like `description`, but the root is `/` rather than an
    /// invisible empty string.
    public var displayString: String {
        isRoot ? "/" : description
    }

    /// The value this pointer designates in `document`, or `nil` when a token names a missing
    /// member, an out-of-range or malformed index (leading zeros, signs), or descends into a scalar.
    public func resolve(in document: JSONValue) -> JSONValue? {
        var current = document
        for token in tokens {
            switch current {
            case .object(let members):
                guard let member = members[token] else { return nil }
                current = member
            case .array(let elements):
                guard let index = Self.arrayIndex(token), index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    static func escape(_ token: String) -> String {
        guard token.contains(where: { $0 == "~" || $0 == "/" }) else { return token }
        var escaped = ""
        for character in token {
            switch character {
            case "~": escaped += "~0"
            case "/": escaped += "~1"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// RFC 6901 array index: `0` or a decimal number without leading zeros.
    static func arrayIndex(_ token: String) -> Int? {
        guard let first = token.utf8.first, token.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        if first == UInt8(ascii: "0") && token.utf8.count > 1 { return nil }
        return Int(token)
    }
}
