import Foundation

/// The ffmpeg command of the decode pass: one filter graph splits the first video stream (not a cover picture) four
/// ways, and the first sound stream, when there is one, goes through two detectors.
///
/// ```
/// 0:V:0 ─ every frame: luma plane → 64×36 (area)                        → luma.gray (raw; the frame count)
///       ├ sampled frames ─ native size, a centred crop: blockdetect      → block.txt
///       │                └ ≤ 480 px wide, luma: blurdetect               → blur.txt
///       └ 12 evenly spaced frames, 320 px: tile=4x3                      → contact_sheet.jpg
/// 0:a:0 ─ silencedetect → silence.txt → ebur128 (true peak) → loudness.txt
/// ```
///
/// Only the 64×36 thumbnail sees every frame, and it is nearly free (the luma plane, box-averaged): motion, cuts,
/// flicker, the seam, black and frozen runs are all read from it in Swift (`LumaFrames`). The detectors that need
/// real pixels see evenly spaced samples (`sampleStride`): blockdetect the native picture (compression blocks sit
/// on the coded grid, which scaling smears; a 16-aligned crop keeps the grid at a fraction of the cost on 1080p),
/// blurdetect a copy at most 480 px wide (so a 1080p and a 480p copy of one picture read alike).
///
/// The sampling and the contact sheet's spacing follow the frame count ffprobe reads, and nothing else here depends
/// on ffprobe: sizes are ffmpeg expressions of the input's, a missing sound stream is an optional map, and the luma
/// keeps the source's own levels whatever its range. So the pass starts beside ffprobe and reads its graph
/// (`videoGraph`) from stdin once ffprobe has answered; by then ffmpeg has loaded its libraries, most of its
/// start-up. On a 10 s 1080p clip the pass costs little more than the decode itself (`bench/analyze.sh`).
struct AnalysisGraph {
    static let lumaFile = "luma.gray"
    static let blurFile = "blur.txt"
    static let blockFile = "block.txt"
    static let silenceFile = "silence.txt"
    static let loudnessFile = "loudness.txt"
    /// Blur and blockiness see at least this many frames of a clip (all of a shorter one)…
    static let minimumSamples = 12
    /// …and never fewer than one frame in this many.
    static let sparsestSampling = 32
    /// The stride when the file declares no frame count.
    static let unknownCountStride = 16
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

    /// Where the video graph comes from.
    enum GraphSource: Equatable {
        /// `-filter_complex_script pipe:0`: ffmpeg reads it while parsing its options, once it has loaded its
        /// libraries.
        case standardInput
        /// `-filter_complex <graph>`: for an ffmpeg that does not read filter scripts.
        case inline(String)
    }

    let contactSheet: String?
    /// Whether ffmpeg is told its gathers are slow (`GatherSpeed`).
    var gathers: GatherSpeed = .ffmpegDefault

    /// The blur copy: at most 480 px wide, the picture's own width when narrower (even, as the scaler needs). Only
    /// its luma: blurdetect reads the first plane alone, and the scaler then skips the two chroma planes (a third of
    /// its work). The range is declared the same on both sides, as for the luma thumbnail, so the plane's values are
    /// the ones a YUV copy would have.
    static let blurScale = "scale=w='trunc(min(\(maximumWorkingWidth)\\,iw)/2)*2':h=-2"
        + ":in_range=tv:out_range=tv,format=gray"

    /// blockdetect's crop: centred, 16-aligned, at most 640×368 (the whole picture when smaller).
    static let blockCrop = "crop=w='min(\(blockCropWidth)\\,iw)':h='min(\(blockCropHeight)\\,ih)'"
        + ":x='trunc((iw-ow)/32)*16':y='trunc((ih-oh)/32)*16'"

    /// Every frame, none duplicated or dropped to fit a rate: the count is the integrity check's. The range is
    /// declared the same on both sides so the values are the source's own luma levels, full or video range alike
    /// (the black level is chosen from ffprobe's answer afterwards).
    static let lumaChain =
        "scale=\(LumaFrames.width):\(LumaFrames.height):flags=area:in_range=tv:out_range=tv,format=gray"

    /// The sound's detectors. They share the picture's ffmpeg: a second ffmpeg would run them on another thread,
    /// but its start-up (75 ms of CPU here, loading ffmpeg's 215 libraries) costs more than the detectors themselves
    /// (about 50 ms for 10 s of stereo with true-peak metering). On a 10 s 1080p clip, 12 interleaved runs with
    /// ffprobe beside: 0.97 s in two processes, 0.95 s in one.
    static let soundChain = "silencedetect=n=-50dB:d=0.3,ametadata=mode=print:file=\(silenceFile),"
        + "ebur128=peak=true:metadata=1,ametadata=mode=print:file=\(loudnessFile)"

    /// Every how many frames blur and blockiness are measured, for a clip of `frames`: evenly spaced, at least
    /// `minimumSamples` of them and at least one frame in `sparsestSampling`. A 10 s clip at 30 fps gets 12
    /// samples, a 65 s one 61: the detectors' cost grows with the clip and stays a small share of the decode.
    static func sampleStride(frames: Int) -> Int {
        guard frames > 0 else { return unknownCountStride }
        let samples = max(minimumSamples, (frames + sparsestSampling - 1) / sparsestSampling)
        return max(1, frames / samples)
    }

    /// The contact sheet's spacing: 12 frames evenly spaced over the `frames` the file declares.
    static func sheetStride(frames: Int) -> Int {
        max(1, (frames + contactSheetFrames - 1) / contactSheetFrames)
    }

    /// The video graph (`-filter_complex`) for a file that declares `frames`. Its outputs are `[luma]`, `[block]`,
    /// `[blur]` and, when a contact sheet is wanted, `[sheet]`: one tile of the first 12 selected frames (`trim`
    /// keeps it to one picture even when the file has more frames than it declares).
    func videoGraph(frames: Int) -> String {
        let sampled = "select='not(mod(n\\,\(Self.sampleStride(frames: frames))))'"
        let branches = contactSheet == nil ? "split=2[every][sampled]" : "split=3[every][sampled][sheetframes]"
        var graph = "[0:V:0]\(branches);\n"
        graph += "[every]\(Self.lumaChain)[luma];\n"
        graph += "[sampled]\(sampled),split=2[blockframes][blurframes];\n"
        graph += "[blockframes]\(Self.blockCrop),blockdetect,metadata=mode=print:file=\(Self.blockFile)[block];\n"
        graph += "[blurframes]\(Self.blurScale),blurdetect,metadata=mode=print:file=\(Self.blurFile)[blur]"
        if contactSheet != nil {
            graph += ";\n[sheetframes]select='not(mod(n\\,\(Self.sheetStride(frames: frames))))',scale=320:-2,"
                + "tile=4x3,trim=end_frame=1[sheet]"
        }
        return graph
    }

    /// An option of the pass that an ffmpeg refused while parsing its command line, before it read anything.
    enum RefusedOption: Equatable {
        /// `-filter_complex_script` is unknown ("Unrecognized option 'filter_complex_script'.").
        case filterScript
        /// The `slowgather` CPU flag is unknown ("Failed to set value '+slowgather' for option 'cpuflags'").
        case cpuFlags

        /// What ffmpeg's stderr says it refused; nil when it stopped for another reason (a bad file).
        init?(_ stderr: [String]) {
            if stderr.contains(where: { $0.contains("Unrecognized option 'filter_complex_script'") }) {
                self = .filterScript
            } else if stderr.contains(where: { $0.contains("'cpuflags'") && $0.contains("Failed to set value") }) {
                self = .cpuFlags
            } else {
                return nil
            }
        }
    }

    /// Drops `refused` from the pass: the graph goes inline, or the CPU flag goes. False when the pass no longer
    /// uses that option (ffmpeg refused something that cannot be dropped).
    mutating func giveUp(_ refused: RefusedOption, source: inout GraphSource, graph: String) -> Bool {
        switch refused {
        case .filterScript:
            guard source == .standardInput else { return false }
        case .cpuFlags:
            guard gathers != .ffmpegDefault else { return false }
            gathers = .ffmpegDefault
        }
        // Either way the pass runs again after ffprobe, and its stdin has been read by no one: the graph goes inline.
        source = .inline(graph)
        return true
    }

    /// argv (without the executable). Metadata files are named relatively: ffmpeg runs in the scratch folder, so no
    /// filter graph has to escape a path.
    func arguments(input: String, graph source: GraphSource) -> [String] {
        // `-nostdin`: no keyboard commands. The graph script on stdin is read as a file, whole, before the decode.
        var arguments = ["-hide_banner", "-nostdin", "-nostats", "-v", "error", "-y"] + gathers.ffmpegArguments
        arguments += ["-threads", String(Self.decoderThreads), "-i", input]
        switch source {
        case .standardInput: arguments += ["-filter_complex_script", "pipe:0"]
        case .inline(let graph): arguments += ["-filter_complex", graph]
        }
        // blockdetect's and blurdetect's frames, and the sound when there is any (an optional map: a silent file is
        // not an error), into one null output.
        arguments += ["-map", "[block]", "-map", "[blur]", "-map", "0:a:0?", "-filter:a", Self.soundChain]
        arguments += ["-f", "null", "-"]
        arguments += ["-map", "[luma]", "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", Self.lumaFile]
        if let contactSheet {
            arguments += ["-map", "[sheet]", "-q:v", "4", "-update", "1", "-f", "image2", contactSheet]
        }
        return arguments
    }
}
