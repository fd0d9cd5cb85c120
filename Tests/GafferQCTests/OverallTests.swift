import GafferContracts
import Testing

@testable import GafferQC

/// SPEC §4, the overall verdict: priority, fallback, lists in policy order.
struct OverallTests {
    static func gate(_ status: GateStatus, _ action: Action?, id: String = "g", blocking: Bool = true, failureClass: String? = nil) -> GateResult {
        GateResult(
            gateID: id, metric: id, dimension: .technical, status: status, severity: .medium, repairable: true,
            score: status == .unknown ? nil : 0.5, threshold: 0.7, direction: .min, blocking: blocking,
            failureAction: action ?? .escalateUser, effectiveAction: status == .pass ? nil : action,
            failureClass: failureClass, targetStage: nil, reason: .scoreBelowThreshold)
    }

    static let defaultRouting = Routing()

    @Test func nothingFailingProceeds() {
        let overall = QCEvaluator.overall(of: [Self.gate(.pass, nil)], routing: Self.defaultRouting)
        #expect(overall.recommendedAction == .proceed)
        #expect(overall.pass)
        #expect(overall.failedGateIDs.isEmpty)
    }

    @Test(arguments: [
        ([Action.retryStage, .escalateUser], Action.escalateUser),
        ([.switchPolicy, .retryStage], .retryStage),
        ([.switchPolicy], .switchPolicy),
        ([.retryStage, .abort, .escalateUser], .abort),
    ])
    func theFirstActionInPriorityOrderWins(carried: [Action], expected: Action) {
        let gates = carried.enumerated().map { Self.gate(.softFail, $1, id: "g\($0)") }
        #expect(QCEvaluator.overall(of: gates, routing: Self.defaultRouting).recommendedAction == expected)
    }

    @Test func anActionOutsideThePriorityListFallsBack() {
        let routing = Routing(failureActionPriority: [.abort], fallbackAction: .switchPolicy)
        let overall = QCEvaluator.overall(of: [Self.gate(.softFail, .retryStage)], routing: routing)
        #expect(overall.recommendedAction == .switchPolicy)
    }

    @Test func failedGatesAreListedInPolicyOrderUnknownIncluded() {
        let gates = [
            Self.gate(.pass, nil, id: "a"), Self.gate(.unknown, .escalateUser, id: "b"),
            Self.gate(.hardFail, .retryStage, id: "c", failureClass: "zeta"),
            Self.gate(.softFail, .retryStage, id: "d", failureClass: "alpha"),
            Self.gate(.softFail, .retryStage, id: "e", failureClass: "alpha"),
        ]
        let overall = QCEvaluator.overall(of: gates, routing: Self.defaultRouting)
        #expect(overall.failedGateIDs == ["b", "c", "d", "e"])
        #expect(overall.failedFailureClasses == ["alpha", "zeta"], "sorted and unique")
        #expect(!overall.pass)
    }

    @Test func stageFilterEvaluatesOnlyTheStagesGates() throws {
        let policy = QCPolicy(policyID: "p", gates: [
            QCGate(gateID: "frame_gate", metric: "f", threshold: 0.5, targetStage: .frame),
            QCGate(gateID: "motion_gate", metric: "m", threshold: 0.5, targetStage: .motion),
        ])
        let report = QCEvaluator.evaluate(
            policy: policy, metrics: ["f": 0.9], stage: .frame,
            context: ReportContext(jobID: "job-000001", attemptID: "run-0001", generatedAt: "2026-11-21T00:00:00Z"))
        #expect(report.gates.map(\.gateID) == ["frame_gate"])
        #expect(report.stage == .frame)
        #expect(report.overall.recommendedAction == .proceed)
    }
}
