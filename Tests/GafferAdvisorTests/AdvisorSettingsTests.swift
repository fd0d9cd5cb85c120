import Foundation
import GafferContracts
import GafferTestSupport
import Testing

@testable import GafferAdvisor

/// `--advisor FILE`: JSON or YAML, the object or a loop configuration holding it; every fault named with its path.
struct AdvisorSettingsTests {
    @Test func yamlAndJSONAndANestedAdvisorKeyAllRead() throws {
        let folder = try TemporaryFolder("advisor-settings")
        let yaml = try folder.write("gaffer.yaml", """
            advisor:
              kind: openai
              base_url: http://127.0.0.1:8080/v1/
              model: qwen2.5-7b-instruct
              api_key_env: LOCAL_KEY
              timeout_seconds: 12
              circuit: {failures: 2, cooldown_seconds: 60}
            """)
        let settings = try AdvisorSettings.load(yaml)
        #expect(settings.kind == .openai(baseURL: "http://127.0.0.1:8080/v1", model: "qwen2.5-7b-instruct", apiKeyEnv: "LOCAL_KEY"))
        #expect(settings.timeoutSeconds == 12 && settings.circuit.failures == 2 && settings.circuit.cooldownSeconds == 60)
        let json = try folder.write("advisor.json", #"{"kind": "command", "argv": ["./advise.sh", "--fast"], "env": ["HOME"]}"#)
        #expect(try AdvisorSettings.load(json).kind == .command(argv: ["./advise.sh", "--fast"], environment: ["HOME"]))
    }

    struct Row: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let paths: [String]
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "no kind", text: #"{"model": "m"}"#, paths: ["/kind"]),
        Row(name: "an unknown kind", text: #"{"kind": "gemini"}"#, paths: ["/kind"]),
        Row(name: "openai without base_url and model", text: #"{"kind": "openai"}"#, paths: ["/base_url", "/model"]),
        Row(name: "a base_url that is not http", text: #"{"kind": "openai", "base_url": "ftp://x", "model": "m"}"#, paths: ["/base_url"]),
        Row(name: "a key written into the file", text: #"{"kind": "openai", "base_url": "http://x/v1", "model": "m", "api_key_env": "sk-abc-123"}"#, paths: ["/api_key_env"]),
        Row(name: "a timeout out of range", text: #"{"kind": "command", "argv": ["a"], "timeout_seconds": 0}"#, paths: ["/timeout_seconds"]),
        Row(name: "a typo", text: #"{"kind": "command", "argv": ["a"], "timout_seconds": 5}"#, paths: ["/timout_seconds"]),
        Row(name: "command without argv", text: #"{"kind": "command"}"#, paths: ["/argv"]),
        Row(name: "a circuit with zero failures", text: #"{"kind": "command", "argv": ["a"], "circuit": {"failures": 0}}"#, paths: ["/circuit/failures"]),
        Row(name: "an unknown prompt", text: #"{"kind": "command", "argv": ["a"], "prompt": "advisor.v9"}"#, paths: ["/prompt"]),
        Row(name: "nested", text: #"{"advisor": {"kind": "openai", "base_url": "http://x/v1"}}"#, paths: ["/advisor/model"]),
    ]

    @Test(arguments: rows)
    func badSettingsNameTheFileAndEveryPath(_ row: Row) throws {
        let folder = try TemporaryFolder("advisor-settings-bad")
        let file = try folder.write("advisor.json", row.text)
        do {
            _ = try AdvisorSettings.load(file)
            Issue.record("\(row.name): accepted")
        } catch {
            guard case .violations(let source, let violations) = error else { Issue.record("\(row.name): \(error)"); return }
            #expect(source == file)
            #expect(violations.map(\.path.description).sorted() == row.paths.sorted(), "\(row.name): \(error.description)")
        }
    }

    @Test func anUnsetKeyVariableIsAnErrorAtStart() throws {
        let settings = AdvisorSettings(kind: .openai(baseURL: "http://x/v1", model: "m", apiKeyEnv: "GAFFER_TEST_UNSET_KEY"))
        #expect(throws: ContractError.self) { try settings.makeAdvisor(environment: [:], source: "advisor.yaml") }
        let advisor = try settings.makeAdvisor(environment: ["GAFFER_TEST_UNSET_KEY": "sk-1"], source: "advisor.yaml")
        #expect(advisor.source == "openai:http://x/v1")
    }
}
