import GafferContracts

/// The picture of every decoded frame shrunk to a thumbnail of luma (`LumaFrames.width` × `height`, 8-bit gray), and
/// what the motion, flicker and loop-seam measures read from it. Pure: bytes in, numbers out.
///
/// A thumbnail this small averages away sensor noise and compression grain (each cell is the mean of hundreds of
/// source pixels), so what is left is the picture's structure: how much it changes from frame to frame, and how.
/// Per frame `t`:
/// - `mean[t]`: mean luma (0–255), the frame's brightness;
/// - `step[t]`: mean absolute difference to frame `t − 1` after each frame's own mean is taken out — a change of
///   picture, not of brightness (so flicker does not read as motion, and motion not as flicker);
/// - `skip[t]`: the same between frames `t − 1` and `t + 1`: whether frame `t` belongs between its neighbours.
///
/// From these: a scene **cut** is a large step whose new picture stays (the next step is small); a **glitch** is a
/// frame that fits neither neighbour while they fit each other (`skip` well below the two steps added up); a **hitch** is a step
/// far above the local motion that is not a cut (a jump in the motion, e.g. dropped frames). Steady camera or
/// subject motion, however fast, raises every step alike and the local median with them: it is none of these.
struct LumaFrames: Sendable {
    static let width = 64
    static let height = 36
    static var frameBytes: Int { width * height }

    let count: Int
    let mean: [Double]
    let step: [Double]
    let skip: [Double]
    /// Mean absolute difference to the previous frame, brightness included (0 for the first): what a freeze is.
    let rawStep: [Double]
    /// The share of the thumbnail's cells at or below the black level: what a black frame is.
    let darkShare: [Double]
    /// Mean absolute luma difference between the first and the last frame (brightness included), when there are two.
    let seam: Double?

    /// Frames are read from `bytes` in order; a trailing partial frame is ignored. `blackLevel` is the luma at or
    /// below which a cell is black (10 % above the range's black: 38 for video range, 26 for full range).
    init(_ bytes: [UInt8], blackLevel: UInt8 = LumaFrames.videoRangeBlackLevel) {
        let size = Self.frameBytes
        let count = bytes.count / size
        self.count = count
        var mean = [Double](repeating: 0, count: count)
        var step = [Double](repeating: 0, count: count)
        var skip = [Double](repeating: 0, count: count)
        var rawStep = [Double](repeating: 0, count: count)
        var darkShare = [Double](repeating: 0, count: count)
        bytes.withUnsafeBufferPointer { buffer in
            for frame in 0..<count {
                var sum = 0
                var dark = 0
                for index in frame * size..<(frame + 1) * size {
                    let value = buffer[index]
                    sum += Int(value)
                    if value <= blackLevel { dark += 1 }
                }
                mean[frame] = Double(sum) / Double(size)
                darkShare[frame] = Double(dark) / Double(size)
            }
            for frame in 1..<max(1, count) {
                var total = 0
                let (base, previous) = (frame * size, (frame - 1) * size)
                for index in 0..<size { total += abs(Int(buffer[base + index]) - Int(buffer[previous + index])) }
                rawStep[frame] = Double(total) / Double(size)
            }
            func difference(_ a: Int, _ b: Int) -> Double {
                let offset = mean[a] - mean[b]
                var total = 0.0
                let (baseA, baseB) = (a * size, b * size)
                for index in 0..<size {
                    total += abs(Double(buffer[baseA + index]) - Double(buffer[baseB + index]) - offset)
                }
                return total / Double(size)
            }
            for frame in 1..<max(1, count) { step[frame] = difference(frame, frame - 1) }
            for frame in 1..<max(1, count - 1) { skip[frame] = difference(frame + 1, frame - 1) }
        }
        self.mean = mean
        self.step = step
        self.skip = skip
        self.rawStep = rawStep
        self.darkShare = darkShare
        if count >= 2 {
            var total = 0
            let last = (count - 1) * size
            for index in 0..<size { total += abs(Int(bytes[index]) - Int(bytes[last + index])) }
            seam = Double(total) / Double(size)
        } else {
            seam = nil
        }
    }

    static let videoRangeBlackLevel: UInt8 = 38
    static let fullRangeBlackLevel: UInt8 = 26
    /// A frame is black when at least this share of its cells is (blackdetect's default picture ratio).
    static let blackShare = 0.98
    /// A frame is frozen when it differs from the previous one by less than this many grey levels on average
    /// (freezedetect's -60 dB noise floor, 0.001 of full scale); the thumbnail averages compression noise away, so
    /// a re-encoded still reads as still.
    static let freezeNoise = 0.255

    /// Runs of consecutive frames that match, as `[first, end)` frame indices: black frames, or frames that repeat
    /// the frame before them (a run of repeats starts at the frame they repeat).
    func runs(_ kind: SegmentKind) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start: Int?
        for frame in 0..<count {
            let matches: Bool
            switch kind {
            case .black: matches = darkShare[frame] >= Self.blackShare
            // Black frames repeat each other too; they are black, never a frozen picture.
            case .freeze: matches = frame > 0 && rawStep[frame] < Self.freezeNoise && darkShare[frame] < Self.blackShare
            case .silence: matches = false
            }
            if matches, start == nil { start = kind == .freeze ? frame - 1 : frame }
            if !matches, let first = start {
                runs.append(first..<frame)
                start = nil
            }
        }
        if let first = start { runs.append(first..<count) }
        return runs
    }

    /// What a frame's step is, judged against the motion around it.
    enum Event: Equatable, Sendable {
        case cut, glitch, hitch
    }

    /// A step is a cut when it is at least this many grey levels…
    static let cutMinimum = 10.0
    /// …and this many times the local motion, and the step after it falls below half of it.
    static let cutFactor = 4.0
    /// A step above `jumpFactor` × the local median + `jumpFloor` is out of line with the motion around it.
    static let jumpFactor = 2.5
    static let jumpFloor = 1.5
    /// A frame is out of place (a glitch) when its neighbours differ from each other less than this share of the
    /// two steps to and from it added up, both steps above `glitchFloor` grey levels (below that, noise). Measured on
    /// real footage: clean clips 0–1 such frames in 120–480; frames 7 and 8 of every 10 swapped, 36–43.
    static let glitchShare = 0.4
    static let glitchFloor = 1.0
    /// The local motion: the median steps within this many frames before and after (the frame itself left out).
    static let window = 12

    /// The event at each frame (nil: in line with the motion around it). `isStatic` frames (black or frozen, counted
    /// elsewhere) and the frame right after one are never events: leaving a static segment is that segment's doing.
    func events(isStatic: (Int) -> Bool) -> [Event?] {
        var events = [Event?](repeating: nil, count: count)
        guard count >= 3 else { return events }
        for frame in 1..<count {
            if isStatic(frame) || isStatic(frame - 1) { continue }
            // The step back from a glitch is the glitch's own: neither a cut nor a jump of its own.
            if events[frame - 1] == .glitch, !isOutOfPlace(frame) { continue }
            let pace = localPace(at: frame)
            let current = step[frame]
            let next = frame + 1 < count ? step[frame + 1] : 0
            // A cut may lead into a faster shot: it is judged against the slower side. A jerk must stand out from
            // both sides, so it is judged against the faster.
            if current >= Self.cutMinimum, current >= Self.cutFactor * pace.slower, next <= current / 2 {
                events[frame] = .cut
                continue
            }
            if isOutOfPlace(frame) {
                events[frame] = .glitch
                continue
            }
            if current > Self.jumpFactor * pace.faster + Self.jumpFloor { events[frame] = .hitch }
        }
        return events
    }

    /// The larger of the median steps just before and just after `frame`: where the motion changes pace (a fade
    /// ends, a pan starts) a step in line with either side is in line; a spike is above both.
    /// In coherent motion a frame's neighbours differ about as much as the two steps between them add up to; a
    /// frame out of place (A B A, or two frames swapped) leaves its neighbours much closer than that.
    func isOutOfPlace(_ frame: Int) -> Bool {
        guard frame >= 1, frame + 1 < count else { return false }
        let (current, next) = (step[frame], step[frame + 1])
        return current > Self.glitchFloor && next > Self.glitchFloor && skip[frame] < Self.glitchShare * (current + next)
    }

    /// The median steps just before and just after `frame`, the slower and the faster of the two (0 for a side
    /// with no frames).
    func localPace(at frame: Int) -> (slower: Double, faster: Double) {
        let before = Array(step[max(1, frame - Self.window)..<frame])
        let after = frame + 1 < count ? Array(step[(frame + 1)...min(count - 1, frame + Self.window)]) : []
        let sides = [QualityScoring.median(before), QualityScoring.median(after)].compactMap { $0 }
        return (sides.min() ?? 0, sides.max() ?? 0)
    }

    /// A brightness reversal: the mean luma moves one way by more than this many grey levels, then back by more.
    static let flickerAmplitude = 1.5

    /// The share of frames (0–1) where the brightness reverses: up then down, or down then up, both by more than
    /// `flickerAmplitude`. A fade or a lighting change moves one way; a cut is one step; flicker reverses frame
    /// after frame. Frames at a cut are left out.
    func flicker(cuts: [Event?]) -> Double? {
        guard count >= 3 else { return nil }
        var reversals = 0
        var judged = 0
        for frame in 1..<(count - 1) {
            if cuts[frame] == .cut || cuts[frame + 1] == .cut { continue }
            judged += 1
            let before = mean[frame] - mean[frame - 1]
            let after = mean[frame + 1] - mean[frame]
            if abs(before) > Self.flickerAmplitude, abs(after) > Self.flickerAmplitude, (before > 0) != (after > 0) {
                reversals += 1
            }
        }
        return judged > 0 ? Double(reversals) / Double(judged) : nil
    }
}
