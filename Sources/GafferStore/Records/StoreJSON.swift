import Foundation
import GafferContracts

/// How every store keeps nested values: JSON text. Free-form objects (event details, overrides) go through the
/// project's JSON reader and writer — Foundation's coders cost more than the rest of an event's write and read —
/// and typed values through Foundation's coders with sorted keys.
public enum StoreJSON {
    public static func text(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public static func text(_ value: [String: JSONValue]) -> String {
        value.isEmpty ? "{}" : String(decoding: JSONValue.object(value).serialized(pretty: false), as: UTF8.self)
    }

    public static func text(_ value: [String: [String: JSONValue]]) -> String {
        text(value.mapValues(JSONValue.object))
    }

    public static func value<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T? {
        guard let text else { return nil }
        return try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    public static func value(_ type: [String: JSONValue].Type, _ text: String?) throws -> [String: JSONValue]? {
        guard let text else { return nil }
        if text == "{}" { return [:] }
        guard let object = try JSONParser.parse(text).objectValue else {
            throw DecodingError.typeMismatch(type, .init(codingPath: [], debugDescription: "not a JSON object: \(text.prefix(80))"))
        }
        return object
    }

    public static func value(_ type: [String: [String: JSONValue]].Type, _ text: String?) throws -> [String: [String: JSONValue]]? {
        guard let object = try value([String: JSONValue].self, text) else { return nil }
        return try object.mapValues { inner in
            guard let fields = inner.objectValue else {
                throw DecodingError.typeMismatch(type, .init(codingPath: [], debugDescription: "not an object of objects"))
            }
            return fields
        }
    }

    /// Gate id → verdict, read with the project's JSON reader (one per attempt row: Foundation's decoder cost more
    /// than the rest of listing ten thousand attempts).
    /// Each distinct text is parsed once (`TextMemo`).
    public static func value(_ type: [String: GateStatus].Type, _ text: String?) throws -> [String: GateStatus]? {
        guard let text else { return nil }
        return try gateVerdicts.value(for: text) { text in
            try (value([String: JSONValue].self, text) ?? [:]).mapValues { verdict in
                guard let name = verdict.stringValue, let status = GateStatus(rawValue: name) else {
                    throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not a gate verdict: \(verdict)"))
                }
                return status
            }
        }
    }

    private static let gateVerdicts = TextMemo<[String: GateStatus]>()
    private static let engineFacts = TextMemo<UserActionRequired.EngineFacts>()

    /// An attempt's engine facts, read with the project's JSON reader; the same fields Foundation's decoder requires.
    /// Each distinct text is parsed once (`TextMemo`).
    public static func value(_ type: UserActionRequired.EngineFacts.Type, _ text: String?) throws -> UserActionRequired.EngineFacts? {
        guard let text else { return nil }
        return try engineFacts.value(for: text, engineFacts(from:))
    }

    private static func engineFacts(from text: String) throws -> UserActionRequired.EngineFacts {
        guard let object = try value([String: JSONValue].self, text) else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no engine facts")) }
        func missing(_ key: String) -> DecodingError {
            .keyNotFound(AnyKey(key), .init(codingPath: [], debugDescription: "engine facts lack \(key)"))
        }
        guard let timedOut = object["timed_out"]?.boolValue else { throw missing("timed_out") }
        guard let stalled = object["stalled"]?.boolValue else { throw missing("stalled") }
        guard let outputs = object["missing_outputs"]?.arrayValue else { throw missing("missing_outputs") }
        func integer(_ key: String) -> Int? { object[key]?.doubleValue.map { Int($0) } }
        return UserActionRequired.EngineFacts(
            exitCode: integer("exit_code"), signal: integer("signal"), timedOut: timedOut, stalled: stalled,
            missingOutputs: outputs.compactMap(\.stringValue), corruption: object["corruption"]?.stringValue,
            invalidInput: object["invalid_input"]?.boolValue)
    }

    /// An escalation's stored document.
    public static func escalation(_ text: String) throws -> EscalationRecord {
        EscalationRecord(document: try JSONDecoder().decode(UserActionRequired.self, from: Data(text.utf8)))
    }

    /// A worker's labels as stored: a JSON object of strings.
    public static func labels(_ labels: [String: String]) -> String { text(labels.mapValues(JSONValue.string)) }

    public static func labels(_ text: String, workerID: String) throws -> [String: String] {
        try (value([String: JSONValue].self, text) ?? [:]).mapValues { label in
            guard let string = label.stringValue else {
                throw DecodingError.typeMismatch(String.self, .init(codingPath: [], debugDescription: "worker \(workerID): a label is not a string: \(text.prefix(80))"))
            }
            return string
        }
    }

    /// A handoff registry entry as stored.
    public static func handoff(_ text: String) throws -> HandoffRegistry.Entry {
        try JSONDecoder().decode(HandoffRegistry.Entry.self, from: Data(text.utf8))
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
