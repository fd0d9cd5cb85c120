import GafferContracts
import Testing

@testable import GafferQC

/// SPEC §4 steps 1, 4 and 5: thresholds, classification, the repairable rule, non-blocking gates.
struct GateRoutingTests {
    static let policy = QCPolicy(
        policyID: "routing-test",
        defaultActionOnMissingReport: .retryStage,
        gates: [
            QCGate(gateID: "identity_gate", metric: "identity", dimension: .identity, threshold: 0.7, failureAction: .switchPolicy, targetStage: .frame),
            QCGate(gateID: "motion_gate", metric: "motion", threshold: 0.7, failureAction: .escalateUser, targetStage: .motion),
            QCGate(gateID: "custom_gate", metric: "custom", threshold: 0.5, failureAction: .switchPolicy, targetStage: .video),
            QCGate(gateID: "fixed_gate", metric: "fixed", threshold: 1, repairable: false, failureAction: .retryStage),
            QCGate(gateID: "abort_gate", metric: "fatal", threshold: 1, repairable: false, failureAction: .abort),
            QCGate(gateID: "shadow_gate", metric: "shadow", threshold: 0.5, failureAction: .abort, blocking: false),
        ],
        failureClassification: FailureClassification(classes: [
            FailureClass(classID: "first_class", metrics: ["identity", "motion"], action: .retryStage),
            FailureClass(classID: "second_class", metrics: ["motion"], action: .abort),
        ]))

    static func gate(_ id: String) -> QCGate { policy.gates.first { $0.gateID == id }! }

    @Test func theFirstClassContainingTheMetricGivesTheAction() {
        let result = GateEvaluator.evaluate(Self.gate("motion_gate"), reading: .value(0.5), jobThreshold: nil, policy: Self.policy)
        #expect(result.failureClass == "first_class")
        #expect(result.effectiveAction == .retryStage)
        #expect(result.failureAction == .escalateUser, "the report keeps the gate's own action as written")
    }

    @Test func anUnclassifiedGateUsesItsOwnAction() {
        let result = GateEvaluator.evaluate(Self.gate("custom_gate"), reading: .value(0.2), jobThreshold: nil, policy: Self.policy)
        #expect(result.failureClass == nil)
        #expect(result.effectiveAction == .switchPolicy)
    }

    @Test func unknownGatesAreNotClassifiedAndTakeTheMissingReportAction() {
        let result = GateEvaluator.evaluate(Self.gate("identity_gate"), reading: .missing, jobThreshold: nil, policy: Self.policy)
        #expect(result.status == .unknown)
        #expect(result.failureClass == nil)
        #expect(result.effectiveAction == .retryStage)
    }

    @Test func aNonRepairableGateEscalatesInsteadOfRetrying() {
        let result = GateEvaluator.evaluate(Self.gate("fixed_gate"), reading: .value(0), jobThreshold: nil, policy: Self.policy)
        #expect(result.effectiveAction == .escalateUser)
    }

    @Test func aNonRepairableGateKeepsANonRetryAction() {
        let result = GateEvaluator.evaluate(Self.gate("abort_gate"), reading: .value(0), jobThreshold: nil, policy: Self.policy)
        #expect(result.effectiveAction == .abort)
    }

    @Test func aPassingGateCarriesNoAction() {
        let result = GateEvaluator.evaluate(Self.gate("motion_gate"), reading: .value(0.9), jobThreshold: nil, policy: Self.policy)
        #expect(result.status == .pass)
        #expect(result.effectiveAction == nil)
        #expect(result.failureClass == nil)
    }

    @Test(arguments: [(0.82, 0.85, GateStatus.softFail), (0.5, 0.4, .pass), (0.95, 0.99, .softFail)])
    func theJobThresholdReplacesThePolicyThreshold(score: Double, jobThreshold: Double, expected: GateStatus) {
        let result = GateEvaluator.evaluate(Self.gate("motion_gate"), reading: .value(score), jobThreshold: jobThreshold, policy: Self.policy)
        #expect(result.status == expected)
        #expect(result.threshold == jobThreshold, "the report shows the effective threshold")
    }

    @Test func thePolicyThresholdIsUsedWhenTheJobSetsNone() {
        // The original replaced policy thresholds of eight metrics with hard-coded defaults; Gaffer does not.
        let strict = QCGate(gateID: "identity_consistency_gate", metric: "identity_consistency", threshold: 0.95)
        let result = GateEvaluator.evaluate(strict, reading: .value(0.9), jobThreshold: nil, policy: Self.policy)
        #expect(result.status == .softFail)
        #expect(result.threshold == 0.95)
    }

    @Test func aNonBlockingGateIsReportedButNeverRoutes() {
        let report = QCEvaluator.evaluate(
            policy: Self.policy,
            metrics: ["identity": 0.9, "motion": 0.9, "custom": 0.9, "fixed": 1, "fatal": 1, "shadow": 0],
            context: ReportContext(jobID: "job-000001", attemptID: "run-0001", generatedAt: "2026-11-21T00:00:00Z"))
        let shadow = report.gates.first { $0.gateID == "shadow_gate" }!
        #expect(shadow.status == .hardFail)
        #expect(report.overall.recommendedAction == .proceed)
        #expect(report.overall.pass)
        #expect(report.overall.failedGateIDs == ["shadow_gate"])
    }
}
