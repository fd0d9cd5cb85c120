import Foundation
import Testing

@testable import GafferEngines

/// The motion, cut, glitch and flicker rules of `LumaFrames` on synthetic thumbnails: each pattern is built frame by
/// frame, so each rule is seen to fire on what it names and only on that.
struct LumaFramesTests {
    static let size = LumaFrames.frameBytes

    /// A smooth textured picture (two waves) shifted `offset` cells to the right, brightness `+ lift`; `pattern` 1 is
    /// another picture altogether.
    static func picture(offset: Int, lift: Int = 0, pattern: Int = 0) -> [UInt8] {
        var frame = [UInt8](repeating: 0, count: size)
        for y in 0..<LumaFrames.height {
            for x in 0..<LumaFrames.width {
                let u = Double(x + offset), v = Double(y)
                let value = pattern == 0
                    ? 120 + 50 * sin(2 * .pi * u / 40) + 30 * cos(2 * .pi * v / 18 + u / 25)
                    : 130 - 55 * cos(2 * .pi * v / 11) * sin(2 * .pi * u / 13)
                frame[y * LumaFrames.width + x] = UInt8(clamping: Int(value.rounded()) + lift)
            }
        }
        return frame
    }

    static func clip(_ frames: [[UInt8]]) -> LumaFrames { LumaFrames(frames.flatMap { $0 }) }

    static let steadyPan = (0..<48).map { picture(offset: $0) }

    @Test func steadyMotionIsNoEventHoweverFast() {
        for speed in [1, 3] {
            let luma = Self.clip((0..<48).map { Self.picture(offset: $0 * speed) })
            let events = luma.events { _ in false }
            #expect(events.allSatisfy { $0 == nil }, "speed \(speed): \(events)")
            #expect(luma.flicker(cuts: events) == 0)
        }
    }

    @Test func aCutIsACutNotAJerk() {
        let frames = (0..<24).map { Self.picture(offset: $0) } + (0..<24).map { Self.picture(offset: $0, pattern: 1) }
        let events = Self.clip(frames).events { _ in false }
        #expect(events[24] == .cut)
        #expect(events.enumerated().filter { $0.offset != 24 }.allSatisfy { $0.element == nil }, "\(events)")
    }

    @Test func aFrameOutOfPlaceIsAGlitch() {
        var frames = Self.steadyPan
        frames[20] = Self.picture(offset: 0, pattern: 1)
        let events = Self.clip(frames).events { _ in false }
        #expect(events[20] == .glitch)
        #expect(events.compactMap { $0 }.count == 1, "the step back is the same glitch: \(events)")
    }

    @Test func twoFramesSwappedAreBothOutOfPlace() {
        var frames = Self.steadyPan
        frames.swapAt(20, 21)
        let events = Self.clip(frames).events { _ in false }
        #expect(events[20] == .glitch && events[21] == .glitch, "\(events)")
        #expect(events.compactMap { $0 }.count == 2, "\(events)")
    }

    @Test func aJumpInTheMotionIsAHitch() {
        // Frames 20 and 21 dropped from a steady pan: the picture jumps ahead and goes on moving.
        let frames = (0..<20).map { Self.picture(offset: $0) } + (22..<48).map { Self.picture(offset: $0) }
        let luma = Self.clip(frames)
        let events = luma.events { _ in false }
        #expect(events[20] == .hitch, "step \(luma.step[20]) vs local \(luma.localPace(at: 20).faster): \(events)")
        #expect(events.compactMap { $0 }.count == 1)
    }

    @Test func staticFramesAndTheFrameAfterThemAreNeverEvents() {
        var frames = Self.steadyPan
        for index in 10..<20 { frames[index] = frames[10] }  // frozen 10…19
        let events = Self.clip(frames).events { (10..<20).contains($0) }
        #expect(events.allSatisfy { $0 == nil }, "\(events)")
    }

    @Test func flickerIsBrightnessReversingNotMotionOrFades() {
        let flicker = Self.clip((0..<48).map { Self.picture(offset: $0, lift: $0 % 2 == 0 ? 12 : -12) })
        let flickerEvents = flicker.events { _ in false }
        #expect(flickerEvents.allSatisfy { $0 == nil }, "brightness alone is not motion: \(flickerEvents)")
        #expect(flicker.flicker(cuts: flickerEvents)! > 0.9)

        let fade = Self.clip((0..<48).map { Self.picture(offset: $0, lift: -$0 * 2) })
        #expect(fade.flicker(cuts: fade.events { _ in false }) == 0, "a fade moves one way")
    }

    @Test func theSeamComparesTheFirstAndLastFrame() {
        #expect(Self.clip([Self.picture(offset: 0), Self.picture(offset: 5), Self.picture(offset: 0)]).seam == 0)
        #expect(Self.clip([Self.picture(offset: 0), Self.picture(offset: 0, lift: 30)]).seam! > 20)
        #expect(Self.clip([Self.picture(offset: 0)]).seam == nil)
        #expect(LumaFrames([UInt8](repeating: 0, count: Self.size + 10)).count == 1, "a trailing partial frame is ignored")
    }
}
