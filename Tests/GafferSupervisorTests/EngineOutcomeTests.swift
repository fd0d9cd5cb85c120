import GafferContracts
import Testing

@testable import GafferSupervisor

/// SPEC §5.1: the engine's own outcome is judged before QC, on the same budget.
struct EngineOutcomeTests {
    struct Row: CustomTestStringConvertible, Sendable {
        let cause: String
        let outcome: EngineOutcome
        let exhaustedReason: EscalationReason
        var testDescription: String { cause }
    }

    static let rows: [Row] = [
        Row(cause: "non-zero exit", outcome: EngineOutcome(exitCode: 3), exhaustedReason: .retryBudgetExceeded),
        Row(cause: "killed by a signal", outcome: EngineOutcome(exitCode: nil, signal: 9), exhaustedReason: .retryBudgetExceeded),
        Row(cause: "timed out", outcome: EngineOutcome(exitCode: nil, signal: 9, timedOut: true), exhaustedReason: .retryBudgetExceeded),
        Row(cause: "stalled", outcome: EngineOutcome(exitCode: nil, signal: 15, stalled: true), exhaustedReason: .retryBudgetExceeded),
        Row(cause: "outputs missing after exit 0", outcome: EngineOutcome(missingOutputs: ["motion.mp4"]), exhaustedReason: .artifactMissing),
        Row(cause: "truncated output after exit 0", outcome: EngineOutcome(corruption: "decoded 61 of 120 frames"), exhaustedReason: .artifactCorrupted),
    ]

    @Test(arguments: rows)
    func aFailedEngineIsRetriedWhileTheBudgetLasts(_ row: Row) {
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(), engine: row.outcome, stageAttempts: 2))
        #expect(outcome.action == .retryStage, "\(row.cause)")
        #expect(outcome.decision.decision.targetStage == .motion)
        #expect(outcome.escalation == nil)
    }

    @Test(arguments: rows)
    func aFailedEngineEscalatesByCauseWhenTheBudgetIsSpent(_ row: Row) throws {
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(), engine: row.outcome, stageAttempts: 3))
        #expect(outcome.action == .escalateUser, "\(row.cause)")
        let escalation = try #require(outcome.escalation)
        #expect(escalation.reason == row.exhaustedReason, "\(row.cause)")
        #expect(escalation.evidence.engine == row.outcome)
    }

    @Test func anEngineFailureWinsOverAPassingReport() {
        // A report of an attempt whose engine crashed measures leftovers; it must not let the job proceed.
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(), engine: EngineOutcome(exitCode: 1)))
        #expect(outcome.action == .retryStage)
    }

    @Test func aCleanEngineDefersToQC() {
        #expect(EngineOutcome().failure == nil)
        #expect(Supervisor.decide(Fixtures.input(Fixtures.report(), engine: EngineOutcome())).action == .proceed)
    }
}
