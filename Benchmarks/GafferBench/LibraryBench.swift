import Foundation
import GafferContracts
import GafferQC
import GafferSupervisor

/// The library half: QC + decision per metric set, with QC alone and policy loading measured in the same run.
enum LibraryBench {
    static let now = "2026-01-01T00:00:00Z"
    static let context = ReportContext(jobID: "bench", attemptID: AttemptID.make(1), generatedAt: now)

    /// What `gaffer smoke` does per scenario, minus the files: evaluate all gates, then decide.
    @inline(__always)
    static func decide(_ set: MetricSet, policy: QCPolicy) -> SupervisorOutcome {
        let report = QCEvaluator.evaluate(policy: policy, metrics: set.metrics, context: context)
        return Supervisor.decide(SupervisorInput(
            jobID: context.jobID, attemptID: context.attemptID, stage: nil, now: now, policy: policy,
            report: report, stageAttempts: set.stageAttempts, jobAttempts: 1))
    }

    static func run(_ options: Options) throws {
        let count = options.count ?? 100_000
        let clock = ContinuousClock()
        let policyData = try Data(contentsOf: URL(fileURLWithPath: options.policyPath))
        let source = options.policyPath

        // The first load compiles every bundled schema; measured once, on its own.
        let coldStart = clock.now
        let policy = try ContractDecoder.policy(from: policyData, source: source)
        let coldNanos = nanoseconds(coldStart.duration(to: clock.now))

        let sets = MetricGenerator.sets(count: count, policy: policy, seed: options.seed)

        // Warm-up: caches, allocator, page faults; the results are discarded.
        for set in sets.prefix(2_000) {
            _ = QCEvaluator.evaluate(policy: policy, metrics: set.metrics, context: context)
            _ = decide(set, policy: policy)
        }
        for _ in 0..<min(options.loads, 20) { _ = try ContractDecoder.policy(from: policyData, source: source) }

        // 1. Baseline: QC alone.
        var recommended: [Action: Int] = [:]
        var samples = [UInt64](repeating: 0, count: count)
        var loopStart = clock.now
        for index in 0..<count {
            let start = clock.now
            let report = QCEvaluator.evaluate(policy: policy, metrics: sets[index].metrics, context: context)
            let end = clock.now
            samples[index] = nanoseconds(start.duration(to: end))
            recommended[report.overall.recommendedAction, default: 0] += 1
        }
        let qcOnly = LatencyStats(samples: samples, wall: loopStart.duration(to: clock.now))

        // 2. QC + decision.
        var actions: [Action: Int] = [:]
        var reasons: [EscalationReason: Int] = [:]
        loopStart = clock.now
        for index in 0..<count {
            let start = clock.now
            let outcome = decide(sets[index], policy: policy)
            let end = clock.now
            samples[index] = nanoseconds(start.duration(to: end))
            actions[outcome.action, default: 0] += 1
            if let reason = outcome.decision.decision.escalationReason { reasons[reason, default: 0] += 1 }
        }
        let qcDecide = LatencyStats(samples: samples, wall: loopStart.duration(to: clock.now))

        // 3. Baseline: the policy loaded from JSON (parse + schema validation + decode) per iteration.
        var loadSamples = [UInt64](repeating: 0, count: options.loads)
        var gatesLoaded = 0
        loopStart = clock.now
        for index in 0..<options.loads {
            let start = clock.now
            let loaded = try ContractDecoder.policy(from: policyData, source: source)
            let end = clock.now
            loadSamples[index] = nanoseconds(start.duration(to: end))
            gatesLoaded += loaded.gates.count
        }
        let load = LatencyStats(samples: loadSamples, wall: loopStart.duration(to: clock.now))
        guard gatesLoaded == options.loads * policy.gates.count else { throw BenchError("policy loads disagree") }

        let ratios: KeyValuePairs<String, Double> = [
            "ratio_qc_decide_vs_qc_only_mean": qcDecide.meanNanos / qcOnly.meanNanos,
            "ratio_qc_decide_vs_qc_only_p50": qcDecide.p50Nanos / qcOnly.p50Nanos,
            "ratio_policy_load_vs_evaluate": load.meanNanos / qcOnly.meanNanos,
            "ratio_policy_load_vs_qc_decide": load.meanNanos / qcDecide.meanNanos,
        ]
        let stageAttempts = Dictionary(grouping: sets, by: \.stageAttempts).mapValues(\.count)

        // Human-readable report.
        print("GafferBench — library: QC + decision")
        print("policy \(policy.policyID) (\(policy.gates.count) gates) from \(source)")
        print("\(count) metric sets, seed \(options.seed); \(options.loads) policy loads; one thread; latency per operation")
        print("")
        let header = [padRight("measure", 26), padLeft("count", 8), padLeft("total s", 10), padLeft("ops/s", 12),
                      padLeft("mean µs", 10), padLeft("p50 µs", 10), padLeft("p99 µs", 10), padLeft("p99.9 µs", 10)]
        print(header.joined(separator: " "))
        for (label, stats) in [("QC + decide", qcDecide), ("QC evaluate only (base)", qcOnly), ("policy load from JSON", load)] {
            print([padRight(label, 26), padLeft("\(stats.count)", 8), padLeft(fixed(stats.wallNanos / 1e9, 3), 10),
                   padLeft(fixed(stats.perSecond, 0), 12), padLeft(fixed(stats.meanNanos / 1e3, 2), 10),
                   padLeft(fixed(stats.p50Nanos / 1e3, 2), 10), padLeft(fixed(stats.p99Nanos / 1e3, 2), 10),
                   padLeft(fixed(stats.p999Nanos / 1e3, 2), 10)].joined(separator: " "))
        }
        print("first policy load (compiles the bundled schemas): \(fixed(Double(coldNanos) / 1e6, 2)) ms")
        print("")
        print("ratios (same run, same metric sets)")
        print("  QC+decide / QC only, mean      \(fixed(ratios[0].value, 2))×")
        print("  QC+decide / QC only, p50       \(fixed(ratios[1].value, 2))×")
        print("  policy load / QC evaluate      \(fixed(ratios[2].value, 1))×")
        print("  policy load / QC+decide        \(fixed(ratios[3].value, 1))×")
        print("")
        print("decisions:          " + histogram(actions, total: count))
        print("QC recommended:     " + histogram(recommended, total: count))
        print("escalation reasons: " + EscalationReason.allCases.compactMap { reason in
            reasons[reason].map { "\(reason.rawValue) \($0)" }
        }.joined(separator: ", "))
        print("stage_attempts:     " + (1...3).map { "\($0): \(stageAttempts[$0] ?? 0)" }.joined(separator: ", "))
        print("")

        // Machine-readable summary: the last line.
        var summary: [String: JSONValue] = [
            "bench": "gaffer-library", "policy_id": .string(policy.policyID), "seed": .number(Double(options.seed)),
            "policy_load_cold_ns": .number(Double(coldNanos)),
            "actions": .object(Dictionary(uniqueKeysWithValues: actions.map { ($0.key.rawValue, .number(Double($0.value))) })),
            "recommended": .object(Dictionary(uniqueKeysWithValues: recommended.map { ($0.key.rawValue, .number(Double($0.value))) })),
            "escalation_reasons": .object(Dictionary(uniqueKeysWithValues: reasons.map { ($0.key.rawValue, .number(Double($0.value))) })),
        ]
        summary.merge(qcDecide.json(prefix: "qc_decide")) { _, new in new }
        summary.merge(qcOnly.json(prefix: "qc_only")) { _, new in new }
        summary.merge(load.json(prefix: "policy_load")) { _, new in new }
        for (key, value) in ratios { summary[key] = .number(rounded(value, places: 3)) }
        print(String(decoding: JSONValue.object(summary).serialized(pretty: false), as: UTF8.self))
    }

    /// `PROCEED 55123 (55.1%), RETRY_STAGE …` in declaration order, zeros included.
    static func histogram(_ counts: [Action: Int], total: Int) -> String {
        Action.allCases.map { action in
            let n = counts[action] ?? 0
            return "\(action.rawValue) \(n) (\(fixed(100 * Double(n) / Double(max(total, 1)), 1))%)"
        }.joined(separator: ", ")
    }
}
