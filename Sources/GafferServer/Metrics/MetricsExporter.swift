import Foundation
import GafferStore
import Prometheus

/// Builds the Prometheus text exposition from the store at scrape time: the loop may run in another process,
/// so nothing is counted in memory here; a fresh registry is filled from the records on every scrape.
struct MetricsExporter: Sendable {
    /// `gaffer_stage_duration_seconds` buckets: engine runs take from a tenth of a second to half an hour.
    static let durationBuckets: [Double] = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800]
    /// `gaffer_advisor_latency_seconds` buckets: a local model answers in a tenth of a second, a hosted one in tens.
    static let advisorLatencyBuckets: [Double] = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60]
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    let store: any JobStore
    let version: String

    func exposition(now: Date = Date()) async throws -> String {
        async let statistics = store.statistics()
        async let workers = store.workers()
        let tally = MetricsTally(statistics: try await statistics, workers: try await workers, now: now)
        return Self.registry(for: tally, version: version).emitToString()
    }

    static func registry(for tally: MetricsTally, version: String) -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()

        let jobs = descriptor("jobs", unit: "", "Jobs in the store by state.")
        for (state, count) in tally.jobsByState.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            registry.makeGauge(descriptor: jobs, labels: [("state", state.rawValue)]).set(to: Double(count))
        }

        let attempts = descriptor(
            "stage_attempts", unit: "total",
            "Stage attempts by stage and outcome (the decided action in lower case, or running, interrupted).")
        for (key, count) in tally.stageAttempts.sorted(by: { ($0.key.stage, $0.key.outcome) < ($1.key.stage, $1.key.outcome) }) {
            registry.makeCounter(descriptor: attempts, labels: [("stage", key.stage), ("outcome", key.outcome)])
                .increment(by: Int64(count))
        }

        let durations = descriptor(
            "stage_duration", unit: "seconds", "Engine wall-clock time of stage attempts (production_metrics execution time).")
        for (stage, seconds) in tally.stageDurations.sorted(by: { $0.key < $1.key }) {
            let histogram = registry.makeValueHistogram(descriptor: durations, labels: [("stage", stage)], buckets: durationBuckets)
            for value in seconds { histogram.record(value) }
        }

        let gates = descriptor("gate_results", unit: "total", "QC gate verdicts on attempts by gate and status.")
        for (key, count) in tally.gateResults.sorted(by: { ($0.key.gate, $0.key.status) < ($1.key.gate, $1.key.status) }) {
            registry.makeCounter(descriptor: gates, labels: [("gate", key.gate), ("status", key.status)]).increment(by: Int64(count))
        }

        let decisions = descriptor("decisions", unit: "total", "Decisions taken after stage attempts by action.")
        for (action, count) in tally.decisions.sorted(by: { $0.key < $1.key }) {
            registry.makeCounter(descriptor: decisions, labels: [("action", action.rawValue)]).increment(by: Int64(count))
        }

        let actions = descriptor("operator_actions", unit: "total", "Operator verbs recorded by event (WAIVED, PICKED, CANCELLED, APPROVED …).")
        for kind in StoreStatistics.operatorKinds {
            registry.makeCounter(descriptor: actions, labels: [("event", kind.rawValue)]).increment(by: Int64(tally.operatorActions[kind] ?? 0))
        }

        registry.makeGauge(descriptor: descriptor("escalations_open", unit: "", "Escalations waiting for an operator."))
            .set(to: Double(tally.openEscalations))
        registry.makeGauge(descriptor: descriptor(
            "escalation_oldest_open_age", unit: "seconds", "Age of the oldest open escalation (0 when none is open)."))
            .set(to: tally.oldestOpenEscalationAge)

        let kills = descriptor("engine_kills", unit: "total", "Engines killed by Gaffer or by a signal, by cause (timeout, stall, signal).")
        for (cause, count) in tally.engineKills.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            registry.makeCounter(descriptor: kills, labels: [("cause", cause.rawValue)]).increment(by: Int64(count))
        }

        let calls = descriptor("advisor_calls", unit: "total", "Advisor calls by what became of the proposal (recorded, taken, rolled_back, rejected, unavailable).")
        for (outcome, count) in tally.advisorCalls.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            registry.makeCounter(descriptor: calls, labels: [("outcome", outcome.rawValue)]).increment(by: Int64(count))
        }
        let latency = registry.makeValueHistogram(
            descriptor: descriptor("advisor_latency", unit: "seconds", "How long advisor calls took (the circuit's skipped calls excluded)."),
            buckets: advisorLatencyBuckets)
        for value in tally.advisorLatencies { latency.record(value) }
        let tokens = descriptor("advisor_tokens", unit: "total", "Tokens advisor calls used, by direction (in: the prompt, out: the answer).")
        registry.makeCounter(descriptor: tokens, labels: [("direction", "in")]).increment(by: Int64(tally.advisorTokensIn))
        registry.makeCounter(descriptor: tokens, labels: [("direction", "out")]).increment(by: Int64(tally.advisorTokensOut))
        registry.makeGauge(descriptor: descriptor(
            "advisor_circuits_open", unit: "", "Live workers that stopped asking their advisor after failures in a row (cooling down)."))
            .set(to: Double(tally.advisorCircuitsOpen))

        registry.makeGauge(descriptor: descriptor("build_info", unit: "", "Gaffer's version; always 1."), labels: [("version", version)])
            .set(to: 1)
        return registry
    }

    private static func descriptor(_ name: String, unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "gaffer", metricName: name, unitName: unit, helpText: help)
    }
}
