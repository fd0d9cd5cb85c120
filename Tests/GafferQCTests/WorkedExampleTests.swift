import Foundation
import GafferContracts
import GafferTestSupport
import Testing

@testable import GafferQC

/// The worked examples of SPEC §4, with the shipped default policy.
struct WorkedExampleTests {
    static let healthy: [String: JSONValue] = [
        "identity_consistency": 0.95, "mask_edge_bleed": 0.95, "temporal_stability": 0.95, "loop_seam": 0.95,
        "audio_video": 0.95, "costume_fidelity": true, "background_stability": 0.95, "identity_drift": 0.95,
    ]

    struct Example: CustomTestStringConvertible, Sendable {
        let name: String
        let changes: [String: JSONValue]
        var removed: [String] = []
        let action: Action
        let statuses: [String: GateStatus]
        var testDescription: String { name }
    }

    static let examples: [Example] = [
        Example(name: "all pass (audio 0.95 ≥ 0.95)", changes: [:], action: .proceed, statuses: ["audio_video_gate": .pass]),
        Example(name: "temporal 0.50 → pose_mismatch retry", changes: ["temporal_stability": 0.5], action: .retryStage, statuses: ["temporal_stability_gate": .softFail]),
        Example(name: "temporal 0.30 → critically low, retry", changes: ["temporal_stability": 0.3], action: .retryStage, statuses: ["temporal_stability_gate": .hardFail]),
        Example(name: "costume false → escalate", changes: ["costume_fidelity": false], action: .escalateUser, statuses: ["costume_fidelity_gate": .hardFail]),
        Example(name: "temporal 0.50 and costume false → escalate by priority", changes: ["temporal_stability": 0.5, "costume_fidelity": false], action: .escalateUser, statuses: ["temporal_stability_gate": .softFail, "costume_fidelity_gate": .hardFail]),
        Example(name: "two metrics absent → two UNKNOWN, escalate", changes: [:], removed: ["background_stability", "identity_drift"], action: .escalateUser, statuses: ["background_stability_gate": .unknown, "identity_drift_gate": .unknown]),
    ]

    static let costumeRequired: JSONValue = [
        "job_id": "job-000001",
        "continuity_pack": ["version": "episode_continuity_pack.v1", "rules": ["require_costume_fidelity": true]],
    ]

    static func defaultPolicy() throws -> QCPolicy {
        let path = RepositoryPaths.path("policies/qc_policy.v1.json")
        return try ContractDecoder.policy(from: Data(contentsOf: URL(fileURLWithPath: path)), source: path)
    }

    @Test(arguments: examples)
    func defaultPolicyRoutesTheWorkedExample(_ example: Example) throws {
        var metrics = Self.healthy
        metrics.merge(example.changes) { _, new in new }
        for name in example.removed { metrics.removeValue(forKey: name) }
        // A job whose continuity pack requires costume fidelity: the costume gate applies (SPEC §3.1).
        let report = QCEvaluator.evaluate(
            policy: try Self.defaultPolicy(), metrics: metrics, job: Self.costumeRequired,
            context: ReportContext(jobID: "job-000001", attemptID: "run-0001", generatedAt: "2026-11-21T00:00:00Z"))
        #expect(report.overall.recommendedAction == example.action)
        for (gateID, status) in example.statuses {
            #expect(report.gates.first { $0.gateID == gateID }?.status == status, "\(gateID)")
        }
        let others = report.gates.filter { example.statuses[$0.gateID] == nil }
        #expect(others.allSatisfy { $0.status == .pass }, "only the changed gates fail: \(others.filter { $0.status != .pass }.map(\.gateID))")
    }

    @Test func thePoseMismatchExampleTargetsMotion() throws {
        var metrics = Self.healthy
        metrics["temporal_stability"] = 0.5
        let report = QCEvaluator.evaluate(
            policy: try Self.defaultPolicy(), metrics: metrics,
            context: ReportContext(jobID: "job-000001", attemptID: "run-0001", generatedAt: "2026-11-21T00:00:00Z"))
        let gate = try #require(report.gates.first { $0.gateID == "temporal_stability_gate" })
        #expect(gate.failureClass == "pose_mismatch")
        #expect(gate.targetStage == .motion)
        #expect(report.overall.failedFailureClasses == ["pose_mismatch"])
    }

    @Test func theDefaultPolicyHasTheOriginalsEightGates() throws {
        let policy = try Self.defaultPolicy()
        #expect(policy.gates.map(\.metric) == [
            "identity_consistency", "mask_edge_bleed", "temporal_stability", "loop_seam", "audio_video",
            "costume_fidelity", "background_stability", "identity_drift",
        ])
        #expect(policy.gates.map(\.threshold) == [0.7, 0.6, 0.7, 0.7, 0.95, 1.0, 0.8, 0.8])
        #expect(policy.maxRetriesDefault == 2)
        #expect(policy.routing.failureActionPriority == [.abort, .escalateUser, .retryStage, .switchPolicy, .proceed])
    }
}
