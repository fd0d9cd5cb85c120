import Foundation
import GafferContracts

/// The per-frame facts of one decode pass, read from the metadata dumps and the luma thumbnails.
struct DecodeMeasurements: Sendable {
    /// Every decoded frame as a 64×36 luma thumbnail: the frame count, motion, flicker, seam.
    var luma: LumaFrames
    /// Sampled, at most 480 px wide: `lavfi.blur` per sampled frame (NaN on flat frames).
    var blur: [FrameRecord]
    /// Sampled, native size, cropped: `lavfi.block` per sampled frame.
    var block: [FrameRecord]
    /// silencedetect events.
    var silence: [FrameRecord]
    /// ebur128's running integrated loudness and true peak.
    var loudness: [FrameRecord]

    static let blurKey = "lavfi.blur"
    static let blockKey = "lavfi.block"
    static let silenceStart = "lavfi.silence_start"
    static let silenceEnd = "lavfi.silence_end"
    static let integratedLoudness = "lavfi.r128.I"
    /// Linear amplitude (1 = full scale), the maximum over channels so far.
    static let truePeak = "lavfi.r128.true_peak"
}

/// The metric definitions (SPEC §6.5). Pure: facts in, numbers out.
enum QualityScoring {
    /// Black runs count from this long (blackdetect's `d=0.1`), frozen runs from this long (freezedetect's `d=0.5`).
    static let minimumBlackSeconds = 0.1
    static let minimumFreezeSeconds = 0.5
    /// A black or silent run touching the clip's start or end and no longer than this is a fade in or out: reported
    /// (leading/trailing black seconds, the segments' positions), not counted as a drop or as dead air.
    static let fadeMaximumSeconds = 1.0
    /// Each 1 % of moving frames that glitch or hitch costs 5 % of smoothness.
    static let jerkPenalty = 5.0
    /// A mean luma difference of this many grey levels (of 255) between the first and last frame
    /// makes `loop_seam` 0.
    static let seamFullScale = 32.0

    struct Result {
        var metrics: [String: Double]
        var black: [MediaInterval]
        var freeze: [MediaInterval]
        var silence: [MediaInterval]
        var segments: [MediaSegment]
    }

    static func score(_ facts: DecodeMeasurements, probe: ProbeFacts) -> Result {
        var metrics: [String: Double] = [:]
        let luma = facts.luma
        let fps = probe.fps > 0 ? probe.fps : 25
        let frameSeconds = 1 / fps
        let videoStart = probe.videoStartSeconds
        let videoEnd = luma.count > 0 ? videoStart + Double(luma.count) * frameSeconds : videoStart + probe.durationSeconds
        let span = max(videoEnd - videoStart, frameSeconds)
        let videoBounds = videoStart...max(videoStart, videoEnd)
        func time(ofFrame index: Int) -> Double { videoStart + Double(index) * frameSeconds }

        // Black and frozen runs of the thumbnails; a black run is never also a frozen one (`LumaFrames.runs`), so a
        // fade's hold is not a frozen picture.
        func intervals(_ kind: SegmentKind, minimum: Double) -> [MediaInterval] {
            luma.runs(kind).map { MediaInterval(start: time(ofFrame: $0.lowerBound), end: time(ofFrame: $0.upperBound)) }
                .filter { $0.duration >= minimum - 1e-9 }.normalized(within: videoBounds)
        }
        let blackIntervals = intervals(.black, minimum: minimumBlackSeconds)
        let freezeIntervals = intervals(.freeze, minimum: minimumFreezeSeconds)
        // Fades at the edges are reported, not counted: the drops are the rest.
        let edge = frameSeconds * 1.5
        func position(_ interval: MediaInterval, within bounds: ClosedRange<Double>? = nil) -> SegmentPosition {
            let (start, end) = bounds.map { ($0.lowerBound, $0.upperBound) } ?? (videoStart, videoEnd)
            let leading = interval.start <= start + edge
            let trailing = interval.end >= end - edge
            return leading && trailing ? .whole : leading ? .leading : trailing ? .trailing : .mid
        }
        func isFade(_ interval: MediaInterval, within bounds: ClosedRange<Double>? = nil) -> Bool {
            let at = position(interval, within: bounds)
            return (at == .leading || at == .trailing) && interval.duration <= fadeMaximumSeconds + 1e-9
        }
        let drops = blackIntervals.filter { !isFade($0) }
        let fades = blackIntervals.filter { isFade($0) }
        let staticIntervals = (drops + freezeIntervals).normalized(within: videoBounds)
        metrics[TechnicalMetric.blackRatio.rawValue] = clamp01(drops.totalDuration / span)
        metrics[TechnicalMetric.freezeRatio.rawValue] = clamp01(freezeIntervals.totalDuration / span)
        let staticRatio = clamp01(staticIntervals.totalDuration / span)
        metrics[TechnicalMetric.leadingBlackSeconds.rawValue] = fades.filter { position($0) == .leading }.totalDuration
        metrics[TechnicalMetric.trailingBlackSeconds.rawValue] = fades.filter { position($0) == .trailing }.totalDuration

        // Temporal stability: the moving share of the clip, times the smoothness of its motion. Cuts are scene
        // changes, not instability; glitches (a frame out of place) and hitches (a jump out of line with the motion
        // around it) are.
        let isStatic = { (index: Int) in staticIntervals.covers(time(ofFrame: index)) || fades.covers(time(ofFrame: index)) }
        let events = luma.events(isStatic: isStatic)
        if luma.count > 0 {
            var moving = 0
            for index in 1..<max(1, luma.count) where !isStatic(index) && !isStatic(index - 1) { moving += 1 }
            let jerks = events.filter { $0 == .glitch || $0 == .hitch }.count
            let smoothness = moving > 0 ? 1 - clamp01(jerkPenalty * Double(jerks) / Double(moving)) : 1
            metrics[TechnicalMetric.temporalStability.rawValue] = clamp01((1 - staticRatio) * smoothness)
            metrics[TechnicalMetric.sceneCuts.rawValue] = Double(events.filter { $0 == .cut }.count)
            if let flicker = luma.flicker(cuts: events) { metrics[TechnicalMetric.flicker.rawValue] = flicker }
        }

        // Blur: mean of the finite per-frame values (blurdetect gives NaN on flat or black frames).
        let blur = facts.blur.compactMap { $0.values[DecodeMeasurements.blurKey] }.filter(\.isFinite)
        if !blur.isEmpty { metrics[TechnicalMetric.blurMean.rawValue] = blur.reduce(0, +) / Double(blur.count) }
        // Blockiness: mean blockdetect score of the sampled native frames.
        let blocks = facts.block.compactMap { $0.values[DecodeMeasurements.blockKey] }.filter(\.isFinite)
        if !blocks.isEmpty { metrics[TechnicalMetric.blockiness.rawValue] = blocks.reduce(0, +) / Double(blocks.count) }

        // Loop seam: how alike the last frame is to the first (only when the whole clip decoded).
        if let seam = luma.seam, !Analyzer.isShort(luma.count, of: probe.declaredFrames) {
            metrics[TechnicalMetric.loopSeam.rawValue] = clamp01(1 - seam / seamFullScale)
        }

        // Sound: measured only when there is a sound stream; `has_audio` says whether there is.
        var silenceIntervals: [MediaInterval] = []
        if probe.hasAudio {
            let audioEnd = probe.audioDurationSeconds ?? probe.durationSeconds
            var silence = IntervalTracker()
            for frame in facts.silence {
                if let start = frame.values[DecodeMeasurements.silenceStart] { silence.start(at: start) }
                if let end = frame.values[DecodeMeasurements.silenceEnd] { silence.end(at: end) }
            }
            let soundBounds = 0...max(0, audioEnd)
            silenceIntervals = silence.finished(streamEnd: audioEnd).normalized(within: soundBounds)
            // The sound's fades in and out, like the picture's, are reported as segments and not counted as dead air.
            let deadAir = silenceIntervals.filter { !isFade($0, within: soundBounds) }
            metrics[TechnicalMetric.silenceRatio.rawValue] = audioEnd > 0
                ? clamp01(deadAir.totalDuration / audioEnd) : 1
            let videoDuration = probe.durationSeconds
            let longer = max(audioEnd, videoDuration)
            metrics[TechnicalMetric.audioVideo.rawValue] = longer > 0
                ? clamp01(1 - abs(audioEnd - videoDuration) / longer) : 0
            let last = facts.loudness.last?.values ?? [:]
            if let loudness = last[DecodeMeasurements.integratedLoudness], loudness.isFinite, loudness > -70 {
                metrics[TechnicalMetric.loudnessLUFS.rawValue] = loudness
            }
            if let peak = facts.loudness.compactMap({ $0.values[DecodeMeasurements.truePeak] }).max(), peak > 0, peak.isFinite {
                metrics[TechnicalMetric.truePeakDBTP.rawValue] = 20 * log10(peak)
            }
        }

        metrics[TechnicalMetric.decodedFrames.rawValue] = Double(luma.count)
        metrics[TechnicalMetric.declaredFrames.rawValue] = Double(probe.declaredFrames)
        metrics[TechnicalMetric.durationSeconds.rawValue] = probe.durationSeconds

        // Picture spans are timed from the video's first frame; sound spans from the audio's start.
        let audioBounds = 0...max(0, probe.audioDurationSeconds ?? probe.durationSeconds)
        func segments(_ intervals: [MediaInterval], _ kind: SegmentKind, origin: Double, bounds: ClosedRange<Double>? = nil) -> [MediaSegment] {
            intervals.map { interval in
                MediaSegment(
                    kind: kind, startSeconds: rounded(max(0, interval.start - origin)), endSeconds: rounded(max(0, interval.end - origin)),
                    position: position(interval, within: bounds))
            }
        }
        let all = segments(blackIntervals, .black, origin: videoStart) + segments(freezeIntervals, .freeze, origin: videoStart)
            + segments(silenceIntervals, .silence, origin: 0, bounds: audioBounds)
        return Result(
            metrics: metrics.mapValues(rounded), black: blackIntervals, freeze: freezeIntervals,
            silence: silenceIntervals, segments: all)
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
}
