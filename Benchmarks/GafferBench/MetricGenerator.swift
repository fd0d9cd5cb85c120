import GafferContracts

/// One generated attempt: its `quality_metrics` and how many attempts of the stage it is.
struct MetricSet: Sendable {
    var metrics: [String: JSONValue]
    /// 1…3, so with the default `max_retries_default` of 2 the third attempt exhausts the budget.
    var stageAttempts: Int
}

/// Generates metric sets for a policy's gates: passes, boundary values, soft and hard fails, missing
/// and invalid readings, and flags (`true`/`false`) for gates with a threshold of 1 (as `costume_fidelity`).
enum MetricGenerator {
    /// Share of sets in which every gate passes; the rest draw each metric from the mix below.
    static let cleanShare = 0.4

    static func sets(count: Int, policy: QCPolicy, seed: UInt64) -> [MetricSet] {
        var rng = SplitMix64(seed: seed)
        var sets: [MetricSet] = []
        sets.reserveCapacity(count)
        for _ in 0..<count {
            let clean = rng.unit() < cleanShare
            var metrics: [String: JSONValue] = [:]
            metrics.reserveCapacity(policy.gates.count)
            for gate in policy.gates {
                if let value = reading(for: gate, clean: clean, rng: &rng) { metrics[gate.metric] = value }
            }
            sets.append(MetricSet(metrics: metrics, stageAttempts: 1 + rng.below(3)))
        }
        return sets
    }

    /// A reading for one gate, or nil for a missing metric.
    static func reading(for gate: QCGate, clean: Bool, rng: inout SplitMix64) -> JSONValue? {
        let roll = clean ? 0 : rng.unit()
        let u = rng.unit()
        if gate.direction == .min && gate.threshold == 1 {
            switch roll {
            case ..<0.93: return .bool(true)
            case ..<0.96: return .bool(false)
            case ..<0.98: return nil
            default: return .number(1)
            }
        }
        let t = gate.threshold
        switch gate.direction {
        case .min:
            switch roll {
            case ..<0.85: return number(t + (max(t, 1) - t) * u)
            case ..<0.87: return .number(t)
            case ..<0.92: return number(t * (0.5 + 0.5 * u))
            case ..<0.95: return number(t * 0.5 * u)
            case ..<0.975: return nil
            default: return u < 0.5 ? .string("n/a") : .null
            }
        case .max:
            let critical = t == 0 ? 0.5 : 2 * t
            switch roll {
            case ..<0.85: return number(t * u)
            case ..<0.87: return .number(t)
            case ..<0.92: return number(t + (critical - t) * u)
            case ..<0.95: return number(critical + 0.001 + u)
            case ..<0.975: return nil
            default: return u < 0.5 ? .string("n/a") : .null
            }
        }
    }

    /// Three decimals, so the scenario files read like recorded metrics.
    static func number(_ value: Double) -> JSONValue { .number((value * 1000).rounded() / 1000) }
}
