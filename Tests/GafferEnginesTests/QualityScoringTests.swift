import GafferContracts
import Testing

@testable import GafferEngines

/// The black, frozen and silent rules of `QualityScoring` on synthetic thumbnails at 24 fps and synthetic
/// silencedetect events: where a run sits decides whether it is a fade (reported, not counted) or a drop, and a black
/// run is reported once, as black — never also as a freeze, in the ratios or in the segments the escalation page shows.
struct QualityScoringTests {
    static let fps = 24.0
    static let black = [UInt8](repeating: 16, count: LumaFrames.frameBytes)

    /// What a clip is made of, frame by frame.
    enum Frame { case moving, black, held }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let frames: [Frame]
        let blackRatio: Double
        let freezeRatio: Double
        let leading: Double
        let trailing: Double
        /// The segments, as kind, start, end (seconds) and position.
        let segments: [MediaSegment]
        var testDescription: String { name }
    }

    static func clip(_ parts: (Frame, Int)...) -> [Frame] { parts.flatMap { Array(repeating: $0.0, count: $0.1) } }

    static let cases: [Case] = [
        Case(name: "a half-second black hold before the fade in and after the fade out",
             frames: clip((.black, 12), (.moving, 120), (.black, 12)), blackRatio: 0, freezeRatio: 0, leading: 0.5, trailing: 0.5,
             segments: [MediaSegment(kind: .black, startSeconds: 0, endSeconds: 0.5, position: .leading),
                        MediaSegment(kind: .black, startSeconds: 5.5, endSeconds: 6, position: .trailing)]),
        Case(name: "a 0.9 s black opening is still a fade, not a frozen picture",
             frames: clip((.black, 22), (.moving, 122)), blackRatio: 0, freezeRatio: 0, leading: 0.916667, trailing: 0,
             segments: [MediaSegment(kind: .black, startSeconds: 0, endSeconds: 0.916667, position: .leading)]),
        Case(name: "two seconds of black at the start are a drop at the start",
             frames: clip((.black, 48), (.moving, 96)), blackRatio: 0.333333, freezeRatio: 0, leading: 0, trailing: 0,
             segments: [MediaSegment(kind: .black, startSeconds: 0, endSeconds: 2, position: .leading)]),
        Case(name: "a second of black mid-clip is a drop, reported once",
             frames: clip((.moving, 72), (.black, 24), (.moving, 48)), blackRatio: 0.166667, freezeRatio: 0, leading: 0, trailing: 0,
             segments: [MediaSegment(kind: .black, startSeconds: 3, endSeconds: 4, position: .mid)]),
        Case(name: "a clip that is black throughout",
             frames: clip((.black, 48)), blackRatio: 1, freezeRatio: 0, leading: 0, trailing: 0,
             segments: [MediaSegment(kind: .black, startSeconds: 0, endSeconds: 2, position: .whole)]),
        Case(name: "a picture held for a second mid-clip is a freeze",
             frames: clip((.moving, 73), (.held, 23), (.moving, 48)), blackRatio: 0, freezeRatio: 0.166667, leading: 0, trailing: 0,
             segments: [MediaSegment(kind: .freeze, startSeconds: 3, endSeconds: 4, position: .mid)]),
        Case(name: "a held picture that cuts to black and back: the freeze and the drop apart",
             frames: clip((.moving, 49), (.held, 23), (.black, 24), (.moving, 48)), blackRatio: 0.166667, freezeRatio: 0.166667,
             leading: 0, trailing: 0,
             segments: [MediaSegment(kind: .black, startSeconds: 3, endSeconds: 4, position: .mid),
                        MediaSegment(kind: .freeze, startSeconds: 2, endSeconds: 3, position: .mid)]),
    ]

    /// Thumbnails for `frames`: a steady pan, black frames, or the previous picture again.
    static func thumbnails(_ frames: [Frame]) -> LumaFrames {
        var bytes: [UInt8] = []
        var previous = LumaFramesTests.picture(offset: 0)
        for (index, frame) in frames.enumerated() {
            let thumbnail: [UInt8]
            switch frame {
            case .moving: thumbnail = LumaFramesTests.picture(offset: index)
            case .black: thumbnail = black
            case .held: thumbnail = previous
            }
            bytes += thumbnail
            previous = thumbnail
        }
        return LumaFrames(bytes)
    }

    @Test(arguments: cases)
    func blackAndFrozenRunsAreFadesOrDropsByWhereTheySit(_ example: Case) {
        let probe = ProbeFacts(width: 640, height: 360, fps: Self.fps, durationSeconds: Double(example.frames.count) / Self.fps)
        let facts = DecodeMeasurements(luma: Self.thumbnails(example.frames), blur: [], block: [], silence: [], loudness: [])
        let result = QualityScoring.score(facts, probe: probe)
        func metric(_ name: TechnicalMetric) -> Double? { result.metrics[name.rawValue] }
        #expect(metric(.blackRatio).map { abs($0 - example.blackRatio) < 1e-4 } == true, "black_ratio \(String(describing: metric(.blackRatio)))")
        #expect(metric(.freezeRatio).map { abs($0 - example.freezeRatio) < 1e-4 } == true, "freeze_ratio \(String(describing: metric(.freezeRatio)))")
        #expect(metric(.leadingBlackSeconds).map { abs($0 - example.leading) < 1e-4 } == true, "leading \(String(describing: metric(.leadingBlackSeconds)))")
        #expect(metric(.trailingBlackSeconds).map { abs($0 - example.trailing) < 1e-4 } == true, "trailing \(String(describing: metric(.trailingBlackSeconds)))")
        #expect(result.segments == example.segments, "\(result.segments)")
        if example.blackRatio == 0 && example.freezeRatio == 0 {
            #expect(metric(.temporalStability) == 1, "a fade costs the picture's stability nothing")
        }
    }

    struct SoundCase: CustomTestStringConvertible, Sendable {
        let name: String
        /// silencedetect's start and end times (nil: still silent when the stream ends).
        let silences: [(start: Double, end: Double?)]
        let silenceRatio: Double
        let positions: [SegmentPosition]
        var testDescription: String { name }
    }

    static let soundCases: [SoundCase] = [
        SoundCase(name: "the sound fades in after half a second and out half a second early", silences: [(0, 0.5), (5.5, nil)],
                  silenceRatio: 0, positions: [.leading, .trailing]),
        SoundCase(name: "two silent seconds at the start are dead air", silences: [(0, 2)], silenceRatio: 0.333333, positions: [.leading]),
        SoundCase(name: "a silent second mid-clip is dead air", silences: [(2.5, 3.5)], silenceRatio: 0.166667, positions: [.mid]),
        SoundCase(name: "a silent track", silences: [(0, nil)], silenceRatio: 1, positions: [.whole]),
    ]

    @Test(arguments: soundCases)
    func silentRunsAreFadesOrDeadAirByWhereTheySit(_ example: SoundCase) {
        let probe = ProbeFacts(width: 640, height: 360, fps: Self.fps, durationSeconds: 6, hasAudio: true, audioDurationSeconds: 6)
        let events = example.silences.flatMap { silence in
            [FrameRecord(index: 0, time: silence.start, values: [DecodeMeasurements.silenceStart: silence.start])]
                + (silence.end.map { [FrameRecord(index: 0, time: $0, values: [DecodeMeasurements.silenceEnd: $0])] } ?? [])
        }
        let facts = DecodeMeasurements(luma: Self.thumbnails(Self.clip((.moving, 144))), blur: [], block: [], silence: events, loudness: [])
        let result = QualityScoring.score(facts, probe: probe)
        let ratio = result.metrics[TechnicalMetric.silenceRatio.rawValue]
        #expect(ratio.map { abs($0 - example.silenceRatio) < 1e-4 } == true, "silence_ratio \(String(describing: ratio))")
        #expect(result.segments.filter { $0.kind == .silence }.map(\.position) == example.positions, "\(result.segments)")
    }
}
