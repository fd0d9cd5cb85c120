import GafferContracts
import Testing

@testable import GafferSupervisor

/// SPEC §5.2–§5.3: from the report's recommendation to a decision and, when needed, an escalation.
struct ReportRoutingTests {
    @Test func aPassingReportProceedsWithoutEscalation() {
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report()))
        #expect(outcome.action == .proceed)
        #expect(outcome.escalation == nil)
        #expect(outcome.decision.decision.budget == ProductionDecision.Budget(stageAttempts: 1, maxRetries: 2, jobAttempts: 1))
    }

    @Test func aMissingReportFailsClosed() throws {
        let outcome = Supervisor.decide(Fixtures.input(nil))
        #expect(outcome.action == .escalateUser)
        #expect(try #require(outcome.escalation).reason == .artifactMissing)
    }

    @Test func anEmptyReportFailsClosed() {
        var report = Fixtures.report()
        report.gates = []
        #expect(Supervisor.decide(Fixtures.input(report)).action == .escalateUser)
    }

    @Test func aRetryTargetsTheFirstMeasuredFailuresStage() {
        // identity (frame) fails first in policy order; motion also fails.
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(["identity": 0.5, "motion": 0.5]), stage: .video))
        #expect(outcome.action == .retryStage)
        #expect(outcome.decision.decision.targetStage == .frame)
    }

    @Test func aRetryIgnoresUnknownGatesWhenChoosingTheStage() {
        var policy = Fixtures.policy
        policy.defaultActionOnMissingReport = .retryStage
        let report = Fixtures.report(["motion": 0.5], removing: ["identity"], policy: policy)
        let outcome = Supervisor.decide(Fixtures.input(report, stage: .video))
        #expect(outcome.decision.decision.targetStage == .motion, "identity is UNKNOWN and has no measured failure")
    }

    @Test func aRetryCarriesThePresetOfTheFirstFailedClass() {
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(["identity": 0.5, "motion": 0.5])))
        // Classes sorted: identity_drift < pose_mismatch.
        #expect(outcome.decision.decision.workflowProfile == "comfy_identity_safe_v1")
        #expect(outcome.decision.decision.parameterAdjustments == ["identity_weight": 0.9])
    }

    @Test func abortEndsTheJobWithoutAnEscalation() {
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(["fatal": 0.1])))
        #expect(outcome.action == .abort)
        #expect(outcome.escalation == nil)
        #expect(outcome.decision.decision.reasoning.contains("ABORT"))
    }

    struct CauseRow: CustomTestStringConvertible, Sendable {
        let cause: String
        let changes: [String: JSONValue]
        let removing: [String]
        let reason: EscalationReason
        var testDescription: String { cause }
    }

    @Test(arguments: [
        CauseRow(cause: "costume failure is an identity conflict", changes: ["costume": false], removing: [], reason: .identityConflict),
        CauseRow(cause: "missing metrics are a missing artifact", changes: [:], removing: ["motion"], reason: .artifactMissing),
        CauseRow(cause: "missing identity metric is missing, not a conflict", changes: [:], removing: ["identity"], reason: .artifactMissing),
        CauseRow(cause: "a non-repairable technical defect is a corrupted artifact", changes: ["black_ratio": 0.5], removing: [], reason: .artifactCorrupted),
        CauseRow(cause: "the escalating gate decides, not a retrying one", changes: ["motion": 0.5, "costume": false], removing: [], reason: .identityConflict),
    ])
    func escalationReasonFollowsTheCause(_ row: CauseRow) throws {
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(row.changes, removing: row.removing)))
        #expect(outcome.action == .escalateUser, "\(row.cause)")
        let escalation = try #require(outcome.escalation)
        #expect(escalation.reason == row.reason, "\(row.cause)")
        #expect(outcome.decision.decision.escalationReason == row.reason)
    }

    @Test func anEscalationCarriesTheEvidenceAnOperatorNeeds() throws {
        let outcome = Supervisor.decide(Fixtures.input(Fixtures.report(["motion": 0.5, "costume": false])))
        let escalation = try #require(outcome.escalation)
        #expect(escalation.evidence.failingGates.map(\.gateID) == ["motion_gate", "costume_gate"])
        #expect(escalation.evidence.failingGates.first?.score == 0.5)
        #expect(escalation.evidence.failingGates.first?.threshold == 0.7)
        #expect(escalation.thresholdFailed == "motion_gate: 0.5 < 0.7 (SOFT_FAIL); costume_gate: 0.0 < 1.0 (HARD_FAIL)")
        #expect(escalation.evidence.outputs == ["logs/job-000001/attempts/run-0003/motion.mp4"])
        #expect(escalation.escalationID == "esc-job-000001-run-0003")
        #expect(escalation.status == .open)
        #expect(escalation.allowedResponses.contains(.retryStage))
        #expect(escalation.exampleFix?.contains("gaffer escalations resolve esc-job-000001-run-0003") == true)
        // The artifact must satisfy its own schema.
        _ = try ContractEncoder.encode(escalation, as: .userActionRequired)
        _ = try ContractEncoder.encode(outcome.decision, as: .productionDecision)
    }
}
