import Foundation
import GafferContracts

/// Small edits of JSON documents, so a test can state "the shipped policy, but with this one fault".
extension JSONValue {
    /// Parses a file (absolute path) into a value; the error names the file.
    public static func read(_ path: String) throws -> JSONValue {
        try JSONParser.parse(Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Parses JSON text; for literals in tests.
    public static func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Data(text.utf8))
    }

    /// Pretty, sorted JSON text with a trailing newline.
    public var text: String { String(decoding: serialized(pretty: true, sortedKeys: true), as: UTF8.self) }

    /// The value at an RFC 6901 pointer (`""` is the whole document).
    public func at(_ pointer: String) -> JSONValue? {
        (try? JSONPointer(parsing: pointer))?.resolve(in: self)
    }

    /// A copy with the value at `pointer` replaced (or added, when the last token names a new
    /// member of an object, or `-` appends to an array).
    /// - Precondition: every token but the last designates an existing object member or array element.
    public func setting(_ pointer: String, to newValue: JSONValue) throws -> JSONValue {
        try editing(Self.tokens(pointer)[...], pointer: pointer) { _ in newValue }
    }

    /// A copy without the member or element at `pointer`.
    public func removing(_ pointer: String) throws -> JSONValue {
        try editing(Self.tokens(pointer)[...], pointer: pointer) { _ in nil }
    }

    /// A copy with the value at `pointer` transformed; returning nil removes it.
    public func updating(_ pointer: String, _ transform: (JSONValue?) throws -> JSONValue?) throws -> JSONValue {
        try editing(Self.tokens(pointer)[...], pointer: pointer, transform)
    }

    public struct EditError: Error, CustomStringConvertible {
        public let pointer: String
        public let reason: String
        public var description: String { "cannot edit \(pointer): \(reason)" }
    }

    static func tokens(_ pointer: String) throws -> [String] {
        do {
            return try JSONPointer(parsing: pointer).tokens
        } catch {
            throw EditError(pointer: pointer, reason: error.description)
        }
    }

    private func editing(
        _ tokens: ArraySlice<String>, pointer: String, _ transform: (JSONValue?) throws -> JSONValue?
    ) throws -> JSONValue {
        guard let token = tokens.first else {
            guard let replaced = try transform(self) else { throw EditError(pointer: pointer, reason: "cannot remove the root") }
            return replaced
        }
        let rest = tokens.dropFirst()
        switch self {
        case .object(var members):
            if rest.isEmpty {
                members[token] = try transform(members[token])
            } else {
                guard let child = members[token] else { throw EditError(pointer: pointer, reason: "no member \(token)") }
                members[token] = try child.editing(rest, pointer: pointer, transform)
            }
            return .object(members)
        case .array(var elements):
            if token == "-", rest.isEmpty {
                if let appended = try transform(nil) { elements.append(appended) }
                return .array(elements)
            }
            guard let index = Int(token), elements.indices.contains(index) else {
                throw EditError(pointer: pointer, reason: "no element \(token)")
            }
            if rest.isEmpty {
                if let replaced = try transform(elements[index]) { elements[index] = replaced } else { elements.remove(at: index) }
            } else {
                elements[index] = try elements[index].editing(rest, pointer: pointer, transform)
            }
            return .array(elements)
        default:
            throw EditError(pointer: pointer, reason: "\(token) descends into a \(typeName)")
        }
    }
}
