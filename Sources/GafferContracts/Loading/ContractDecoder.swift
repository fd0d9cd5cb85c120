#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns bytes into validated, typed artifacts. Nothing is decoded that did not pass its schema.
public enum ContractDecoder {
    /// Parses JSON, reporting the line and column of a syntax error against `source`.
    public static func parse(_ data: Data, source: String) throws(ContractError) -> JSONValue {
        do {
            return try JSONParser.parse(data)
        } catch {
            throw .malformedJSON(source: source, error)
        }
    }

    /// Validates `value` against the schema of `kind`, then the rules a schema cannot express.
    public static func validate(_ value: JSONValue, as kind: ArtifactKind, source: String) throws(ContractError) {
        var violations = SchemaCatalog.validator(for: kind).validate(value)
        if violations.isEmpty {
            violations = SemanticChecks.violations(of: value, as: kind)
        }
        if !violations.isEmpty { throw .violations(source: source, violations) }
    }

    /// Decodes a value that has already been validated.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, source: String) throws(ContractError) -> T {
        do {
            return try JSONValueDecoder().decode(T.self, from: value)
        } catch {
            // Only reachable when a schema is looser than its type: a defect, reported as a violation.
            throw .violations(source: source, [SchemaViolation(path: JSONPointer.root, message: "does not decode as \(T.self): \(error)")])
        }
    }

    /// Parse, validate and decode in one step.
    public static func load<T: Decodable>(_ type: T.Type, kind: ArtifactKind, from data: Data, source: String) throws(ContractError) -> T {
        let value = try parse(data, source: source)
        try validate(value, as: kind, source: source)
        return try decode(type, from: value, source: source)
    }

    public static func policy(from data: Data, source: String) throws(ContractError) -> QCPolicy {
        try load(QCPolicy.self, kind: .qcPolicy, from: data, source: source)
    }

    public static func job(from data: Data, source: String) throws(ContractError) -> Job {
        let value = try parse(data, source: source)
        try validate(value, as: .job, source: source)
        return try Job(raw: value)
    }
}
