import Foundation
import GafferContracts
import GafferLoop
import GafferSupervisor
import GafferTestSupport
import Testing

@testable import GafferAdvisor

/// SPEC §5.4 against a loopback server speaking the chat-completions protocol (`scripts/advisor_stand_in.py`), which
/// records each request: the policy decides what becomes of a proposal, and nothing an advisor does — hang, fail,
/// answer nonsense — changes the deterministic decision unless the policy and the operator allow it.
@Suite("chat-completions advisor", .serialized)
struct ChatCompletionsAdvisorTests {
    static func advisor(_ server: AdvisorStandIn, _ behaviour: String, timeout: Double = 5, key: String? = nil) -> ChatCompletionsAdvisor {
        ChatCompletionsAdvisor(baseURL: server.baseURL(behaviour), model: "stand-in-7b", apiKey: key, timeoutSeconds: timeout)
    }

    @Test func advisoryModeRecordsTheProposalAndNeverChangesTheDecision() async throws {
        let server = try await AdvisorStandIn()
        let (outcome, _) = await AdvisorFixtures.decide(try AdvisorFixtures.input(), asking: Self.advisor(server, "propose-ESCALATE_USER"))
        #expect(outcome.action == .retryStage, "advisory mode: the deterministic RETRY_STAGE stands")
        let record = try #require(outcome.decision.decision.advisor)
        #expect(record.outcome == .recorded)
        #expect(record.proposedAction == .escalateUser && record.proposal?.reasoning == "stand-in proposes ESCALATE_USER")
        #expect(record.model == "stand-in-7b" && record.source == "openai:" + server.baseURL("propose-ESCALATE_USER"))
        #expect((record.latencySeconds ?? 0) > 0 && (record.tokensIn ?? 0) > 100 && (record.tokensOut ?? 0) > 5, "\(record)")
        #expect(record.raw?.contains("ESCALATE_USER") == true)
    }

    @Test func theRequestCarriesTheReportHistoryAllowedActionsAndProfiles() async throws {
        let server = try await AdvisorStandIn()
        _ = await AdvisorFixtures.decide(
            try AdvisorFixtures.input(consent: true), asking: Self.advisor(server, "propose-RETRY_STAGE", key: "sk-test-secret"))
        let sent = try #require(try server.requests("propose-RETRY_STAGE").first)
        #expect(sent["authorization"]?.stringValue == "Bearer sk-test-secret", "the key goes in the header")
        let body = try #require(sent["body"])
        #expect(body["model"]?.stringValue == "stand-in-7b")
        #expect(body["response_format"]?["type"]?.stringValue == "json_schema")
        #expect(body["response_format"]?["json_schema"]?["schema"]?["required"] == ["action", "reasoning"])
        let messages = try #require(body["messages"]?.arrayValue)
        #expect(messages.first?["role"] == "system" && messages.first?["content"]?.stringValue == BundledPrompts.byVersion["advisor.v1"])
        let request = try JSONParser.parse(try #require(messages.last?["content"]?.stringValue))
        #expect(request["version"] == "advisor_request.v1" && request["prompt_version"] == "advisor.v1")
        #expect(request["mode"] == "authority_trial")
        #expect(request["allowed_actions"] == ["RETRY_STAGE"], "the trial's allow-list")
        #expect(request["qc_report"]?["gates"]?.arrayValue?.contains { $0["gate_id"] == "temporal_stability_gate" && $0["status"] == "SOFT_FAIL" } == true)
        #expect(request["history"]?.arrayValue?.first?["attempt_id"] == "run-0001")
        #expect(request["deterministic"]?["action"] == "RETRY_STAGE")
        #expect(request["allowed_profiles"]?.arrayValue?.map { $0["workflow_id"] } == ["comfy_identity_safe_v1"], "the registry but the current workflow")
        #expect(request["budget"]?["retry_allowed"] == true)
        #expect(!String(decoding: body.serialized(), as: UTF8.self).contains("sk-test-secret"), "the key is never in the body")
    }

    struct TrialRow: CustomTestStringConvertible, Sendable {
        let rule: String
        let behaviour: String
        let stageAttempts: Int
        let action: Action
        let outcome: ProductionDecision.AdvisorRecord.Outcome
        var testDescription: String { rule }
    }

    static let trialRows: [TrialRow] = [
        TrialRow(rule: "an allowed proposal is taken (with its adjustments)", behaviour: "propose-RETRY_STAGE", stageAttempts: 1, action: .retryStage, outcome: .taken),
        TrialRow(rule: "an allowed retry with no budget rolls back", behaviour: "propose-RETRY_STAGE", stageAttempts: 3, action: .escalateUser, outcome: .rolledBack),
        TrialRow(rule: "a proposal outside the allow-list is rejected", behaviour: "propose-ABORT", stageAttempts: 1, action: .retryStage, outcome: .rejected),
    ]

    @Test(arguments: trialRows)
    func anAuthorityTrialWeighsTheProposal(_ row: TrialRow) async throws {
        let server = try await AdvisorStandIn()
        let (outcome, _) = await AdvisorFixtures.decide(
            try AdvisorFixtures.input(stageAttempts: row.stageAttempts, consent: true), asking: Self.advisor(server, row.behaviour))
        #expect(outcome.action == row.action, "\(row.rule)")
        #expect(outcome.decision.decision.advisor?.outcome == row.outcome, "\(row.rule): \(String(describing: outcome.decision.decision.advisor))")
        if row.outcome == .taken {
            #expect(outcome.decision.decision.parameterAdjustments["seed"] == 4242, "the proposal's adjustment reaches the decision")
        }
        if row.outcome == .rolledBack { #expect(outcome.decision.decision.escalationReason == .retryBudgetExceeded) }
    }

    struct FailureRow: CustomTestStringConvertible, Sendable {
        let rule: String
        let behaviour: String?
        let note: String
        var testDescription: String { rule }
    }

    static let failureRows: [FailureRow] = [
        FailureRow(rule: "a 10 s hang is cut at the 1.5 s timeout", behaviour: "hang", note: "No answer within 1.5 s"),
        FailureRow(rule: "malformed JSON", behaviour: "malformed", note: "not JSON"),
        FailureRow(rule: "a 500 until the timeout", behaviour: "error500", note: "HTTP 500"),
        FailureRow(rule: "a refused connection", behaviour: nil, note: "connection refused"),
        FailureRow(rule: "an answer with no proposal in it", behaviour: "nonsense", note: "holds no JSON object"),
    ]

    @Test(arguments: failureRows)
    func anAdvisorThatCannotAnswerIsUnavailableAndTheDecisionStands(_ row: FailureRow) async throws {
        let server = try await AdvisorStandIn()
        let closed = try LoopbackPort.free()
        let advisor = row.behaviour.map { Self.advisor(server, $0, timeout: 1.5) }
            ?? ChatCompletionsAdvisor(baseURL: "http://127.0.0.1:\(closed)/v1", model: "m", apiKey: nil, timeoutSeconds: 1.5)
        // The hang answers after 10 s: an advice that is "unavailable … within 1.5 s" was cut at the timeout.
        let (outcome, _) = await AdvisorFixtures.decide(try AdvisorFixtures.input(consent: true), asking: advisor)
        #expect(outcome.action == .retryStage, "\(row.rule): the deterministic decision stands")
        let record = try #require(outcome.decision.decision.advisor)
        #expect(record.outcome == .unavailable && record.proposal == nil, "\(row.rule)")
        #expect(record.note?.contains(row.note) == true, "\(row.rule): \(record.note ?? "")")
        if row.behaviour == "error500" {
            #expect(try server.requests("error500").count >= 2, "5xx is retried within the timeout")
        }
    }

    @Test func a429IsRetriedAndThenAnswered() async throws {
        let server = try await AdvisorStandIn()
        let (outcome, _) = await AdvisorFixtures.decide(try AdvisorFixtures.input(), asking: Self.advisor(server, "busy429-ESCALATE_USER"))
        #expect(outcome.decision.decision.advisor?.outcome == .recorded)
        #expect(try server.requests("busy429-ESCALATE_USER").count == 2)
    }

    @Test func aServerThatRefusesTheSchemaIsAskedAgainWithoutIt() async throws {
        let server = try await AdvisorStandIn()
        let (outcome, _) = await AdvisorFixtures.decide(try AdvisorFixtures.input(), asking: Self.advisor(server, "no-schema-ESCALATE_USER"))
        #expect(outcome.decision.decision.advisor?.outcome == .recorded)
        let sent = try server.requests("no-schema-ESCALATE_USER")
        #expect(sent.count == 2 && sent[0]["body"]?["response_format"] != nil && sent[1]["body"]?["response_format"] == nil)
    }

    @Test func aFencedAnswerIsReadLeniently() async throws {
        let server = try await AdvisorStandIn()
        let (outcome, _) = await AdvisorFixtures.decide(try AdvisorFixtures.input(consent: true), asking: Self.advisor(server, "fenced-RETRY_STAGE"))
        #expect(outcome.decision.decision.advisor?.outcome == .taken)
        #expect(outcome.decision.decision.advisor?.raw?.contains("```json") == true, "the raw answer is kept as received")
    }
}
