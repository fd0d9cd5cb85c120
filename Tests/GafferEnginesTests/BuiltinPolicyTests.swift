import GafferContracts
import Testing

@testable import GafferEngines

extension BuiltinEngineTests {

/// `policies/technical_v1.json` gates exactly what the built-in analyzer measures.
@MainActor  // ffmpeg runs synchronously here: on the main thread it never blocks the cooperative pool other tests share
struct BuiltinPolicyTests {
    @Test func theTechnicalPolicyGatesTheAnalyzersMetricsOnTheVideoStage() throws {
        let policy = try BuiltinClips.technicalPolicy()
        let measured = Set(TechnicalMetric.allCases.map(\.rawValue) + [TechnicalMetric.hasAudioKey])
        for gate in policy.gates {
            #expect(measured.contains(gate.metric), "\(gate.gateID) reads \(gate.metric)")
            #expect(gate.targetStage == "video", "\(gate.gateID)")
        }
        let byID = Dictionary(uniqueKeysWithValues: policy.gates.map { ($0.gateID, $0) })
        #expect(byID["integrity_gate"]?.severity == .critical)
        #expect(byID["integrity_gate"]?.failureAction == .retryStage)
        #expect(byID["silence_ratio_gate"]?.failureAction == .escalateUser)
        #expect(byID["silence_ratio_gate"]?.repairable == false)
        #expect(policy.gates.filter { !$0.blocking }.map(\.gateID) == ["true_peak_gate"], "every gate but the true-peak one blocks")
        let audioGates = policy.gates.filter { $0.dimension == .audio }.map(\.gateID).sorted()
        #expect(audioGates == ["audio_video_gate", "has_audio_gate", "silence_ratio_gate", "true_peak_gate"])
        for id in audioGates {
            #expect(byID[id]?.appliesWhen == GateCondition(pointer: "/audio/mode", noneOf: ["platform_trending", "none"]), "\(id) applies unless the master is silent by design")
        }
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
