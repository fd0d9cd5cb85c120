import GafferContracts
import Testing

@testable import GafferSupervisor

/// SPEC §5.2: low pose coverage gets one retry with half the frames, then escalates.
struct PoseAuditTests {
    @Test(arguments: [
        (PoseObservation(poseDetectionRatio: 0.2, maxFrames: 48), 24),
        (PoseObservation(poseDetectionRatio: 0.9, poseFallbackActive: true, maxFrames: 64), 32),
        (PoseObservation(poseDetectionRatio: 0.1), 24),
        (PoseObservation(poseDetectionRatio: 0.1, maxFrames: 1), 1),
    ])
    func lowCoverageRetriesWithHalfTheFrames(pose: PoseObservation, expectedFrames: Int) {
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(), pose: pose))
        #expect(outcome.action == .retryStage)
        #expect(outcome.decision.decision.targetStage == .motion)
        #expect(outcome.decision.decision.policyOverrides.maxFramesOverride == expectedFrames)
        #expect(outcome.poseRetry)
    }

    @Test func coverageAtTheThresholdIsEnough() {
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(), pose: PoseObservation(poseDetectionRatio: 0.35)))
        #expect(outcome.action == .proceed)
        #expect(!outcome.poseRetry)
    }

    @Test func aSecondLowReadingEscalates() throws {
        let history = [Fixtures.attempt("run-0002", poseRetry: true)]
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(), pose: PoseObservation(poseDetectionRatio: 0.2), history: history, stageAttempts: 2))
        #expect(outcome.action == .escalateUser)
        #expect(try #require(outcome.escalation).reason == .lowConfidenceDetection)
    }

    @Test func aPoseRetryOnAnotherStageDoesNotCount() {
        let history = [Fixtures.attempt("run-0001", stage: .frame, poseRetry: true)]
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(), pose: PoseObservation(poseDetectionRatio: 0.2), history: history))
        #expect(outcome.action == .retryStage)
    }

    @Test func aQCEscalationIsNotDowngradedByTheAudit() throws {
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(["costume": false]), pose: PoseObservation(poseDetectionRatio: 0.1)))
        #expect(try #require(outcome.escalation).reason == .identityConflict)
    }

    @Test func aPoseRetryStillRespectsTheBudget() throws {
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(), pose: PoseObservation(poseDetectionRatio: 0.1), stageAttempts: 3))
        #expect(try #require(outcome.escalation).reason == .retryBudgetExceeded)
        #expect(outcome.decision.decision.policyOverrides.maxFramesOverride == nil)
    }
}
