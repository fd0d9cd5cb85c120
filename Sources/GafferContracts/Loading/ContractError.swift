/// A document broke its contract. Every case names the file; violations name the JSON path.
public enum ContractError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(source: String, reason: String)
    case malformedJSON(source: String, JSONParseError)
    case violations(source: String, [SchemaViolation])
    case unknownKind(source: String)

    /// One line per fault, each starting with the file name, so an operator can jump to it.
    public var description: String {
        switch self {
        case .unreadable(let source, let reason):
            "\(source): cannot read: \(reason)"
        case .malformedJSON(let source, let error):
            "\(source): malformed JSON at \(error)"
        case .violations(let source, let violations):
            violations.map { "\(source): \($0)" }.joined(separator: "\n")
        case .unknownKind(let source):
            "\(source): cannot tell what kind of document this is (no known \"version\"); "
                + "expected one of: \(ArtifactKind.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }

    /// The same error reported against another name (e.g. a path relative to the working directory).
    public func renamed(_ source: String) -> ContractError {
        switch self {
        case .unreadable(_, let reason): .unreadable(source: source, reason: reason)
        case .malformedJSON(_, let error): .malformedJSON(source: source, error)
        case .violations(_, let violations): .violations(source: source, violations)
        case .unknownKind: .unknownKind(source: source)
        }
    }
}
