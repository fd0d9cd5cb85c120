import GafferContracts
import Testing

@testable import GafferSupervisor

/// SPEC §5.4: an advisor never has the last word unless the policy and the operator both allow it.
struct AdvisorRuleTests {
    static let failing = Fixtures.report(["motion": 0.5])  // deterministic: RETRY_STAGE

    struct Row: CustomTestStringConvertible, Sendable {
        let rule: String
        let proposal: Action?
        let consent: Bool
        let stageAttempts: Int
        let action: Action
        let outcome: ProductionDecision.AdvisorRecord.Outcome
        var testDescription: String { rule }
    }

    static let rows: [Row] = [
        Row(rule: "without consent a proposal is recorded only", proposal: .escalateUser, consent: false, stageAttempts: 1, action: .retryStage, outcome: .recorded),
        Row(rule: "without consent a disallowed proposal is rejected", proposal: .abort, consent: false, stageAttempts: 1, action: .retryStage, outcome: .rejected),
        Row(rule: "authority trial: an allowed proposal is taken", proposal: .switchPolicy, consent: true, stageAttempts: 1, action: .switchPolicy, outcome: .taken),
        Row(rule: "authority trial: a proposal outside the list changes nothing", proposal: .abort, consent: true, stageAttempts: 1, action: .retryStage, outcome: .rejected),
        Row(rule: "authority trial: an allowed retry with no budget rolls back", proposal: .switchPolicy, consent: true, stageAttempts: 3, action: .escalateUser, outcome: .rolledBack),
        Row(rule: "no answer changes nothing", proposal: nil, consent: true, stageAttempts: 1, action: .retryStage, outcome: .unavailable),
    ]

    @Test(arguments: rows)
    func theAdvisorIsWeighedByPolicy(_ row: Row) throws {
        let advice = AdvisorAdvice(source: "test", action: row.proposal)
        let outcome = Supervisor.decide(Fixtures.input(Self.failing, stageAttempts: row.stageAttempts, advice: advice, consent: row.consent))
        #expect(outcome.action == row.action, "\(row.rule)")
        let record = try #require(outcome.decision.decision.advisor)
        #expect(record.outcome == row.outcome, "\(row.rule)")
        #expect(record.deterministicAction == .retryStage)
        #expect(record.proposedAction == row.proposal)
    }

    @Test func aProceedingDecisionIsNotReplacedInATrial() throws {
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(), advice: AdvisorAdvice(source: "test", action: .retryStage), consent: true))
        #expect(outcome.action == .proceed)
        #expect(try #require(outcome.decision.decision.advisor).outcome == .recorded)
    }

    @Test func noAdvisorMeansNoRecord() {
        #expect(Supervisor.decide(Fixtures.input(Self.failing)).decision.decision.advisor == nil)
    }
}

/// What a taken proposal brings besides its action, what is refused, and when an advisor is asked at all.
struct AdvisorProposalTests {
    static let failing = Fixtures.report(["motion": 0.5])
    static let registry = WorkflowRegistry(workflows: [
        .init(workflowID: "demo_v1", engine: "process", relpath: "w/demo.yaml"),
        .init(workflowID: "comfy_identity_safe_v1", engine: "comfyui", relpath: "w/id.json", tags: ["identity"]),
    ])

    static func decide(_ proposal: AdvisorProposal, consent: Bool = true) -> ProductionDecision.Decision {
        Supervisor.decide(Fixtures.input(
            failing, registry: registry, currentWorkflow: "demo_v1", advice: AdvisorAdvice(source: "t", proposal: proposal),
            consent: consent)).decision.decision
    }

    @Test func aTakenSwitchCarriesItsWorkflowAndAdjustments() {
        let decision = Self.decide(AdvisorProposal(
            action: .switchPolicy, reasoning: "identity drifts", workflowProfile: "comfy_identity_safe_v1",
            parameterAdjustments: ["identity_weight": 0.95]))
        #expect(decision.action == .switchPolicy && decision.advisor?.outcome == .taken)
        #expect(decision.workflowProfile == "comfy_identity_safe_v1")
        #expect(decision.parameterAdjustments["identity_weight"] == 0.95)
        #expect(decision.reasoning.contains("Advisor: identity drifts"))
    }

    @Test func aSwitchToAWorkflowTheRegistryLacksIsRejected() {
        for profile in ["comfy_made_up_v9", "demo_v1"] {
            let decision = Self.decide(AdvisorProposal(action: .switchPolicy, reasoning: "r", workflowProfile: profile))
            #expect(decision.action == .retryStage && decision.advisor?.outcome == .rejected, "\(profile)")
            #expect(decision.advisor?.note?.contains("not one the registry offers") == true, "\(profile): the current workflow is not a switch")
        }
    }

    @Test func withoutConsentNothingOfTheProposalIsApplied() {
        let decision = Self.decide(AdvisorProposal(action: .retryStage, reasoning: "r", parameterAdjustments: ["seed": 9]), consent: false)
        #expect(decision.advisor?.outcome == .recorded && decision.parameterAdjustments["seed"] == nil)
    }

    @Test func anAdvisorIsAskedOnlyWhenItCanMatter() throws {
        let retry = Fixtures.input(Self.failing, consent: true)
        let request = try #require(AdvisorRequest.make(for: retry, deterministic: Supervisor.decide(retry), promptVersion: "advisor.v1"))
        #expect(request.mode == .authorityTrial && request.allowedActions == [.retryStage, .switchPolicy])
        let advisory = Fixtures.input(Self.failing)
        #expect(AdvisorRequest.make(for: advisory, deterministic: Supervisor.decide(advisory), promptVersion: nil)?.mode == .advisory)
        let healthy = Fixtures.input(Fixtures.report(), consent: true)
        #expect(AdvisorRequest.make(for: healthy, deterministic: Supervisor.decide(healthy), promptVersion: nil) == nil, "not after PROCEED")
        #expect(AdvisorRequest.make(for: healthy, deterministic: Supervisor.decide(healthy), promptVersion: nil, always: true) != nil, "gaffer advise asks anyway")
        let crashed = Fixtures.input(Self.failing, engine: EngineOutcome(exitCode: 1), consent: true)
        #expect(AdvisorRequest.make(for: crashed, deterministic: Supervisor.decide(crashed), promptVersion: nil) == nil, "not when the engine failed")
        var quiet = Fixtures.input(Self.failing)
        quiet.policy.advisoryMode.enabled = false
        quiet.policy.authorityTrial.enabled = false
        #expect(AdvisorRequest.make(for: quiet, deterministic: Supervisor.decide(quiet), promptVersion: nil) == nil, "the policy asks for none")
    }

    @Test func aLongAnswerIsCutAtACharacterBoundary() {
        let advice = AdvisorAdvice(source: "t", proposal: nil, raw: String(repeating: "é", count: 6000))
        let raw = advice.raw ?? ""
        #expect(raw.utf8.count <= ProductionDecision.AdvisorRecord.rawLimit + 3 && raw.hasSuffix("…") && raw.hasPrefix("éé"))
    }
}
