import Foundation
import GafferContracts

/// Per-operation latencies of one measured loop, summarised.
struct LatencyStats {
    let count: Int
    /// Wall time of the whole loop, clock reads and bookkeeping included.
    let wallNanos: Double
    let meanNanos: Double
    let p50Nanos: Double
    let p99Nanos: Double
    let p999Nanos: Double
    let maxNanos: Double

    init(samples: [UInt64], wall: Duration) {
        let sorted = samples.sorted()
        count = sorted.count
        wallNanos = Double(nanoseconds(wall))
        meanNanos = sorted.isEmpty ? 0 : Double(sorted.reduce(0, &+)) / Double(sorted.count)
        func rank(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            // Nearest rank: the smallest sample with at least p of all samples at or below it.
            let index = Int((p * Double(sorted.count)).rounded(.up)) - 1
            return Double(sorted[min(max(index, 0), sorted.count - 1)])
        }
        p50Nanos = rank(0.50)
        p99Nanos = rank(0.99)
        p999Nanos = rank(0.999)
        maxNanos = Double(sorted.last ?? 0)
    }

    /// Operations per second of wall time.
    var perSecond: Double { wallNanos > 0 ? Double(count) / (wallNanos / 1e9) : 0 }

    func json(prefix: String) -> [String: JSONValue] {
        [
            "\(prefix)_count": .number(Double(count)),
            "\(prefix)_total_s": .number(rounded(wallNanos / 1e9, places: 6)),
            "\(prefix)_per_s": .number(rounded(perSecond, places: 1)),
            "\(prefix)_mean_ns": .number(rounded(meanNanos, places: 1)),
            "\(prefix)_p50_ns": .number(p50Nanos),
            "\(prefix)_p99_ns": .number(p99Nanos),
            "\(prefix)_p999_ns": .number(p999Nanos),
            "\(prefix)_max_ns": .number(maxNanos),
        ]
    }
}

/// Whole nanoseconds of a duration (durations here are far below the 584 years a UInt64 holds).
@inline(__always)
func nanoseconds(_ duration: Duration) -> UInt64 {
    let (seconds, attoseconds) = duration.components
    return UInt64(max(seconds, 0)) &* 1_000_000_000 &+ UInt64(max(attoseconds, 0) / 1_000_000_000)
}

func rounded(_ value: Double, places: Int) -> Double {
    let scale = pow(10, Double(places))
    return (value * scale).rounded() / scale
}

/// Fixed-point text, e.g. `fixed(3.14159, 2)` is "3.14".
func fixed(_ value: Double, _ places: Int) -> String { String(format: "%.\(places)f", value) }

func padLeft(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}

func padRight(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
}
