import Foundation
import GafferContracts
import GafferLoop
import Yams

/// How to reach an advisor (SPEC §5.4): `{kind: openai, base_url, model, api_key_env, timeout_seconds}` or
/// `{kind: command, argv, timeout_seconds}`, plus when to stop asking one that does not answer (`circuit`). Read
/// from `--advisor FILE`: JSON or YAML, either the object itself or a loop configuration holding it as `advisor:`.
public struct AdvisorSettings: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// `POST {base_url}/chat/completions`: OpenAI, Gemini's OpenAI-compatible endpoint, vLLM, Ollama, llama.cpp.
        case openai(baseURL: String, model: String, apiKeyEnv: String?)
        /// The request JSON on stdin, the proposal on stdout.
        case command(argv: [String], environment: [String])
    }

    public var kind: Kind
    /// The whole call, retries included: past it the deterministic decision stands.
    public var timeoutSeconds: Double
    public var circuit: CircuitBreaker.Settings
    /// The prompt template sent to a chat-completions advisor (`prompts/<version>.md`).
    public var promptVersion: String

    public static let defaultTimeoutSeconds = 30.0
    public static let defaultPromptVersion = "advisor.v1"

    public init(
        kind: Kind, timeoutSeconds: Double = AdvisorSettings.defaultTimeoutSeconds,
        circuit: CircuitBreaker.Settings = CircuitBreaker.Settings(), promptVersion: String = AdvisorSettings.defaultPromptVersion
    ) {
        self.kind = kind
        self.timeoutSeconds = timeoutSeconds
        self.circuit = circuit
        self.promptVersion = promptVersion
    }

    /// Reads `path` (JSON, or YAML when it does not parse as JSON).
    public static func load(_ path: String) throws(ContractError) -> AdvisorSettings {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(source: path, reason: "no such file, or not readable")
        }
        let value: JSONValue
        if let json = try? JSONParser.parse(data) {
            value = json
        } else {
            do {
                value = try YAMLDecoder().decode(JSONValue.self, from: String(decoding: data, as: UTF8.self))
            } catch {
                throw .unreadable(source: path, reason: "neither JSON nor YAML: \(error)")
            }
        }
        return try parse(value, source: path)
    }

    /// The settings of `value`: the advisor object, or a document with it under `advisor`.
    public static func parse(_ value: JSONValue, source: String) throws(ContractError) -> AdvisorSettings {
        var reader = Reader(source: source)
        let result = reader.settings(value)
        if !reader.violations.isEmpty { throw .violations(source: source, reader.violations) }
        return result!
    }

    /// Checks every field, collecting each fault with its JSON path, so one run names them all.
    struct Reader {
        let source: String
        var violations: [SchemaViolation] = []

        mutating func fail(_ path: JSONPointer, _ message: String) {
            violations.append(SchemaViolation(path: path, message: message))
        }

        mutating func settings(_ document: JSONValue) -> AdvisorSettings? {
            var root = JSONPointer.root
            var value = document
            if let nested = document["advisor"], document["kind"] == nil {
                root = root.appending("advisor")
                value = nested
            }
            guard let object = value.objectValue else {
                fail(root, "must be an object with a kind (openai or command)")
                return nil
            }
            let known: Set<String> = ["kind", "base_url", "model", "api_key_env", "timeout_seconds", "argv", "env", "circuit", "prompt"]
            for key in object.keys.sorted() where !known.contains(key) {
                fail(root.appending(key), "unexpected property (known: \(known.sorted().joined(separator: ", ")))")
            }
            let timeout = number(object["timeout_seconds"], at: root.appending("timeout_seconds"), range: 0.1...600) ?? AdvisorSettings.defaultTimeoutSeconds
            var circuit = CircuitBreaker.Settings()
            if let section = object["circuit"] {
                let path = root.appending("circuit")
                if let members = section.objectValue {
                    for key in members.keys.sorted() where !["failures", "cooldown_seconds"].contains(key) {
                        fail(path.appending(key), "unexpected property (known: cooldown_seconds, failures)")
                    }
                    let failures = number(members["failures"], at: path.appending("failures"), range: 1...1000, integer: true)
                    let cooldown = number(members["cooldown_seconds"], at: path.appending("cooldown_seconds"), range: 0...86_400)
                    circuit = CircuitBreaker.Settings(
                        failures: failures.map { Int($0) } ?? circuit.failures, cooldownSeconds: cooldown ?? circuit.cooldownSeconds)
                } else {
                    fail(path, "must be an object {failures, cooldown_seconds}")
                }
            }
            let prompt = string(object["prompt"], at: root.appending("prompt")) ?? AdvisorSettings.defaultPromptVersion
            if BundledPrompts.byVersion[prompt] == nil {
                fail(root.appending("prompt"), "names no prompt template (known: \(BundledPrompts.byVersion.keys.sorted().joined(separator: ", ")))")
            }
            let kind: Kind?
            switch object["kind"]?.stringValue {
            case "openai":
                kind = openai(object, at: root)
            case "command":
                kind = command(object, at: root)
            case let other:
                fail(root.appending("kind"), other.map { "\"\($0)\" is not an advisor kind (openai, command)" } ?? "is required: openai or command")
                kind = nil
            }
            guard let kind else { return nil }
            return AdvisorSettings(kind: kind, timeoutSeconds: timeout, circuit: circuit, promptVersion: prompt)
        }

        mutating func openai(_ object: [String: JSONValue], at root: JSONPointer) -> Kind? {
            let base = string(object["base_url"], at: root.appending("base_url"), required: true)
            if let base, URL(string: base).flatMap({ ["http", "https"].contains($0.scheme ?? "") && $0.host != nil }) != true {
                fail(root.appending("base_url"), "must be an http(s) URL such as http://127.0.0.1:8080/v1")
            }
            let model = string(object["model"], at: root.appending("model"), required: true)
            let keyEnv = string(object["api_key_env"], at: root.appending("api_key_env"))
            if let keyEnv, keyEnv.wholeMatch(of: /[A-Za-z_][A-Za-z0-9_]*/) == nil {
                fail(root.appending("api_key_env"), "must name an environment variable (the key itself never goes in this file)")
            }
            for key in ["argv", "env"] where object[key] != nil { fail(root.appending(key), "belongs to kind command") }
            guard let base, let model else { return nil }
            return .openai(baseURL: base.hasSuffix("/") ? String(base.dropLast()) : base, model: model, apiKeyEnv: keyEnv)
        }

        mutating func command(_ object: [String: JSONValue], at root: JSONPointer) -> Kind? {
            let path = root.appending("argv")
            guard let items = object["argv"]?.arrayValue, !items.isEmpty else {
                fail(path, "is required: the program and its arguments, e.g. [\"./advise.sh\"]")
                return nil
            }
            let argv = items.enumerated().compactMap { index, item in
                string(item, at: path.appending(String(index)), required: true)
            }
            var environment: [String] = []
            if let names = object["env"] {
                if let list = names.arrayValue {
                    environment = list.enumerated().compactMap { string($1, at: root.appending("env").appending(String($0)), required: true) }
                } else {
                    fail(root.appending("env"), "must be a list of environment variable names passed to the command")
                }
            }
            for key in ["base_url", "model", "api_key_env"] where object[key] != nil { fail(root.appending(key), "belongs to kind openai") }
            guard argv.count == items.count else { return nil }
            return .command(argv: argv, environment: environment)
        }

        mutating func string(_ value: JSONValue?, at path: JSONPointer, required: Bool = false) -> String? {
            guard let value else {
                if required { fail(path, "is required") }
                return nil
            }
            guard let text = value.stringValue, !text.isEmpty else {
                fail(path, "must be a non-empty string")
                return nil
            }
            return text
        }

        mutating func number(_ value: JSONValue?, at path: JSONPointer, range: ClosedRange<Double>, integer: Bool = false) -> Double? {
            guard let value else { return nil }
            guard let number = value.doubleValue, range.contains(number), !integer || number.rounded() == number else {
                fail(path, "must be \(integer ? "an integer" : "a number") in \(range.lowerBound.formatted())...\(range.upperBound.formatted())")
                return nil
            }
            return number
        }
    }

    /// What records and logs call this advisor.
    public var source: String {
        switch kind {
        case .openai(let baseURL, _, _): "openai:\(baseURL)"
        case .command(let argv, _): "command:\(argv[0])"
        }
    }
}
