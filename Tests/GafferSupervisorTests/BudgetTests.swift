import GafferContracts
import Testing

@testable import GafferSupervisor

/// SPEC §5.2 budget: attempts of a stage ≤ max_retries + 1; the escalation names the best attempt.
struct BudgetTests {
    @Test(arguments: [(1, 2, Action.retryStage), (2, 2, .retryStage), (3, 2, .escalateUser), (1, 0, .escalateUser), (2, 1, .escalateUser)])
    func retriesStopAtTheBudget(stageAttempts: Int, maxRetries: Int, expected: Action) {
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(["motion": 0.5]), stageAttempts: stageAttempts, maxRetries: maxRetries))
        #expect(outcome.action == expected)
        if expected == .escalateUser { #expect(outcome.escalation?.reason == .retryBudgetExceeded) }
    }

    @Test func theBestAttemptIsNamedNotTheLast() throws {
        let history = [Fixtures.attempt("run-0001", score: 0.6), Fixtures.attempt("run-0002", score: 0.85)]
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(["motion": 0.5]), history: history, stageAttempts: 3))
        let escalation = try #require(outcome.escalation)
        #expect(escalation.bestAttemptID == "run-0002")
        #expect(escalation.requiredArtifact.contains("run-0002"))
    }

    @Test func attemptsOfOtherStagesDoNotCompete() throws {
        let history = [Fixtures.attempt("run-0001", stage: .frame, score: 0.99), Fixtures.attempt("run-0002", score: 0.5)]
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(["motion": 0.5]), history: history, stageAttempts: 3))
        // Current attempt's mean blocking score is (0.9+0.5+1+0+0.9+0.9)/6 ≈ 0.7 > 0.5.
        #expect(try #require(outcome.escalation).bestAttemptID == "run-0003")
    }

    @Test func theJobCapStopsRetriesEvenWithStageBudgetLeft() throws {
        let history = (1...5).map { Fixtures.attempt(AttemptID.make($0), stage: .frame) }
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(["motion": 0.5]), history: history, stageAttempts: 1, maxJobAttempts: 6))
        #expect(outcome.action == .escalateUser)
        #expect(outcome.decision.decision.reasoning.contains("6 of 6"))
    }

    @Test func aBudgetEscalationDropsTheRetrysWorkflowChange() {
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(["motion": 0.5]), stageAttempts: 3))
        #expect(outcome.decision.decision.workflowProfile == nil)
        #expect(outcome.decision.decision.parameterAdjustments.isEmpty)
    }
}
