import GafferContracts
import Testing

@testable import GafferEngines

extension BuiltinEngineTests {

/// `policies/technical_v1.json` gates exactly what the built-in analyzer measures.
@MainActor  // ffmpeg runs synchronously here: on the main thread it never blocks the cooperative pool other tests share
struct BuiltinPolicyTests {
    @Test func theTechnicalPolicyGatesTheAnalyzersMetricsOnTheVideoStage() throws {
        let policy = try BuiltinClips.technicalPolicy()
        let measured = Set(TechnicalMetric.allCases.map(\.rawValue))
        for gate in policy.gates {
            #expect(measured.contains(gate.metric), "\(gate.gateID) reads \(gate.metric)")
            #expect(gate.targetStage == "video", "\(gate.gateID)")
        }
        let byID = Dictionary(uniqueKeysWithValues: policy.gates.map { ($0.gateID, $0) })
        #expect(byID["integrity_gate"]?.severity == .critical)
        #expect(byID["integrity_gate"]?.failureAction == .retryStage)
        #expect(byID["silence_ratio_gate"]?.failureAction == .escalateUser)
        #expect(byID["silence_ratio_gate"]?.repairable == false)
        #expect(byID["blur_mean_gate"]?.blocking == false)
        #expect(byID["black_ratio_gate"]?.direction == .max)

        #expect(policy.failureClass(forMetric: "freeze_ratio")?.classID == "frozen_motion")
        #expect(policy.failureClass(forMetric: "temporal_stability")?.classID == "frozen_motion")
        let preset = try #require(policy.preset(forClass: "frozen_motion"))
        #expect(preset.presetID == "motion_safe_v1")
        #expect(preset.workflowID == "demo_v1")
        #expect(preset.parameterOverrides["pose_weight"] == 0.95)
        // The preset's override is exactly what makes the renderer drop the freeze.
        #expect(preset.parameterOverrides["pose_weight"]! >= RenderParams.freezeRepairPoseWeight)
    }
}
}
