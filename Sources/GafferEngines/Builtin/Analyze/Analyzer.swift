import Foundation
import GafferContracts

/// The built-in extraction engine (`gaffer engine analyze`, SPEC §6.5): ffprobe, then ONE ffmpeg
/// decode pass whose filter graph splits the picture into branches (see `AnalysisGraph`):
///
/// - full size, every frame: `blackdetect=d=0.1:pix_th=0.10`, `freezedetect=n=-60dB:d=0.5`;
/// - 320 px wide, every frame: `signalstats` (YDIF, the mean luma change from the previous frame);
///   this branch also counts the decoded frames;
/// - 320 px wide, every 4th frame: `blurdetect` — the expensive one, sampled and downscaled;
/// - 320 px wide, first and last frame through `signalstats`: the loop seam;
/// - with a thumbnails folder: about 12 evenly spaced frames at 320 px wide tiled 4×3 into
///   `contact_sheet.jpg` (a second output of the same command);
/// - the sound: `silencedetect=n=-50dB:d=0.3` and `ebur128` (integrated loudness).
///
/// Metrics (`quality_metrics`):
/// - `black_ratio`: black time (runs ≥ 0.1 s) ÷ decoded span.
/// - `freeze_ratio`: frozen time that is not also black ÷ decoded span (a black run also triggers
///   freezedetect; it is counted once, as black).
/// - `temporal_stability` = (1 − static share) × smoothness, where the static share is black ∪ frozen
///   time ÷ span, and smoothness = 1 − min(1, 5 × jumps ÷ moving frames), a jump being a frame whose
///   luma difference to the previous one (signalstats YDIF) exceeds 3 × the median YDIF of the
///   moving frames + 1 (the frame right after a static segment is not counted: that jump is the
///   segment's). A clean clip with steady motion scores 1; a 2 s freeze in 4 s scores 0.5; a 1 s
///   black segment in 4 s 0.75; one cut or glitch frame in 96 about 0.95.
/// - `loop_seam` = 1 − min(1, D ÷ 32), D the mean absolute luma difference (0–255) between the first
///   and the last frame: 1 for a seamless loop, 0 when they differ by 32 grey levels on average.
///   Absent when the last frame was not reached.
/// - `blur_mean`: mean `lavfi.blur` (blurdetect at 320 px wide; higher is blurrier) over the sampled
///   frames where it is finite — NaN (flat or black frames) is skipped; absent when none is finite.
/// - `silence_ratio`: silent time ÷ audio duration; 1 without an audio stream (`has_audio` false).
/// - `audio_video` = 1 − |audio duration − video duration| ÷ the longer; 0 without audio.
/// - `loudness_lufs`: EBU R128 integrated loudness, when measurable (absent for silence).
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
    /// - Throws: only when ffmpeg or ffprobe is missing (or a scratch folder cannot be made). A file
    ///   that cannot be read gives an `Analysis` with `corruption` set.
    public static func analyze(
        video: String, declared: DeclaredMedia? = nil, ffmpeg: String = "ffmpeg", ffprobe: String = "ffprobe",
        thumbnailsDir: String? = nil
    ) throws(EngineToolError) -> Analysis {
        guard let ffmpegPath = ToolProcess.locate(ffmpeg) else { throw .toolMissing(ffmpeg) }
        guard let ffprobePath = ToolProcess.locate(ffprobe) else { throw .toolMissing(ffprobe) }
        let input = video.absolutePath
        let scratch = try ScratchFolder("analyze")
        defer { scratch.remove() }

        guard FileManager.default.fileExists(atPath: input) else {
            return Analysis(video: input, qualityMetrics: unreadableMetrics, corruption: "file not found")
        }

        // 1. ffprobe.
        let probeRun = try ToolProcess.run(
            ffprobePath,
            arguments: ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", input],
            scratch: scratch)
        guard probeRun.status == 0 else {
            let lines = cleaned(probeRun.stderrLines, input: input).prefix(3)
            let reason = lines.isEmpty ? "exit status \(probeRun.status)" : lines.joined(separator: "; ")
            return Analysis(video: input, qualityMetrics: unreadableMetrics, corruption: "ffprobe: \(reason)")
        }
        let probe: ProbeFacts
        do throws(ProbeFacts.ParseFailure) {
            probe = try ProbeFacts.parse(probeRun.stdout)
        } catch {
            let reason = switch error {
            case .noVideoStream: "ffprobe: no video stream"
            case .noPictureSize: "ffprobe: the video stream has no picture size"
            case .notJSON: "ffprobe: unreadable output"
            }
            return Analysis(video: input, qualityMetrics: unreadableMetrics, corruption: reason)
        }

        // 2. One decode pass.
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
        let graph = AnalysisGraph(probe: probe, contactSheet: contactSheet)
        let decode = try ToolProcess.run(
            ffmpegPath, arguments: graph.arguments(input: input), workingDirectory: scratch.root, scratch: scratch)
        let facts = DecodeMeasurements(
            frames: FrameMetadataLog.parse(scratch.text(AnalysisGraph.framesFile) ?? "", keys: [DecodeMeasurements.ydif]),
            events: FrameMetadataLog.parse(scratch.text(AnalysisGraph.eventsFile) ?? "", keys: DecodeMeasurements.eventKeys),
            blur: FrameMetadataLog.parse(scratch.text(AnalysisGraph.blurFile) ?? "", keys: [DecodeMeasurements.blurKey]),
            seam: FrameMetadataLog.parse(scratch.text(AnalysisGraph.seamFile) ?? "", keys: [DecodeMeasurements.ydif]),
            silence: FrameMetadataLog.parse(
                scratch.text(AnalysisGraph.silenceFile) ?? "",
                keys: [DecodeMeasurements.silenceStart, DecodeMeasurements.silenceEnd]),
            loudness: FrameMetadataLog.parse(
                scratch.text(AnalysisGraph.loudnessFile) ?? "", keys: [DecodeMeasurements.integratedLoudness]))
        let scored = QualityScoring.score(facts, probe: probe)
        let decodeErrors = cleaned(decode.stderrLines, input: input)

        // 3. Integrity.
        var reasons: [String] = []
        let decoded = facts.frames.count
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
            silenceIntervals: scored.silence, decodeErrors: decodeErrors)
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

/// The ffmpeg command of the single decode pass.
///
/// ```
/// [0:v] split ─ full size, every frame: blackdetect, freezedetect            → events.txt
///             └ scale=320:-2 ─ split ─ every frame: signalstats               → frames.txt (the frame count)
///                                    ├ every 4th frame: blurdetect            → blur.txt
///                                    ├ first and last frame: signalstats      → seam.txt
///                                    └ ~12 evenly spaced frames: tile=4x3     → contact_sheet.jpg (2nd output)
/// [0:a] asplit ─ silencedetect → silence.txt
///              └ ebur128       → loudness.txt
/// ```
///
/// signalstats runs on the downscaled branch, not at full size: it is the expensive one of the
/// "cheap" detectors (10 s of 720p30 here: decode 0.8 s, blackdetect+freezedetect 0.85 s,
/// signalstats 3.9 s at full size vs 1.2 s at 320 px; the whole pass 5.5 s → 2.0 s), and the mean
/// frame difference it gives is nearly scale-independent.
struct AnalysisGraph {
    static let eventsFile = "events.txt"
    static let framesFile = "frames.txt"
    static let blurFile = "blur.txt"
    static let seamFile = "seam.txt"
    static let silenceFile = "silence.txt"
    static let loudnessFile = "loudness.txt"
    /// Blur is measured on every `blurSampleStep`-th frame.
    static let blurSampleStep = 4
    /// Frames on the contact sheet (4×3).
    static let contactSheetFrames = 12

    let probe: ProbeFacts
    let contactSheet: String?

    /// argv (without the executable). Metadata files are named relatively: ffmpeg runs in the scratch
    /// folder, so the filter graph never has to escape a path.
    func arguments(input: String) -> [String] {
        let frames = probe.declaredFrames
        var small = ["motion", "blur"]
        let seam = frames >= 2
        if seam { small.append("seam") }
        if contactSheet != nil { small.append("thumb") }

        var graph = "[0:v]split=2[full][small];"
        graph += "[full]blackdetect=d=0.1:pix_th=0.10,freezedetect=n=-60dB:d=0.5,"
            + "metadata=mode=print:file=\(Self.eventsFile)[vfull];"
        graph += "[small]scale=320:-2,split=\(small.count)" + small.map { "[\($0)]" }.joined() + ";"
        graph += "[motion]signalstats,metadata=mode=print:file=\(Self.framesFile)[vmotion];"
        graph += "[blur]select='not(mod(n\\,\(Self.blurSampleStep)))',blurdetect,"
            + "metadata=mode=print:file=\(Self.blurFile)[vblur]"
        var nullOutputs = ["[vfull]", "[vmotion]", "[vblur]"]
        if seam {
            graph += ";[seam]select='eq(n\\,0)+eq(n\\,\(frames - 1))',signalstats,"
                + "metadata=mode=print:file=\(Self.seamFile)[vseam]"
            nullOutputs.append("[vseam]")
        }
        if contactSheet != nil {
            let step = max(1, (frames + Self.contactSheetFrames - 1) / Self.contactSheetFrames)
            graph += ";[thumb]select='not(mod(n\\,\(step)))',tile=4x3[sheet]"
        }
        if probe.hasAudio {
            graph += ";[0:a]asplit=2[asil][aloud];"
                + "[asil]silencedetect=n=-50dB:d=0.3,ametadata=mode=print:file=\(Self.silenceFile)[osil];"
                + "[aloud]ebur128=metadata=1,ametadata=mode=print:key=lavfi.r128.I:file=\(Self.loudnessFile)[oloud]"
            nullOutputs += ["[osil]", "[oloud]"]
        }

        var arguments = ["-hide_banner", "-nostdin", "-nostats", "-v", "error", "-y", "-i", input,
            "-filter_complex", graph]
        for output in nullOutputs { arguments += ["-map", output] }
        arguments += ["-f", "null", "-"]
        if let contactSheet {
            arguments += ["-map", "[sheet]", "-frames:v", "1", "-q:v", "4", "-update", "1", "-f", "image2", contactSheet]
        }
        return arguments
    }
}
