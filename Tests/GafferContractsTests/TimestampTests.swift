import Foundation
import GafferContracts
import Testing

/// `Timestamp.format` computes the text by arithmetic; Foundation's RFC 3339 style is the reference it must match.
@Suite("Timestamp")
struct TimestampTests {
    static let reference = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static let instants: [Double] = [
        0, 0.999, 1.5, -0.001, -1, -86_400, 951_782_400, 951_868_799.999, 1_709_164_800.123, 1_798_761_599.9995,
        4_102_444_800, 253_402_300_799.999, -2_208_988_800.25, 1_764_591_806.123_456,
    ]

    @Test(arguments: instants)
    func formatMatchesFoundationsStyle(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(Timestamp.format(date) == date.formatted(Self.reference), "\(seconds)")
    }

    @Test func formatMatchesOverManyRandomInstants() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let date = Date(timeIntervalSince1970: Double.random(in: -3_000_000_000...5_000_000_000, using: &generator))
            #expect(Timestamp.format(date) == date.formatted(Self.reference), "\(date.timeIntervalSince1970)")
        }
    }

    @Test func formatReadsBackAsTheSameMillisecond() throws {
        let date = Date(timeIntervalSince1970: 1_764_591_806.5)
        let text = Timestamp.format(date)
        #expect(text == "2025-12-01T12:23:26.500Z")
        let parsed = try #require(Timestamp.parse(text))
        #expect(parsed == date)
    }
}
