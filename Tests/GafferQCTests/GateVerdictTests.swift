import GafferContracts
import Testing

@testable import GafferQC

/// SPEC §4 step 3: one row per rule of the status function.
struct GateVerdictTests {
    struct Row: CustomTestStringConvertible, Sendable {
        let rule: String
        let reading: ScoreReading
        let threshold: Double
        let direction: GateDirection
        let status: GateStatus
        let reason: GateReason
        var testDescription: String { rule }
    }

    static let rows: [Row] = [
        Row(rule: "min: at the threshold passes", reading: .value(0.7), threshold: 0.7, direction: .min, status: .pass, reason: .scoreMeetsThreshold),
        Row(rule: "min: above passes", reading: .value(0.95), threshold: 0.7, direction: .min, status: .pass, reason: .scoreMeetsThreshold),
        Row(rule: "min: just below is soft", reading: .value(0.6999), threshold: 0.7, direction: .min, status: .softFail, reason: .scoreBelowThreshold),
        Row(rule: "min: exactly half is soft, not hard", reading: .value(0.35), threshold: 0.7, direction: .min, status: .softFail, reason: .scoreBelowThreshold),
        Row(rule: "min: below half is hard", reading: .value(0.3499), threshold: 0.7, direction: .min, status: .hardFail, reason: .scoreCriticallyLow),
        Row(rule: "min: zero is hard", reading: .value(0), threshold: 0.7, direction: .min, status: .hardFail, reason: .scoreCriticallyLow),
        Row(rule: "min: negative scores are judged, not rejected", reading: .value(-1), threshold: 0.7, direction: .min, status: .hardFail, reason: .scoreCriticallyLow),
        Row(rule: "max: at the threshold passes", reading: .value(0.05), threshold: 0.05, direction: .max, status: .pass, reason: .scoreMeetsThreshold),
        Row(rule: "max: up to twice is soft", reading: .value(0.1), threshold: 0.05, direction: .max, status: .softFail, reason: .scoreAboveThreshold),
        Row(rule: "max: above twice is hard", reading: .value(0.1001), threshold: 0.05, direction: .max, status: .hardFail, reason: .scoreCriticallyHigh),
        Row(rule: "max: zero threshold, zero passes", reading: .value(0), threshold: 0, direction: .max, status: .pass, reason: .scoreMeetsThreshold),
        Row(rule: "max: zero threshold, up to +0.5 is soft", reading: .value(0.5), threshold: 0, direction: .max, status: .softFail, reason: .scoreAboveThreshold),
        Row(rule: "max: zero threshold, above +0.5 is hard", reading: .value(0.51), threshold: 0, direction: .max, status: .hardFail, reason: .scoreCriticallyHigh),
        Row(rule: "absent metric is unknown", reading: .missing, threshold: 0.7, direction: .min, status: .unknown, reason: .metricMissing),
        Row(rule: "invalid metric is unknown", reading: .invalid, threshold: 0.7, direction: .min, status: .unknown, reason: .scoreInvalid),
    ]

    @Test(arguments: rows)
    func statusFollowsTheRule(_ row: Row) {
        let (status, reason, score) = GateEvaluator.verdict(row.reading, threshold: row.threshold, direction: row.direction)
        #expect(status == row.status, "\(row.rule)")
        #expect(reason == row.reason, "\(row.rule)")
        if case .value(let value) = row.reading { #expect(score == value) } else { #expect(score == nil) }
    }

    @Test(arguments: [
        (JSONValue?.none, ScoreReading.missing),
        (.bool(true), .value(1)),
        (.bool(false), .value(0)),
        (.number(0.42), .value(0.42)),
        (.number(.nan), .invalid),
        (.number(.infinity), .invalid),
        (.number(-.infinity), .invalid),
        (.string("0.9"), .invalid),
        (.null, .invalid),
        (.object([:]), .invalid),
    ])
    func readingsCoerceOnlyBooleans(_ value: JSONValue?, _ expected: ScoreReading) {
        #expect(ScoreReading(value) == expected)
    }
}
