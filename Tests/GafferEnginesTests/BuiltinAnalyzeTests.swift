import Foundation
import GafferContracts
import Testing

@testable import GafferEngines

extension BuiltinEngineTests {

/// The built-in analyzer on real renders with injected faults (SPEC §5.1, §6.5).
@MainActor  // ffmpeg runs synchronously here: on the main thread it never blocks the cooperative pool other tests share
struct BuiltinAnalyzeTests {
    /// Every metric is finite: NaN from a detector never reaches a score.
    func expectFinite(_ analysis: Analysis, sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, value) in analysis.qualityMetrics {
            #expect(value.isFinite, "\(name) = \(value)", sourceLocation: sourceLocation)
        }
    }

    @Test func aCleanRenderPassesEveryTechnicalGate() throws {
        let folder = try BuiltinTempFolder("clean")
        let (summary, analysis) = try BuiltinClips.renderAndAnalyze(BuiltinClips.params(), in: folder, thumbnails: true)
        #expect(summary.frames == 96)
        #expect(analysis.corruption == nil)
        #expect(analysis.hasAudio)
        let policy = try BuiltinClips.technicalPolicy()
        #expect(policy.gates.count == 11)
        #expect(BuiltinClips.failingGates(policy, analysis).isEmpty, "\(analysis.qualityMetrics)")
        for gate in policy.gates where gate.metric != TechnicalMetric.hasAudioKey {
            let score = try #require(analysis.qualityMetrics[gate.metric], "\(gate.metric) measured")
            #expect(BuiltinClips.passes(gate, score), "\(gate.gateID): \(gate.metric) = \(score) vs \(gate.direction) \(gate.threshold)")
        }
        #expect(analysis[.temporalStability]! >= 0.85)
        #expect(analysis[.decodedFrames] == 96)
        #expect(analysis[.declaredFrames] == 96)
        #expect(analysis[.durationSeconds] == 4)
        #expect(analysis.blackIntervals.isEmpty && analysis.freezeIntervals.isEmpty && analysis.silenceIntervals.isEmpty)
        expectFinite(analysis)

        let visual = analysis.visualMetrics()
        #expect(visual.imageResolution == "320x180")
        #expect(visual.aspectRatio == 1.7778)

        let sheet = try #require(analysis.contactSheet)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: sheet))
        #expect((sheet as NSString).lastPathComponent == "contact_sheet.jpg")
        #expect(Array(bytes.prefix(3)) == [0xFF, 0xD8, 0xFF], "a JPEG")
    }

    @Test func aBlackSegmentIsMeasuredAsBlackNotFrozen() throws {
        let folder = try BuiltinTempFolder("black")
        let params = BuiltinClips.params { $0.blackAt = 1; $0.blackSeconds = 1 }
        let (_, analysis) = try BuiltinClips.renderAndAnalyze(params, in: folder)
        #expect(abs(analysis[.blackRatio]! - 0.25) <= 0.05)
        #expect(analysis[.freezeRatio]! < 0.05, "the black segment also triggers freezedetect; counted once")
        #expect(abs(analysis[.temporalStability]! - 0.75) <= 0.05, "the moving share; the re-entry jump is not counted twice")
        #expect(analysis.corruption == nil)
        let policy = try BuiltinClips.technicalPolicy()
        #expect(BuiltinClips.failingGates(policy, analysis) == ["black_ratio_gate"], "black alone is not routed as frozen motion")
    }

    @Test func aFreezeIsMeasuredAndRepairedByPoseWeight() throws {
        let folder = try BuiltinTempFolder("freeze")
        let frozen = BuiltinClips.params { $0.freezeAt = 1; $0.freezeSeconds = 2 }
        let (summary, analysis) = try BuiltinClips.renderAndAnalyze(frozen, in: folder, name: "frozen.mp4")
        #expect(summary.faults == ["freeze"])
        #expect(abs(analysis[.freezeRatio]! - 0.5) <= 0.05)
        #expect(analysis[.blackRatio] == 0)
        #expect(analysis[.temporalStability]! < 0.7)

        var repaired = frozen
        repaired.poseWeight = 0.95
        let (_, retry) = try BuiltinClips.renderAndAnalyze(repaired, in: folder, name: "repaired.mp4")
        #expect(retry[.freezeRatio] == 0)
        #expect(retry[.temporalStability]! >= 0.85)

        let policy = try BuiltinClips.technicalPolicy()
        #expect(BuiltinClips.failingGates(policy, analysis) == ["freeze_ratio_gate", "temporal_stability_gate"])
        #expect(BuiltinClips.failingGates(policy, retry).isEmpty)
    }

    @Test func silenceIsMeasured() throws {
        let folder = try BuiltinTempFolder("silence")
        let params = BuiltinClips.params { $0.silenceAt = 1; $0.silenceSeconds = 1.5 }
        let (_, analysis) = try BuiltinClips.renderAndAnalyze(params, in: folder)
        #expect(abs(analysis[.silenceRatio]! - 0.375) <= 0.05)
        #expect(analysis.hasAudio)
        #expect(analysis[.audioVideo]! >= 0.95)
        #expect(BuiltinClips.failingGates(try BuiltinClips.technicalPolicy(), analysis) == ["silence_ratio_gate"])
    }

    @Test func noAudioIsHasAudioFalseNotSilence() throws {
        let folder = try BuiltinTempFolder("noaudio")
        let (_, analysis) = try BuiltinClips.renderAndAnalyze(BuiltinClips.params(duration: 2) { $0.noAudio = true }, in: folder)
        #expect(!analysis.hasAudio)
        #expect(analysis[.audioVideo] == nil, "no sound, no sound measures")
        #expect(analysis[.silenceRatio] == nil)
        #expect(analysis[.loudnessLUFS] == nil)
        #expect(analysis.qualityMetricsJSON()["has_audio"] == .bool(false))
        #expect(analysis.corruption == nil)
        let policy = try BuiltinClips.technicalPolicy()
        #expect(BuiltinClips.failingGates(policy, analysis) == ["audio_video_gate", "has_audio_gate", "silence_ratio_gate"],
                "a job that expects sound: no track fails has_audio; silence and sync cannot be measured")
        for mode in [AudioMode.none, .platformTrending] {
            #expect(BuiltinClips.failingGates(policy, analysis, audio: mode).isEmpty,
                    "a job whose master is silent by design (\(mode.rawValue)): the audio gates do not apply")
        }
        #expect(BuiltinClips.failingGates(policy, analysis, audio: .licensedPack).contains("has_audio_gate"))
    }

    @Test func aTruncatedFileThatRenderedSuccessfullyIsCorrupt() throws {
        let folder = try BuiltinTempFolder("truncated")
        let params = BuiltinClips.params { $0.truncateFraction = 0.5 }
        let (summary, analysis) = try BuiltinClips.renderAndAnalyze(params, in: folder)
        #expect(summary.faults == ["truncated"])
        #expect(summary.bytes == summary.encodedBytes / 2)
        let corruption = try #require(analysis.corruption)
        #expect(corruption.contains("of 96 frames"))
        #expect(analysis[.integrity] == 0)
        #expect(analysis[.decodedFrames]! < 96 * 0.98)
        #expect(analysis.qualityMetricsJSON()["integrity"] == .number(0))
        #expect(BuiltinClips.failingGates(try BuiltinClips.technicalPolicy(), analysis).contains("integrity_gate"))
        expectFinite(analysis)
    }

    @Test func blurNaNOnAllBlackFramesIsSkipped() throws {
        let folder = try BuiltinTempFolder("allblack")
        let params = BuiltinClips.params(duration: 2) { $0.blackAt = 0; $0.blackSeconds = 2 }
        let (_, analysis) = try BuiltinClips.renderAndAnalyze(params, in: folder)
        if let blur = analysis[.blurMean] { #expect(blur.isFinite) }
        #expect(analysis[.blackRatio]! >= 0.95)
        #expect(analysis[.freezeRatio]! < 0.05)
        #expect(analysis[.temporalStability]! < 0.1)
        expectFinite(analysis)
        let metrics = analysis.productionMetrics(jobID: "job-blur01", attemptID: "run-0001", stage: "video")
        let data = try ContractEncoder.encode(metrics, as: .productionMetrics)
        #expect(!String(decoding: data, as: UTF8.self).lowercased().contains("nan"))
    }

    @Test func theSameSeedGivesTheSameMetrics() throws {
        let folder = try BuiltinTempFolder("determinism")
        let params = BuiltinClips.params(duration: 3, seed: 2) { $0.freezeAt = 1 }
        let (_, first) = try BuiltinClips.renderAndAnalyze(params, in: folder, name: "a.mp4")
        let (_, second) = try BuiltinClips.renderAndAnalyze(params, in: folder, name: "b.mp4")
        #expect(first.qualityMetrics == second.qualityMetrics)
        #expect(first.freezeIntervals == second.freezeIntervals)
    }

    @Test func aFileFFprobeCannotReadIsCorruptNotAnError() throws {
        let folder = try BuiltinTempFolder("garbage")
        let garbage = try folder.write("garbage.mp4", String(repeating: "not a video ", count: 400))
        let analysis = try Analyzer.analyze(video: garbage, thumbnailsDir: folder.path("thumbs"))
        let corruption = try #require(analysis.corruption)
        #expect(corruption.hasPrefix("ffprobe: "))
        #expect(analysis.probe == nil)
        #expect(analysis.qualityMetrics == ["integrity": 0])
        #expect(analysis.contactSheet == nil)

        // A render cut before its moov atom (faststart puts it first, so keep only the head).
        let clip = folder.path("clip.mp4")
        _ = try Renderer.render(BuiltinClips.params(duration: 1), to: clip)
        let head = try Data(contentsOf: URL(fileURLWithPath: clip)).prefix(600)
        let cut = folder.path("cut.mp4")
        try head.write(to: URL(fileURLWithPath: cut))
        let cutAnalysis = try Analyzer.analyze(video: cut)
        #expect(cutAnalysis.corruption?.hasPrefix("ffprobe: ") == true)
        #expect(cutAnalysis.qualityMetrics == ["integrity": 0])
    }

    /// What an ffmpeg that lacks an option of the pass prints, as ffmpeg does, before it reads anything.
    enum MissingOption: String, CaseIterable, Sendable {
        case filterScript, cpuFlags, both

        var refusesScript: Bool { self != .cpuFlags }
        var refusesCPUFlags: Bool { self != .filterScript }
    }

    @Test(arguments: MissingOption.allCases)
    func anFFmpegThatRefusesAnOptionGetsThePassWithoutIt(_ missing: MissingOption) throws {
        let folder = try BuiltinTempFolder("refuses-\(missing.rawValue)")
        let clip = folder.path("clip.mp4")
        _ = try Renderer.render(BuiltinClips.params(duration: 2) { $0.freezeAt = 1 }, to: clip)
        let ffmpeg = try #require(ToolProcess.locate("ffmpeg"))
        // FFmpeg 8 may drop the deprecated `-filter_complex_script`; an ffmpeg built for another CPU has no
        // `slowgather`.
        // The messages are the ones ffmpeg 5.1 prints for an unknown option and an unknown CPU flag.
        let refusing = try folder.write("ffmpeg-without-\(missing.rawValue)", """
            #!/bin/sh
            for argument in "$@"; do
              if [ "\(missing.refusesScript)" = true ] && [ "$argument" = "-filter_complex_script" ]; then
                echo "Unrecognized option 'filter_complex_script'." >&2
                echo "Error splitting the argument list: Option not found" >&2
                exit 8
              fi
              if [ "\(missing.refusesCPUFlags)" = true ] && [ "$argument" = "-cpuflags" ]; then
                echo "Failed to set value '+slowgather' for option 'cpuflags': Invalid argument" >&2
                echo "Error parsing global options: Invalid argument" >&2
                exit 1
              fi
            done
            exec "\(ffmpeg)" "$@"
            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: refusing)

        let normal = try Analyzer.analyze(video: clip, thumbnailsDir: folder.path("normal"), gathers: .slow)
        let fallback = try Analyzer.analyze(
            video: clip, ffmpeg: refusing, thumbnailsDir: folder.path("fallback"), gathers: .slow)
        #expect(normal.corruption == nil && fallback.corruption == nil, "\(fallback.corruption ?? "")")
        #expect(fallback.qualityMetrics == normal.qualityMetrics)
        #expect(fallback.freezeIntervals == normal.freezeIntervals && !normal.freezeIntervals.isEmpty)
        let sheet = try Data(contentsOf: URL(fileURLWithPath: try #require(normal.contactSheet)))
        let inlineSheet = try Data(contentsOf: URL(fileURLWithPath: try #require(fallback.contactSheet)))
        #expect(inlineSheet == sheet, "the same twelve frames, whichever way the chain reached ffmpeg")
    }

    @Test func ffmpegsOwnRefusalsAreRecognisedAndABadFileIsNotOne() throws {
        let folder = try BuiltinTempFolder("refusal")
        let ffmpeg = try #require(ToolProcess.locate("ffmpeg"))
        let scratch = try ScratchFolder("refusal")
        defer { scratch.remove() }
        func stderr(_ arguments: [String]) throws -> [String] {
            let run = try ToolProcess.run(ffmpeg, arguments: arguments, scratch: scratch)
            #expect(run.status != 0)
            return run.stderrLines
        }
        let unknownFlag = try stderr(["-hide_banner", "-cpuflags", "+nosuchflag", "-f", "lavfi", "-i", "nullsrc=d=0.1",
            "-f", "null", "-"])
        #expect(AnalysisGraph.RefusedOption(unknownFlag) == .cpuFlags, "\(unknownFlag)")
        let unknownOption = try stderr(["-hide_banner", "-filter_complex_scriptless", "x", "-f", "lavfi", "-i", "nullsrc"])
        #expect(AnalysisGraph.RefusedOption(unknownOption) == nil, "another option than the two the pass can drop")
        let garbage = try folder.write("garbage.mp4", String(repeating: "not a video ", count: 400))
        let badFile = try stderr(["-hide_banner", "-v", "error", "-i", garbage, "-f", "null", "-"])
        #expect(AnalysisGraph.RefusedOption(badFile) == nil, "\(badFile)")
    }

    @Test(arguments: [
        (0, 16), (5, 1), (12, 1), (48, 4), (300, 25), (384, 32), (1_950, 31), (100_000, 32),
    ])
    func blurAndBlockinessSeeEvenlySpacedSamples(_ frames: Int, _ stride: Int) {
        #expect(AnalysisGraph.sampleStride(frames: frames) == stride)
        if frames > 0 {
            let samples = (frames + stride - 1) / stride
            #expect(samples >= min(frames, AnalysisGraph.minimumSamples))
            #expect(samples * AnalysisGraph.sparsestSampling >= frames, "never sparser than one in 32")
        }
    }

    @Test func theGatherFlagChangesNoMeasurement() throws {
        let folder = try BuiltinTempFolder("gathers")
        let clip = folder.path("clip.mp4")
        _ = try Renderer.render(
            BuiltinClips.params(duration: 3) { $0.width = 1280; $0.height = 720; $0.blackAt = 1; $0.blackSeconds = 0.5 },
            to: clip)
        let slow = try Analyzer.analyze(video: clip, thumbnailsDir: folder.path("slow"), gathers: .slow)
        let usual = try Analyzer.analyze(video: clip, thumbnailsDir: folder.path("usual"), gathers: .ffmpegDefault)
        #expect(slow.corruption == nil)
        #expect(slow.qualityMetrics == usual.qualityMetrics)
        #expect(slow.blackIntervals == usual.blackIntervals && !slow.blackIntervals.isEmpty)
        #expect(slow.qualityMetrics[TechnicalMetric.blurMean.rawValue] != nil)
    }

    @Test(arguments: [
        ("vendor_id\t: AuthenticAMD\ncpu family\t: 26\n", GatherSpeed.slow),
        ("processor\t: 0\nvendor_id\t: HygonGenuine\n", .slow),
        ("processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n", .ffmpegDefault),
        ("processor\t: 0\nBogoMIPS\t: 50.00\nCPU implementer\t: 0x41\n", .ffmpegDefault),
        ("vendor_id AuthenticAMD", .ffmpegDefault),
        ("", .ffmpegDefault),
    ])
    func gatherSpeedIsJudgedFromTheCPUVendor(_ cpuInfo: String, _ expected: GatherSpeed) {
        #expect(GatherSpeed.judged(cpuInfo: cpuInfo) == expected)
    }

    @Test func withoutCPUInformationFFmpegJudgesForItself() {
        #expect(GatherSpeed.judged(cpuInfo: nil) == .ffmpegDefault)
        #expect(GatherSpeed.ffmpegDefault.ffmpegArguments.isEmpty)
        #expect(GatherSpeed.slow.ffmpegArguments == ["-cpuflags", "+slowgather"])
    }

    @Test func aFullRangeCopyReadsLikeTheVideoRangeOriginal() throws {
        let folder = try BuiltinTempFolder("range")
        let clip = folder.path("clip.mp4")
        _ = try Renderer.render(BuiltinClips.params(duration: 4) { $0.blackAt = 1; $0.blackSeconds = 1 }, to: clip)
        let full = folder.path("full.mp4")
        let convert = Process()
        convert.executableURL = URL(fileURLWithPath: try #require(ToolProcess.locate("ffmpeg")))
        convert.arguments = ["-v", "error", "-y", "-i", clip, "-vf", "scale=out_range=pc", "-c:v", "libx264",
            "-preset", "veryfast", "-crf", "12", "-pix_fmt", "yuvj420p", "-c:a", "copy", full]
        try convert.run()
        convert.waitUntilExit()
        #expect(convert.terminationStatus == 0)

        let video = try Analyzer.analyze(video: clip)
        let fullRange = try Analyzer.analyze(video: full)
        #expect(video.probe?.fullRange == false && fullRange.probe?.fullRange == true)
        #expect(abs(fullRange[.blackRatio]! - video[.blackRatio]!) <= 0.02, "\(fullRange.qualityMetrics)")
        #expect(abs(video[.blackRatio]! - 0.25) <= 0.05)
        #expect(abs(fullRange[.temporalStability]! - video[.temporalStability]!) <= 0.05)
    }

    @Test func aClipShorterThanTheJobDeclaresIsCorrupt() throws {
        let folder = try BuiltinTempFolder("declared")
        let clip = folder.path("clip.mp4")
        _ = try Renderer.render(BuiltinClips.params(duration: 2), to: clip)
        let short = try Analyzer.analyze(video: clip, declared: DeclaredMedia(durationSeconds: 3, fps: 24))
        #expect(short.corruption == "decoded 48 of the 72 frames the job declares")
        let fine = try Analyzer.analyze(video: clip, declared: DeclaredMedia(durationSeconds: 2, fps: 24))
        #expect(fine.corruption == nil)
    }

    @Test func theCommandWritesSchemaValidProductionMetrics() throws {
        let folder = try BuiltinTempFolder("metrics")
        let clip = folder.path("clip.mp4")
        _ = try Renderer.render(BuiltinClips.params(duration: 2) { $0.silenceAt = 0.5 }, to: clip)
        let out = folder.path("attempt/production_metrics.v1.json")
        let status = Analyzer.runEngineCommand(
            video: clip, metricsOut: out, jobID: "job-metrics01", attemptID: "run-0002", stage: "video",
            thumbnailsDir: folder.path("attempt/thumbs"))
        #expect(status == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        let document = try MetricsDocument.load(data, source: out)
        #expect(document.kind == .productionMetrics)
        let metrics = try #require(document.productionMetrics)
        #expect(metrics.version == "1.0")
        #expect(metrics.jobID == "job-metrics01" && metrics.attemptID == "run-0002")
        #expect(metrics.stage == "video")
        #expect(metrics.visualMetrics.imageResolution == "320x180")
        #expect(document.qualityMetrics["integrity"] == .number(1))
        #expect(document.qualityMetrics["has_audio"] == .bool(true))
        #expect(document.qualityMetrics["silence_ratio"]?.doubleValue ?? 0 > 0.3)
        #expect(FileManager.default.fileExists(atPath: folder.path("attempt/thumbs/contact_sheet.jpg")))

        // A corrupt input still gets a metrics file, with integrity 0, and exit 0.
        let garbage = try folder.write("garbage.mp4", "garbage")
        let corruptOut = folder.path("attempt/corrupt.json")
        #expect(Analyzer.runEngineCommand(
            video: garbage, metricsOut: corruptOut, jobID: "job-metrics01", attemptID: "run-0003", stage: "video",
            thumbnailsDir: nil) == 0)
        let corrupt = try MetricsDocument.load(Data(contentsOf: URL(fileURLWithPath: corruptOut)), source: corruptOut)
        #expect(corrupt.qualityMetrics == ["integrity": .number(0)])
        let flags = try #require(corrupt.productionMetrics?.engineMetrics?.failureFlags)
        #expect(flags.count == 1)
        #expect(flags[0].hasPrefix("corrupt: ffprobe: "), "the reason, where the loop reads it")

        // A stage name the schema refuses is a bad argument.
        #expect(Analyzer.runEngineCommand(
            video: clip, metricsOut: folder.path("bad.json"), jobID: "job-metrics01", attemptID: "run-0004",
            stage: "Not A Stage", thumbnailsDir: nil) == 2)
        #expect(!FileManager.default.fileExists(atPath: folder.path("bad.json")))
    }
}
}
