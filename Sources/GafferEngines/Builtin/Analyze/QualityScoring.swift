/// The per-frame facts of one decode pass, read from the metadata dumps.
struct DecodeMeasurements: Sendable {
    /// Downscaled full-rate branch: one record per decoded frame (signalstats tags every frame), with `YDIF`.
    var frames: [FrameRecord]
    /// Full-size branch: the frames that carry a black or freeze event (only those are printed).
    var events: [FrameRecord]
    /// Sampled, downscaled branch: `lavfi.blur` per sampled frame (NaN on flat frames).
    var blur: [FrameRecord]
    /// First and last frame (when the last one was reached), downscaled, through signalstats: the
    /// second record's `YDIF` is the mean luma difference between them.
    var seam: [FrameRecord]
    /// silencedetect events.
    var silence: [FrameRecord]
    /// ebur128's running integrated loudness.
    var loudness: [FrameRecord]

    static let ydif = "lavfi.signalstats.YDIF"
    static let blackStart = "lavfi.black_start"
    static let blackEnd = "lavfi.black_end"
    static let freezeStart = "lavfi.freezedetect.freeze_start"
    static let freezeEnd = "lavfi.freezedetect.freeze_end"
    static let blurKey = "lavfi.blur"
    static let silenceStart = "lavfi.silence_start"
    static let silenceEnd = "lavfi.silence_end"
    static let integratedLoudness = "lavfi.r128.I"

    static let eventKeys: Set<String> = [blackStart, blackEnd, freezeStart, freezeEnd]
}

/// The metric definitions (SPEC §6.5). Pure: facts in, numbers out.
enum QualityScoring {
    /// blackdetect tags every black run; only runs at least this long count (the `d=0.1` of the graph).
    static let minimumBlackSeconds = 0.1
    /// A frame-to-frame luma change above `spikeFactor` × median + `spikeFloor` is a jump (a cut,
    /// a glitch, the end of a freeze).
    static let spikeFactor = 3.0
    static let spikeFloor = 1.0
    /// Each 1 % of moving frames that jump costs 5 % of smoothness.
    static let jerkPenalty = 5.0
    /// A mean luma difference of this many grey levels (of 255) between the first and last frame
    /// makes `loop_seam` 0.
    static let seamFullScale = 32.0

    struct Result {
        var metrics: [String: Double]
        var black: [MediaInterval]
        var freeze: [MediaInterval]
        var silence: [MediaInterval]
    }

    static func score(_ facts: DecodeMeasurements, probe: ProbeFacts) -> Result {
        var metrics: [String: Double] = [:]
        let fps = probe.fps > 0 ? probe.fps : estimatedRate(facts.frames) ?? 25
        let frameSeconds = 1 / fps
        let times = facts.frames.compactMap(\.time)
        let videoStart = times.first ?? 0
        let videoEnd = (times.last.map { $0 + frameSeconds }) ?? probe.durationSeconds
        let span = max(videoEnd - videoStart, frameSeconds)
        let videoBounds = videoStart...max(videoStart, videoEnd)

        // Black and frozen segments (a black segment is also frozen: counted once, as black).
        var black = IntervalTracker()
        var freeze = IntervalTracker()
        for frame in facts.events {
            if let start = frame.values[DecodeMeasurements.blackStart] { black.start(at: start) }
            if let end = frame.values[DecodeMeasurements.blackEnd] { black.end(at: end) }
            if let start = frame.values[DecodeMeasurements.freezeStart] { freeze.start(at: start) }
            if let end = frame.values[DecodeMeasurements.freezeEnd] { freeze.end(at: end) }
        }
        let blackIntervals = black.finished(streamEnd: videoEnd, minimum: minimumBlackSeconds)
            .normalized(within: videoBounds)
        let freezeIntervals = freeze.finished(streamEnd: videoEnd).normalized(within: videoBounds)
        let staticIntervals = (blackIntervals + freezeIntervals).normalized(within: videoBounds)
        let blackRatio = clamp01(blackIntervals.totalDuration / span)
        let staticRatio = clamp01(staticIntervals.totalDuration / span)
        metrics[TechnicalMetric.blackRatio.rawValue] = blackRatio
        metrics[TechnicalMetric.freezeRatio.rawValue] = clamp01(staticRatio - blackRatio)

        // Temporal stability: the moving share of the clip, times the smoothness of its motion.
        // The frame that leaves a black or frozen segment differs sharply from the last static one;
        // that jump is the segment's own doing (already counted in the static share), so it is not
        // counted again as a jerk.
        var moving: [Double] = []
        var previousStatic = true  // the first frame has no predecessor: its YDIF is 0 by definition
        for frame in facts.frames {
            let isStatic = frame.time.map(staticIntervals.covers) ?? false
            defer { previousStatic = isStatic }
            guard !isStatic, !previousStatic, let difference = frame.values[DecodeMeasurements.ydif],
                difference.isFinite
            else { continue }
            moving.append(difference)
        }
        var smoothness = 1.0
        if let median = median(moving) {
            let limit = spikeFactor * median + spikeFloor
            let jumps = moving.filter { $0 > limit }.count
            smoothness = 1 - clamp01(jerkPenalty * Double(jumps) / Double(moving.count))
        }
        if !facts.frames.isEmpty {
            metrics[TechnicalMetric.temporalStability.rawValue] = clamp01((1 - staticRatio) * smoothness)
        }

        // Blur: mean of the finite per-frame values (blurdetect gives NaN on flat or black frames).
        let blur = facts.blur.compactMap { $0.values[DecodeMeasurements.blurKey] }.filter(\.isFinite)
        if !blur.isEmpty { metrics[TechnicalMetric.blurMean.rawValue] = blur.reduce(0, +) / Double(blur.count) }

        // Loop seam: how alike the last frame is to the first.
        if facts.seam.count == 2, let difference = facts.seam[1].values[DecodeMeasurements.ydif], difference.isFinite {
            metrics[TechnicalMetric.loopSeam.rawValue] = clamp01(1 - difference / seamFullScale)
        }

        // Sound.
        var silenceIntervals: [MediaInterval] = []
        if probe.hasAudio {
            let audioEnd = probe.audioDurationSeconds ?? probe.durationSeconds
            var silence = IntervalTracker()
            for frame in facts.silence {
                if let start = frame.values[DecodeMeasurements.silenceStart] { silence.start(at: start) }
                if let end = frame.values[DecodeMeasurements.silenceEnd] { silence.end(at: end) }
            }
            silenceIntervals = silence.finished(streamEnd: audioEnd).normalized(within: 0...max(0, audioEnd))
            metrics[TechnicalMetric.silenceRatio.rawValue] = audioEnd > 0
                ? clamp01(silenceIntervals.totalDuration / audioEnd) : 1
            let videoDuration = probe.durationSeconds
            let longer = max(audioEnd, videoDuration)
            metrics[TechnicalMetric.audioVideo.rawValue] = longer > 0
                ? clamp01(1 - abs(audioEnd - videoDuration) / longer) : 0
            if let loudness = facts.loudness.last?.values[DecodeMeasurements.integratedLoudness],
                loudness.isFinite, loudness > -70
            {
                metrics[TechnicalMetric.loudnessLUFS.rawValue] = loudness
            }
        } else {
            metrics[TechnicalMetric.silenceRatio.rawValue] = 1
            metrics[TechnicalMetric.audioVideo.rawValue] = 0
        }

        metrics[TechnicalMetric.decodedFrames.rawValue] = Double(facts.frames.count)
        metrics[TechnicalMetric.declaredFrames.rawValue] = Double(probe.declaredFrames)
        metrics[TechnicalMetric.durationSeconds.rawValue] = probe.durationSeconds
        return Result(
            metrics: metrics.mapValues(rounded), black: blackIntervals, freeze: freezeIntervals,
            silence: silenceIntervals)
    }

    static func clamp01(_ value: Double) -> Double { value.isFinite ? min(1, max(0, value)) : 0 }

    /// Six decimals: enough for any gate, and the same bytes on every run.
    static func rounded(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Frames per second from the timestamps, when the container does not say.
    static func estimatedRate(_ frames: [FrameRecord]) -> Double? {
        let times = frames.compactMap(\.time)
        guard times.count >= 2, let first = times.first, let last = times.last, last > first else { return nil }
        return Double(times.count - 1) / (last - first)
    }
}
