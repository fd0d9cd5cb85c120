import Foundation

/// SplitMix64: a tiny deterministic generator, so a seed gives the same clip on every machine and run
/// (Swift's `Hasher` is randomly seeded per process and must not be used for this).
struct SeedStream {
    private var state: UInt64

    init(seed: Int) { state = UInt64(bitPattern: Int64(seed)) ^ 0x6A09_E667_F3BC_C909 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Uniform in `range`.
    mutating func value(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    /// A colour whose channels are all in 64…255, so no pattern is mistaken for black.
    mutating func brightColor() -> String {
        let channels = (0..<3).map { _ in 64 + Int(next() % 192) }
        return "0x" + channels.map { String(format: "%02X", $0) }.joined()
    }
}

/// The lavfi picture a seed selects.
public enum RenderPattern: String, Sendable, Hashable, Codable, CaseIterable {
    case testsrc2
    case mandelbrot
    case sierpinski

    /// Seeds 1, 4, 7… → testsrc2; 2, 5, 8… → mandelbrot; 3, 6, 9… → sierpinski (the cycle continues
    /// through 0 and negative seeds). (`gradients` was tried and dropped: its smooth picture reads as
    /// blurry, blur_mean 12–19 on some seeds; so was `testsrc`: its flat boxes on an 8 px grid read as
    /// compression blocks, blockiness 135–190 after encoding.)
    public static func forSeed(_ seed: Int) -> RenderPattern {
        let index = ((seed - 1) % 3 + 3) % 3
        return allCases[index]
    }
}

/// The ffmpeg command that renders `RenderParams`: lavfi sources, one filter graph, libx264 + AAC.
struct RenderRecipe {
    let params: RenderParams
    let pattern: RenderPattern
    let audioFrequency: Int?
    /// Faults the picture or sound will carry (`black`, `freeze`, `silence`, `no_audio`).
    let faults: [String]
    /// Remarks for the log (e.g. a freeze skipped because of `pose_weight`).
    let notes: [String]
    private let videoSource: String
    private let boxSource: String
    private let audioSource: String?
    private let filterGraph: String

    init(_ params: RenderParams) {
        self.params = params
        var random = SeedStream(seed: params.seed)
        let pattern = RenderPattern.forSeed(params.seed)
        self.pattern = pattern
        let size = "\(params.width)x\(params.height)"
        let frames = params.frameCount
        let duration = FilterNumber.fixed(Double(frames) / Double(params.fps))

        // The picture.
        let patternFilter: String
        switch pattern {
        case .testsrc2:
            let hue = Int(random.value(in: 0...359))
            videoSource = "testsrc2=size=\(size):rate=\(params.fps):duration=\(duration)"
            patternFilter = "hue=h=\(hue),"
        case .mandelbrot:
            let scale = FilterNumber.fixed(random.value(in: 2.5...3.5), digits: 3)
            videoSource = "mandelbrot=size=\(size):rate=\(params.fps):start_scale=\(scale):end_scale=0.3"
            patternFilter = ""
        case .sierpinski:
            let hue = Int(random.value(in: 0...359))
            videoSource = "sierpinski=size=\(size):rate=\(params.fps):seed=\(params.seed),trim=duration=\(duration)"
            patternFilter = "hue=h=\(hue),"
        }

        // The moving box: a Lissajous path with seed-derived speeds and phases.
        let boxSide = max(8, (min(params.width, params.height) / 5) & ~1)
        let boxColor = random.brightColor()
        boxSource = "color=c=\(boxColor):size=\(boxSide)x\(boxSide):rate=\(params.fps):duration=\(duration)"
        let speedX = FilterNumber.fixed(random.value(in: 1.3...2.6), digits: 3)
        let speedY = FilterNumber.fixed(random.value(in: 1.1...2.3), digits: 3)
        let phaseX = FilterNumber.fixed(random.value(in: 0...6.28), digits: 3)
        let phaseY = FilterNumber.fixed(random.value(in: 0...6.28), digits: 3)
        let overlay = "overlay=x='(W-w)*(0.5+0.5*sin(t*\(speedX)+\(phaseX)))'"
            + ":y='(H-h)*(0.5+0.5*sin(t*\(speedY)+\(phaseY)))':shortest=1"

        var faults: [String] = []
        var notes: [String] = []
        var graph = "[0:v]\(patternFilter)trim=end_frame=\(frames)[bg];[bg][1:v]\(overlay)"
        if let black = params.frameSegment(at: params.blackAt, seconds: params.blackSeconds) {
            graph += ",drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill"
                + ":enable='between(n,\(black.lowerBound),\(black.upperBound))'"
            faults.append("black")
        }
        if let freeze = params.frameSegment(at: params.freezeAt, seconds: params.freezeSeconds) {
            if params.freezeApplies {
                graph += ",split[frz_a][frz_b];[frz_a][frz_b]freezeframes=first=\(freeze.lowerBound)"
                    + ":last=\(freeze.upperBound):replace=\(freeze.lowerBound)"
                faults.append("freeze")
            } else {
                notes.append("freeze_at ignored: pose_weight \(params.poseWeight) ≥ \(RenderParams.freezeRepairPoseWeight)")
            }
        }
        graph += ",format=yuv420p,setsar=1[v]"

        if params.hasAudio {
            let frequency = 220 + Int(random.next() % 661)
            audioFrequency = frequency
            audioSource = "sine=frequency=\(frequency):sample_rate=48000:duration=\(duration)"
            if let silence = params.timeSegment(at: params.silenceAt, seconds: params.silenceSeconds) {
                let start = FilterNumber.fixed(silence.lowerBound, digits: 4)
                let end = FilterNumber.fixed(silence.upperBound, digits: 4)
                graph += ";[2:a]volume=volume=0:enable='between(t,\(start),\(end))'[a]"
                faults.append("silence")
            } else {
                graph += ";[2:a]anull[a]"
            }
        } else {
            audioFrequency = nil
            audioSource = nil
            faults.append("no_audio")
            if params.silenceAt != nil { notes.append("silence_at ignored: the clip has no audio") }
        }
        filterGraph = graph
        self.faults = faults
        self.notes = notes
    }

    /// The full ffmpeg argv (without the executable) that writes the clip to `output` as MP4,
    /// printing `-progress` key=value blocks on stdout.
    func arguments(output: String) -> [String] {
        var arguments = ["-hide_banner", "-nostdin", "-nostats", "-v", "error", "-y",
            "-f", "lavfi", "-i", videoSource,
            "-f", "lavfi", "-i", boxSource]
        if let audioSource { arguments += ["-f", "lavfi", "-i", audioSource] }
        arguments += ["-filter_complex", filterGraph, "-map", "[v]"]
        if audioSource != nil { arguments += ["-map", "[a]"] }
        // No `-frames:v`: ending the video stream that way cuts the audio short (measured: 3.946 s of
        // 4). The sources are bounded instead (`duration=`, `trim=end_frame=`).
        arguments += [
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
        ]
        if audioSource != nil { arguments += ["-c:a", "aac", "-b:a", "96k", "-ac", "1", "-ar", "48000"] }
        arguments += [
            "-movflags", "+faststart", "-map_metadata", "-1",
            "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
            "-progress", "pipe:1", "-f", "mp4", output,
        ]
        return arguments
    }
}
