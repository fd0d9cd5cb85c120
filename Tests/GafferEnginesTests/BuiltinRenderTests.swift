import Foundation
import Testing

@testable import GafferEngines

extension BuiltinEngineTests {

/// The built-in render engine: params, a real MP4, and the process-level faults (SPEC §6.5).
@MainActor  // ffmpeg runs synchronously here: on the main thread it never blocks the cooperative pool other tests share
struct BuiltinRenderTests {
    @Test func paramsDefaultAndIgnoreUnknownKeys() throws {
        let json = #"{"seed": 5, "fps": 30.0, "pose_weight": 0.95, "shots": [1, 2], "lane": "dance_loop", "freeze_at": null}"#
        let params = try RenderParams.decode(Data(json.utf8))
        #expect(params.seed == 5)
        #expect(params.fps == 30)
        #expect(params.duration == 4)
        #expect(params.width == 640 && params.height == 360)
        #expect(params.audio && !params.noAudio)
        #expect(params.freezeAt == nil)
        #expect(params.poseWeight == 0.95)
        #expect(try RenderParams.decode(Data()) == RenderParams())
        #expect(try RenderParams.decode(Data("{}".utf8)) == RenderParams())
    }

    @Test func theFreezeOnlyHappensBelowPoseWeight09() {
        var params = BuiltinClips.params { $0.freezeAt = 1 }
        #expect(params.freezeApplies)
        params.poseWeight = 0.95
        #expect(!params.freezeApplies)
        #expect(RenderRecipe(params).faults.isEmpty)
        #expect(RenderRecipe(params).notes.contains { $0.contains("pose_weight") })
    }

    @Test func theSeedPicksThePictureAndTheTone() {
        #expect(RenderPattern.forSeed(1) == .testsrc2)
        #expect(RenderPattern.forSeed(2) == .mandelbrot)
        #expect(RenderPattern.forSeed(3) == .sierpinski)
        #expect(RenderPattern.forSeed(4) == .testsrc2)
        #expect(RenderPattern.forSeed(0) == .sierpinski)
        let first = RenderRecipe(BuiltinClips.params(seed: 7))
        #expect(first.arguments(output: "/x.mp4") == RenderRecipe(BuiltinClips.params(seed: 7)).arguments(output: "/x.mp4"))
        #expect(first.audioFrequency != RenderRecipe(BuiltinClips.params(seed: 10)).audioFrequency)
    }

    nonisolated static let badParams: [(String, String)] = [
        ("not JSON", "{duration: 4"),
        ("a string for a number", #"{"duration": "4"}"#),
        ("a fractional width", #"{"width": 320.5}"#),
        ("an odd width", #"{"width": 321}"#),
        ("no duration", #"{"duration": 0}"#),
        ("truncate_fraction of 1.5", #"{"truncate_fraction": 1.5}"#),
        ("a number for a flag", #"{"no_audio": 1}"#),
        ("an array", "[1, 2]"),
    ]

    @Test(arguments: badParams)
    func badParamsExit2WithoutWritingAnything(_ label: String, _ json: String) throws {
        let folder = try BuiltinTempFolder("badparams")
        let paramsPath = try folder.write("params.json", json)
        let status = Renderer.runEngineCommand(paramsPath: paramsPath, output: folder.path("out.mp4"))
        #expect(status == 2, "\(label)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.root) == ["params.json"], "\(label)")
    }

    @Test func aMissingParamsFileExits2() throws {
        let folder = try BuiltinTempFolder("noparams")
        #expect(Renderer.runEngineCommand(paramsPath: folder.path("absent.json"), output: folder.path("o.mp4")) == 2)
    }

    @Test func theCommandRendersARealClipAfterASlowStartAndAHang() throws {
        let folder = try BuiltinTempFolder("command")
        let paramsPath = try folder.write(
            "params.json",
            #"{"duration": 2, "width": 320, "height": 180, "slow_start_seconds": 0.3, "hang_seconds": 0.2, "lane": "x"}"#)
        let started = Date()
        let status = Renderer.runEngineCommand(paramsPath: paramsPath, output: folder.path("out/clip.mp4"))
        #expect(status == 0)
        #expect(Date().timeIntervalSince(started) >= 0.5)
        let analysis = try Analyzer.analyze(video: folder.path("out/clip.mp4"))
        #expect(analysis.corruption == nil)
        #expect(analysis[.decodedFrames] == 48)
        #expect(analysis.probe?.videoCodec == "h264")
        #expect(analysis.probe?.audioCodec == "aac")
        // Only the clip is left: no temporary file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path("out")) == ["clip.mp4"])
    }

    @Test func theCrashFaultExits3AndNeverWritesTheOutput() throws {
        let folder = try BuiltinTempFolder("crash")
        let paramsPath = try folder.write("params.json", #"{"duration": 1, "width": 160, "height": 90, "crash": true}"#)
        let status = Renderer.runEngineCommand(paramsPath: paramsPath, output: folder.path("clip.mp4"))
        #expect(status == 3)
        #expect(!FileManager.default.fileExists(atPath: folder.path("clip.mp4")))
    }

    @Test func renderReportsFramesDurationAndSize() throws {
        let folder = try BuiltinTempFolder("summary")
        let summary = try Renderer.render(BuiltinClips.params(duration: 2, seed: 2), to: folder.path("clip.mp4"))
        #expect(summary.frames == 48)
        #expect(summary.durationSeconds == 2)
        #expect(summary.pattern == .mandelbrot)
        #expect(summary.bytes == summary.encodedBytes)
        #expect(summary.bytes == Renderer.fileSize(folder.path("clip.mp4")))
        #expect(summary.faults.isEmpty)
    }

    @Test func aMissingFFmpegThrowsToolMissing() throws {
        let folder = try BuiltinTempFolder("noffmpeg")
        #expect(throws: EngineToolError.toolMissing("/nonexistent/ffmpeg")) {
            try Renderer.render(BuiltinClips.params(), to: folder.path("clip.mp4"), ffmpeg: "/nonexistent/ffmpeg")
        }
        #expect(throws: EngineToolError.toolMissing("no-such-ffprobe-here")) {
            try Analyzer.analyze(video: folder.path("clip.mp4"), ffprobe: "no-such-ffprobe-here")
        }
    }
}
}
