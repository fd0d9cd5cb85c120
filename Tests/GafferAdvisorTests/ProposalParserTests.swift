import GafferContracts
import Testing

@testable import GafferAdvisor

/// Servers and models that ignore `response_format` wrap the object in prose or fences; the parser still finds it,
/// and still refuses what is not a proposal.
struct ProposalParserTests {
    struct Row: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let action: Action?
        let failure: String?
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "a bare object", text: #"{"action": "RETRY_STAGE", "reasoning": "motion 0.5 < 0.7"}"#, action: .retryStage, failure: nil),
        Row(name: "a fenced block after prose", text: "Here is my proposal:\n```json\n{\"action\": \"ESCALATE_USER\", \"reasoning\": \"identity\"}\n```\nHope it helps.", action: .escalateUser, failure: nil),
        Row(name: "trailing text", text: #"{"action": "ABORT", "reasoning": "a {brace} in a string"} and then some words"#, action: .abort, failure: nil),
        Row(name: "a production_decision shape", text: #"{"decision": {"action": "SWITCH_POLICY", "reasoning": "r", "workflow_profile": "comfy_identity_safe_v1"}}"#, action: .switchPolicy, failure: nil),
        Row(name: "extra properties dropped, nulls taken as none", text: #"{"action": "RETRY_STAGE", "reasoning": "r", "confidence": 0.8, "target_stage": null}"#, action: .retryStage, failure: nil),
        Row(name: "an action outside the vocabulary", text: #"{"action": "retry_motion", "reasoning": "r"}"#, action: nil, failure: "/action"),
        Row(name: "no reasoning", text: #"{"action": "PROCEED"}"#, action: nil, failure: "reasoning"),
        Row(name: "adjustments that are not numbers", text: #"{"action": "RETRY_STAGE", "reasoning": "r", "parameter_adjustments": {"seed": "x"}}"#, action: nil, failure: "/parameter_adjustments/seed"),
        Row(name: "no JSON at all", text: "I think you should retry.", action: nil, failure: "holds no JSON object"),
        Row(name: "an empty answer", text: "  \n", action: nil, failure: "empty"),
        Row(name: "malformed JSON", text: #"{"action": "RETRY_STAGE", "reasoning": }"#, action: nil, failure: "holds no JSON object"),
    ]

    @Test(arguments: rows)
    func answersAreReadLenientlyAndCheckedStrictly(_ row: Row) throws {
        do {
            let parsed = try ProposalParser.parse(row.text)
            #expect(row.failure == nil, "\(row.name): expected a failure mentioning \(row.failure ?? "")")
            #expect(parsed.proposal.action == row.action)
        } catch {
            let expected = try #require(row.failure, "\(row.name): unexpected failure \(error)")
            #expect(error.description.contains(expected), "\(row.name): \(error.description)")
        }
    }

    @Test func droppedPropertiesAreNamed() throws {
        let parsed = try ProposalParser.parse(#"{"action": "RETRY_STAGE", "reasoning": "r", "confidence": 0.8, "parameter_adjustments": {"seed": 7}}"#)
        #expect(parsed.ignored == ["confidence"])
        #expect(parsed.proposal.parameterAdjustments == ["seed": 7])
    }
}
