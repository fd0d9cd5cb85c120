import Foundation
import GafferContracts

/// The built-in extraction engine (`gaffer engine analyze`, SPEC §6.5): ffprobe, and beside it ONE ffmpeg decode
/// pass that feeds the picture to four filter chains and the sound to two detectors (see `AnalysisGraph`).
///
/// Metrics (`quality_metrics`):
/// - `black_ratio`: black time (runs of 0.1 s or more of frames with 98 % of the thumbnail's cells within 10 % of
///   black, as blackdetect judges) ÷ decoded span, fades left
///   out: a black run that touches the clip's start or end and lasts at most 1 s is reported as
///   `leading_black_seconds` / `trailing_black_seconds` instead. Every run is a `segments` entry with its position.
/// - `freeze_ratio`: frozen time (runs of 0.5 s or more of frames that differ from the one before by less than
///   freezedetect's -60 dB) ÷ decoded span. Black frames repeat each other: a black run is black only, never also a
///   frozen run, in the ratios and in `segments` (a fade's hold is not a frozen picture).
/// - `temporal_stability` = (1 − static share) × smoothness: the static share is black (drops) ∪ frozen time ÷
///   span; smoothness = 1 − min(1, 5 × jerks ÷ moving frames), a jerk being a glitch (a frame that fits neither
///   neighbour while they fit each other) or a hitch (a jump far above the local motion that is not a cut) on a
///   64×36 luma thumbnail with each frame's brightness taken out (`LumaFrames`). Scene cuts (`scene_cuts`, a large
///   change whose new picture stays) and steady camera or subject motion do not lower it.
/// - `flicker`: the share of frames whose brightness reverses (up then down, or down then up, by more than 1.5 grey
///   levels each way), cuts left out. A fade or a lighting change moves one way; flicker reverses frame after frame.
/// - `blockiness`: mean blockdetect score of evenly spaced frames (at least 12, and at least one in 32:
///   `AnalysisGraph.sampleStride`) at the native size, a centred crop (higher is blockier).
/// - `blur_mean`: mean blurdetect edge width (higher is blurrier) of the same frames on a copy (at most
///   480 px wide, so a 1080p and a 480p copy of one picture read alike), NaN frames skipped.
/// - `loop_seam` = 1 − min(1, D ÷ 32), D the mean absolute luma difference (0–255) between the first and the last
///   frame: absent when the clip did not decode to its end.
/// - `has_audio` (bool): whether there is a sound stream. Only then: `silence_ratio` (silencedetect -50 dB,
///   0.3 s or more, ÷ audio duration; a silence at the sound's start or end of at most 1 s is its fade, left out),
///   `audio_video` = 1 − |audio − video duration| ÷ the longer, `loudness_lufs` (EBU R128 integrated, absent for
///   silence) and `true_peak_dbtp`.
/// - `decoded_frames`, `declared_frames` (the container's `nb_frames`, else duration × fps),
///   `duration_seconds` (the video stream's), `integrity` (1 sound, 0 corrupt).
///
/// Integrity (SPEC §5.1): the video is corrupt when ffprobe cannot read it, when it decodes more than
/// 2 % fewer frames than the container declares or than `declared` expects, or when the decode logs
/// errors. A corrupt file is a result, not an error.
public enum Analyzer {
    /// Decoded frames may fall this far (2 %) below the declared count before the file is corrupt.
    public static let frameShortfallTolerance = 0.02

    /// Analyzes `video`.
    ///
    /// - Parameters:
    ///   - declared: what the job expects (duration × fps), checked like the container's own count.
    ///   - thumbnailsDir: when set, `contact_sheet.jpg` is written there (the folder is created).
    ///   - gathers: whether ffmpeg's scaler is told to avoid vector gathers (a speed choice; no measurement changes).
    /// - Throws: only when ffmpeg or ffprobe is missing (or a scratch folder cannot be made). A file
    ///   that cannot be read gives an `Analysis` with `corruption` set.
    public static func analyze(
        video: String, declared: DeclaredMedia? = nil, ffmpeg: String = "ffmpeg", ffprobe: String = "ffprobe",
        thumbnailsDir: String? = nil, gathers: GatherSpeed = .thisMachine
    ) throws(EngineToolError) -> Analysis {
        guard let ffmpegPath = ToolProcess.locate(ffmpeg) else { throw .toolMissing(ffmpeg) }
        guard let ffprobePath = ToolProcess.locate(ffprobe) else { throw .toolMissing(ffprobe) }
        let input = video.absolutePath
        let scratch = try ScratchFolder("analyze")
        defer { scratch.remove() }

        guard FileManager.default.fileExists(atPath: input) else {
            return Analysis(video: input, qualityMetrics: unreadableMetrics, corruption: "file not found")
        }

        var contactSheet: String?
        if let thumbnailsDir {
            let folder = thumbnailsDir.absolutePath
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .io("cannot create thumbnails folder \(folder): \(error)")
            }
            let sheet = (folder as NSString).appendingPathComponent("contact_sheet.jpg")
            try? FileManager.default.removeItem(atPath: sheet)  // never report a stale sheet
            contactSheet = sheet
        }

        // 1. ffprobe and the decode pass at once: only the sampling and the contact sheet's spacing depend on what
        // ffprobe says, and ffmpeg reads its video graph from stdin after it has loaded its libraries, so neither
        // start-up (~0.1 s each, mostly loading libraries) waits for the other.
        var pass = AnalysisGraph(contactSheet: contactSheet, gathers: gathers)
        let decodeRun = try ToolProcess.start(
            ffmpegPath, arguments: pass.arguments(input: input, graph: .standardInput),
            workingDirectory: scratch.root, scratch: scratch, feedsInput: true)
        func abandon() { stop(decodeRun) }
        let probeRun: ToolOutput
        do throws(EngineToolError) {
            probeRun = try ToolProcess.run(
                ffprobePath,
                arguments: ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", input],
                scratch: scratch)
        } catch {
            abandon()
            throw error
        }
        guard probeRun.status == 0 else {
            abandon()
            let lines = cleaned(probeRun.stderrLines, input: input).prefix(3)
            let reason = lines.isEmpty ? "exit status \(probeRun.status)" : lines.joined(separator: "; ")
            return Analysis(video: input, qualityMetrics: unreadableMetrics, corruption: "ffprobe: \(reason)")
        }
        let probe: ProbeFacts
        do throws(ProbeFacts.ParseFailure) {
            probe = try ProbeFacts.parse(probeRun.stdout)
        } catch {
            abandon()
            let reason = switch error {
            case .noVideoStream: "ffprobe: no video stream"
            case .noPictureSize: "ffprobe: the video stream has no picture size"
            case .notJSON: "ffprobe: unreadable output"
            }
            return Analysis(video: input, qualityMetrics: unreadableMetrics, corruption: reason)
        }

        // 2. The decode pass, given its video graph.
        let videoGraph = pass.videoGraph(frames: probe.declaredFrames)
        decodeRun.supply(videoGraph)
        var decode = decodeRun.finish()
        var source = AnalysisGraph.GraphSource.standardInput
        // An ffmpeg that refuses an option of the pass before reading anything (FFmpeg 8 may drop the deprecated
        // `-filter_complex_script`; a build for another CPU has no `slowgather`): the same pass without it, after
        // ffprobe instead of beside it. Each option is given up at most once, so this ends.
        while decode.status != 0, let refused = AnalysisGraph.RefusedOption(decode.stderrLines),
            pass.giveUp(refused, source: &source, graph: videoGraph)
        {
            decode = try ToolProcess.run(
                ffmpegPath, arguments: pass.arguments(input: input, graph: source),
                workingDirectory: scratch.root, scratch: scratch)
        }
        let facts = DecodeMeasurements(
            luma: LumaFrames(
                scratch.bytes(AnalysisGraph.lumaFile),
                blackLevel: probe.fullRange ? LumaFrames.fullRangeBlackLevel : LumaFrames.videoRangeBlackLevel),
            blur: FrameMetadataLog.parse(scratch.text(AnalysisGraph.blurFile) ?? "", keys: [DecodeMeasurements.blurKey]),
            block: FrameMetadataLog.parse(scratch.text(AnalysisGraph.blockFile) ?? "", keys: [DecodeMeasurements.blockKey]),
            silence: FrameMetadataLog.parse(
                scratch.text(AnalysisGraph.silenceFile) ?? "",
                keys: [DecodeMeasurements.silenceStart, DecodeMeasurements.silenceEnd]),
            loudness: FrameMetadataLog.parse(
                scratch.text(AnalysisGraph.loudnessFile) ?? "",
                keys: [DecodeMeasurements.integratedLoudness, DecodeMeasurements.truePeak]))
        let scored = QualityScoring.score(facts, probe: probe)
        let decodeErrors = cleaned(decode.stderrLines, input: input)

        // 3. Integrity.
        var reasons: [String] = []
        let decoded = facts.luma.count
        if decode.status != 0 {
            reasons.append("ffmpeg could not decode the file (exit status \(decode.status))"
                + (decodeErrors.last.map { ": \($0)" } ?? ""))
        }
        if decoded == 0 {
            reasons.append("no video frame decoded")
        } else if isShort(decoded, of: probe.declaredFrames) {
            reasons.append("decoded \(decoded) of \(probe.declaredFrames) frames")
        }
        if decoded > 0, let expected = declared?.expectedFrames, isShort(decoded, of: expected) {
            reasons.append("decoded \(decoded) of the \(expected) frames the job declares")
        }
        if decode.status == 0, let first = decodeErrors.first {
            reasons.append("decode errors (\(decodeErrors.count)): \(first)")
        }

        var metrics = scored.metrics
        metrics[TechnicalMetric.integrity.rawValue] = reasons.isEmpty ? 1 : 0
        if let sheet = contactSheet, !FileManager.default.fileExists(atPath: sheet) { contactSheet = nil }
        return Analysis(
            video: input, qualityMetrics: metrics, hasAudio: probe.hasAudio,
            corruption: reasons.isEmpty ? nil : reasons.joined(separator: "; "), probe: probe,
            contactSheet: contactSheet, blackIntervals: scored.black, freezeIntervals: scored.freeze,
            silenceIntervals: scored.silence, decodeErrors: decodeErrors, segments: scored.segments)
    }

    /// Stops a tool whose results are no longer wanted and reaps it.
    private static func stop(_ tool: RunningTool) {
        tool.terminate()
        _ = tool.finish()
    }

    /// What an unreadable file measures: only its (failed) integrity.
    static let unreadableMetrics: [String: Double] = [TechnicalMetric.integrity.rawValue: 0]

    /// More than 2 % short of `expected`.
    static func isShort(_ decoded: Int, of expected: Int) -> Bool {
        expected > 0 && Double(decoded) < Double(expected) * (1 - frameShortfallTolerance)
    }

    /// ffmpeg's error lines without the `[demuxer @ 0x…] ` prefix and the `<input path>: ` prefix.
    static func cleaned(_ lines: [String], input: String) -> [String] {
        lines.map { line -> String in
            var text = Substring(line)
            if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
                text = text[text.index(after: close)...].drop { $0 == " " }
            }
            if text.hasPrefix(input + ": ") { text = text.dropFirst(input.count + 2) }
            return String(text)
        }
        .filter { !$0.isEmpty && !$0.hasPrefix("Last message repeated") }
    }
}
