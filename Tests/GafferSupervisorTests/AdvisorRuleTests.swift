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
