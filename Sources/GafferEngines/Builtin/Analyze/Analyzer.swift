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
///   freezedetect's -60 dB) that is not also black ÷ decoded span.
/// - `temporal_stability` = (1 − static share) × smoothness: the static share is black (drops) ∪ frozen time ÷
///   span; smoothness = 1 − min(1, 5 × jerks ÷ moving frames), a jerk being a glitch (a frame that fits neither
///   neighbour while they fit each other) or a hitch (a jump far above the local motion that is not a cut) on a
///   64×36 luma thumbnail with each frame's brightness taken out (`LumaFrames`). Scene cuts (`scene_cuts`, a large
///   change whose new picture stays) and steady camera or subject motion do not lower it.
/// - `flicker`: the share of frames whose brightness reverses (up then down, or down then up, by more than 1.5 grey
///   levels each way), cuts left out. A fade or a lighting change moves one way; flicker reverses frame after frame.
/// - `blockiness`: mean blockdetect score of every 16th frame at the native size, a centred crop (higher is blockier).
/// - `blur_mean`: mean blurdetect edge width (higher is blurrier) of every 16th frame on a copy (at most
///   480 px wide, so a 1080p and a 480p copy of one picture read alike), NaN frames skipped.
/// - `loop_seam` = 1 − min(1, D ÷ 32), D the mean absolute luma difference (0–255) between the first and the last
///   frame: absent when the clip did not decode to its end.
/// - `has_audio` (bool): whether there is a sound stream. Only then: `silence_ratio` (silencedetect -50 dB,
///   0.3 s or more, ÷ audio duration), `audio_video` = 1 − |audio − video duration| ÷ the longer, `loudness_lufs`
///   (EBU R128 integrated, absent for silence) and `true_peak_dbtp`.
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

        // 1. ffprobe and the decode pass at once: only the contact sheet's frame spacing depends on what ffprobe
        // says, and ffmpeg reads that one filter chain from stdin after it has loaded and opened the file, so
        // neither start-up (~0.1 s each, mostly loading libraries) waits for the other.
        var graph = AnalysisGraph(contactSheet: contactSheet, gathers: gathers)
        let decodeRun = try ToolProcess.start(
            ffmpegPath, arguments: graph.arguments(input: input, sheet: .fromStandardInput),
            workingDirectory: scratch.root, scratch: scratch, feedsInput: contactSheet != nil)
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

        // 2. The decode pass, given the contact sheet's spacing.
        let sheetChain = graph.sheetChain(frames: probe.declaredFrames)
        decodeRun.supply(sheetChain)
        var decode = decodeRun.finish()
        var sheet = AnalysisGraph.SheetChain.fromStandardInput
        // An ffmpeg that refuses an option of the pass before reading anything (FFmpeg 8 may drop the deprecated
        // `-filter_script`; a build for another CPU has no `slowgather`): the same pass without it, after ffprobe
        // instead of beside it. Each option is given up at most once, so this ends.
        while decode.status != 0, let refused = AnalysisGraph.RefusedOption(decode.stderrLines),
            graph.giveUp(refused, sheet: &sheet, chain: sheetChain)
        {
            decode = try ToolProcess.run(
                ffmpegPath, arguments: graph.arguments(input: input, sheet: sheet),
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

/// The ffmpeg command of the decode pass: the first video stream (not a cover picture) feeds four outputs, each
/// with its own filter chain, and the first sound stream, when there is one, two detectors.
///
/// ```
/// 0:V:0 ─ every frame: luma plane → 64×36 (area)                      → luma.gray (raw; the frame count)
///       ├ every 16th frame, native size, a centred crop: blockdetect   → block.txt
///       ├ every 16th frame, ≤ 480 px wide: blurdetect                  → blur.txt
///       └ 12 evenly spaced frames, 320 px: tile=4x3                    → contact_sheet.jpg
/// 0:a:0 ─ silencedetect → silence.txt → ebur128 (true peak) → loudness.txt
/// ```
///
/// Only the 64×36 thumbnail sees every frame, and it is nearly free (the luma plane, box-averaged): motion, cuts,
/// flicker, the seam, black and frozen runs are all read from it in Swift (`LumaFrames`). The detectors that need
/// real pixels see a sample: blockdetect the native picture (compression blocks sit on the coded grid, which scaling
/// smears; a 16-aligned crop keeps the grid at a fraction of the cost on 1080p), blurdetect a copy at most 480 px
/// wide (so a 1080p and a 480p copy of one picture read alike).
///
/// Nothing here depends on ffprobe but the contact sheet's spacing (`sheetChain`): sizes are ffmpeg expressions
/// of the input's, a missing sound stream is an optional map, and the luma keeps the source's own levels whatever
/// its range. So the pass starts beside ffprobe and reads the sheet's chain from stdin once ffprobe has answered.
/// On a 10 s 1080p clip the pass costs little more than the decode itself (`bench/analyze.sh`).
struct AnalysisGraph {
    static let lumaFile = "luma.gray"
    static let blurFile = "blur.txt"
    static let blockFile = "block.txt"
    static let silenceFile = "silence.txt"
    static let loudnessFile = "loudness.txt"
    /// Blur and blockiness are measured on every `sampleStep`-th frame.
    static let sampleStep = 16
    /// The blur copy's widest size.
    static let maximumWorkingWidth = 480
    /// The blockiness crop's largest size (multiples of 16, the coded macroblock).
    static let blockCropWidth = 640
    static let blockCropHeight = 368
    /// Frames on the contact sheet (4×3).
    static let contactSheetFrames = 12
    /// Decoder threads. The filters run on ffmpeg's main thread, between the packets it hands the decoder; with
    /// more frame threads than cores the decoder keeps both cores busy meanwhile. Measured on 10 s 1080p clips,
    /// 2 cores: 6 threads took the pass from 1.33× to 1.27× a bare decode (which uses ffmpeg's default, 3). At most
    /// 16, ffmpeg's own ceiling for an automatic count: a big machine runs several analyses at once.
    static let decoderThreads = min(16, 2 * ProcessInfo.processInfo.activeProcessorCount + 2)

    /// Where the contact sheet's filter chain comes from.
    enum SheetChain: Equatable {
        /// `-filter_script:v pipe:0`: ffmpeg reads it when it opens that output, after loading and opening the file.
        case fromStandardInput
        /// `-filter:v <chain>`: for an ffmpeg that does not read filter scripts.
        case inline(String)
    }

    let contactSheet: String?
    /// Whether ffmpeg is told its gathers are slow (`GatherSpeed`).
    var gathers: GatherSpeed = .ffmpegDefault

    /// The blur copy: at most 480 px wide, the picture's own width when narrower (even, as the scaler needs).
    static let blurScale = "scale=w='trunc(min(\(maximumWorkingWidth)\\,iw)/2)*2':h=-2"

    /// blockdetect's crop: centred, 16-aligned, at most 640×368 (the whole picture when smaller).
    static let blockCrop = "crop=w='min(\(blockCropWidth)\\,iw)':h='min(\(blockCropHeight)\\,ih)'"
        + ":x='trunc((iw-ow)/32)*16':y='trunc((ih-oh)/32)*16'"

    /// The contact sheet's chain: 12 frames evenly spaced over the `frames` the file declares, 320 px, 4×3.
    func sheetChain(frames: Int) -> String {
        let step = max(1, (frames + Self.contactSheetFrames - 1) / Self.contactSheetFrames)
        return "select='not(mod(n\\,\(step)))',scale=320:-2,tile=4x3"
    }

    /// The sound's detectors. They share the picture's ffmpeg: a second ffmpeg would run them on another thread,
    /// but its start-up (75 ms of CPU here, loading ffmpeg's 215 libraries) costs more than the detectors themselves
    /// (about 50 ms for 10 s of stereo with true-peak metering). On a 10 s 1080p clip, 12 interleaved runs with
    /// ffprobe beside: 0.97 s in two processes, 0.95 s in one.
    static let soundChain = "silencedetect=n=-50dB:d=0.3,ametadata=mode=print:file=\(silenceFile),"
        + "ebur128=peak=true:metadata=1,ametadata=mode=print:file=\(loudnessFile)"

    /// An option of the pass that an ffmpeg refused while parsing its command line, before it read anything.
    enum RefusedOption: Equatable {
        /// `-filter_script` is unknown ("Unrecognized option 'filter_script:v'.").
        case filterScript
        /// The `slowgather` CPU flag is unknown ("Failed to set value '+slowgather' for option 'cpuflags'").
        case cpuFlags

        /// What ffmpeg's stderr says it refused; nil when it stopped for another reason (a bad file).
        init?(_ stderr: [String]) {
            if stderr.contains(where: {
                $0.contains("Unrecognized option 'filter_script:") || $0.contains("Unrecognized option 'filter_script'")
            }) {
                self = .filterScript
            } else if stderr.contains(where: { $0.contains("'cpuflags'") && $0.contains("Failed to set value") }) {
                self = .cpuFlags
            } else {
                return nil
            }
        }
    }

    /// Drops `refused` from the pass: the sheet's chain goes inline, or the CPU flag goes. False when the pass no
    /// longer uses that option (ffmpeg refused something that cannot be dropped).
    mutating func giveUp(_ refused: RefusedOption, sheet: inout SheetChain, chain: String) -> Bool {
        switch refused {
        case .filterScript:
            guard sheet == .fromStandardInput else { return false }
            sheet = .inline(chain)
        case .cpuFlags:
            guard gathers != .ffmpegDefault else { return false }
            gathers = .ffmpegDefault
            // Its stdin has been read by no one: the rerun takes the chain inline.
            sheet = .inline(chain)
        }
        return true
    }

    /// argv (without the executable). Metadata files are named relatively: ffmpeg runs in the scratch
    /// folder, so no filter chain has to escape a path.
    func arguments(input: String, sheet: SheetChain) -> [String] {
        let sampled = "select='not(mod(n\\,\(Self.sampleStep)))'"
        let video = "0:V:0"
        var arguments = ["-hide_banner", "-nostdin", "-nostats", "-v", "error", "-y"] + gathers.ffmpegArguments
        arguments += ["-threads", String(Self.decoderThreads), "-i", input]
        // blockdetect and blurdetect into one null output.
        arguments += ["-map", video, "-filter:v:0",
            "\(sampled),\(Self.blockCrop),blockdetect,metadata=mode=print:file=\(Self.blockFile)"]
        arguments += ["-map", video, "-filter:v:1",
            "\(sampled),\(Self.blurScale),blurdetect,metadata=mode=print:file=\(Self.blurFile)"]
        // The sound, when there is any (an optional map: a silent file is not an error).
        arguments += ["-map", "0:a:0?", "-filter:a", Self.soundChain]
        arguments += ["-f", "null", "-"]
        // Every decoded frame, none duplicated or dropped to fit a rate: the count is the integrity check's. The
        // range is declared the same on both sides so the values are the source's own luma levels, full or video
        // range alike (the black level is chosen from ffprobe's answer afterwards).
        arguments += ["-map", video, "-filter:v",
            "scale=\(LumaFrames.width):\(LumaFrames.height):flags=area:in_range=tv:out_range=tv,format=gray",
            "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", Self.lumaFile]
        if let contactSheet {
            switch sheet {
            case .fromStandardInput: arguments += ["-map", video, "-filter_script:v", "pipe:0"]
            case .inline(let chain): arguments += ["-map", video, "-filter:v", chain]
            }
            arguments += ["-frames:v", "1", "-q:v", "4", "-update", "1", "-f", "image2", contactSheet]
        }
        return arguments
    }
}
