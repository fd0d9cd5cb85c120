import Foundation
import GafferContracts
import GafferStore
import GafferTestSupport
import Testing

@testable import GafferServer

struct MetricsTests {
    static let families = [
        "gaffer_jobs", "gaffer_stage_attempts_total", "gaffer_stage_duration_seconds", "gaffer_gate_results_total",
        "gaffer_decisions_total", "gaffer_escalations_open", "gaffer_escalation_oldest_open_age_seconds",
        "gaffer_engine_kills_total", "gaffer_advisor_calls_total", "gaffer_advisor_latency_seconds", "gaffer_advisor_tokens_total",
        "gaffer_advisor_circuits_open", "gaffer_build_info",
    ]

    @Test func metricsCountTheStoreWithoutJobIDs() async throws {
        try await ServerHarness.withFixtureServer { _, client in
            let reply = try await client.get("/metrics")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
            let text = reply.text
            for family in Self.families {
                #expect(text.contains("# TYPE \(family) "), "no family \(family) in:\n\(text)")
            }
            for job in ServerFixture.allJobs + ["run-000"] {
                #expect(!text.contains(job), "\(job) must not appear in /metrics")
            }
            let expected: [(String, Double)] = [
                (#"gaffer_jobs{state="ESCALATED"}"#, 1), (#"gaffer_jobs{state="COMPLETED"}"#, 1),
                (#"gaffer_jobs{state="RUNNING"}"#, 1), (#"gaffer_jobs{state="POSTED"}"#, 0),
                (#"gaffer_stage_attempts_total{stage="video",outcome="running"}"#, 1),
                (#"gaffer_stage_attempts_total{stage="video",outcome="interrupted"}"#, 1),
                (#"gaffer_stage_attempts_total{stage="video",outcome="retry_stage"}"#, 2),
                (#"gaffer_stage_attempts_total{stage="video",outcome="escalate_user"}"#, 1),
                (#"gaffer_stage_attempts_total{stage="video",outcome="proceed"}"#, 1),
                (#"gaffer_stage_duration_seconds_count{stage="video"}"#, 4),
                (#"gaffer_stage_duration_seconds_sum{stage="video"}"#, 748.9),
                (#"gaffer_stage_duration_seconds_bucket{stage="video",le="0.5"}"#, 1),
                (#"gaffer_stage_duration_seconds_bucket{stage="video",le="60.0"}"#, 3),
                (#"gaffer_stage_duration_seconds_bucket{stage="video",le="+Inf"}"#, 4),
                (#"gaffer_gate_results_total{gate="silence_ratio_gate",status="HARD_FAIL"}"#, 1),
                (#"gaffer_gate_results_total{gate="freeze_ratio_gate",status="PASS"}"#, 1),
                (#"gaffer_decisions_total{action="RETRY_STAGE"}"#, 2), (#"gaffer_decisions_total{action="ABORT"}"#, 0),
                ("gaffer_escalations_open", 1),
                (#"gaffer_engine_kills_total{cause="timeout"}"#, 1), (#"gaffer_engine_kills_total{cause="stall"}"#, 1),
                (#"gaffer_engine_kills_total{cause="signal"}"#, 1),
                (#"gaffer_build_info{version="\#(ServerFixture.version)"}"#, 1),
                (#"gaffer_advisor_calls_total{outcome="recorded"}"#, 1), (#"gaffer_advisor_calls_total{outcome="taken"}"#, 0),
                ("gaffer_advisor_latency_seconds_count", 1), ("gaffer_advisor_latency_seconds_sum", 1.5),
                (#"gaffer_advisor_latency_seconds_bucket{le="1.0"}"#, 0), (#"gaffer_advisor_latency_seconds_bucket{le="2.0"}"#, 1),
                (#"gaffer_advisor_tokens_total{direction="in"}"#, 1800), (#"gaffer_advisor_tokens_total{direction="out"}"#, 60),
                ("gaffer_advisor_circuits_open", 0),
            ]
            for (series, value) in expected {
                #expect(Self.value(of: series, in: text) == value, "\(series) in:\n\(text)")
            }
            let seconds = Self.value(of: "gaffer_escalation_oldest_open_age_seconds", in: text) ?? 0
            #expect(seconds > 3600, "the fixture's escalation was raised in February 2026: \(seconds)")
        }
    }

    /// The sample value of one series (its name and labels exactly as exposed).
    static func value(of series: String, in exposition: String) -> Double? {
        exposition.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.dropFirst(series.count + 1)) }
    }

    /// The exposition must pass Prometheus's own linter. promtool ships in Debian's `prometheus` package.
    @Test func metricsPassPromtool() async throws {
        let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let promtool else {
            Issue.record("promtool is not installed: install it with `apt-get install prometheus` (it provides /usr/bin/promtool)")
            return
        }
        let text = try await ServerHarness.withFixtureServer { _, client in try await client.get("/metrics").text }
        let folder = try TemporaryFolder("promtool")
        let input = try folder.write("metrics.txt", text)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\"$0\" check metrics < \"$1\" > \"$2\" 2>&1", promtool, input, folder.path("out.txt")]
        try process.run()
        await process.exited()
        let output = try folder.read("out.txt")
        #expect(process.terminationStatus == 0, "promtool check metrics failed:\n\(output)\n--- exposition:\n\(text)")
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "promtool has remarks:\n\(output)")
    }

    @Test func noOpenEscalationMeansAgeZero() {
        let tally = MetricsTally(jobs: [], attempts: [], openEscalations: [], now: Date())
        #expect(tally.oldestOpenEscalationAge == 0)
        #expect(tally.jobsByState.count == JobState.allCases.count)
        let text = MetricsExporter.registry(for: tally, version: "1").emitToString()
        #expect(text.contains("gaffer_escalation_oldest_open_age_seconds 0"))
    }

    @Test(arguments: [
        (AttemptRecord.EngineOutcome(signal: 9, timedOut: true, stalled: true), MetricsTally.KillCause?.some(.timeout)),
        (.init(signal: 15, stalled: true), .stall),
        (.init(signal: 11), .signal),
        (.init(exitCode: 1), nil),
    ])
    func oneKillCausePerEngine(engine: AttemptRecord.EngineOutcome, cause: MetricsTally.KillCause?) {
        #expect(MetricsTally.killCause(engine) == cause)
    }
}

/// `/metrics` reads the store's aggregates; they must count exactly what the records say.
struct StoreStatisticsTests {
    @Test func aggregatesAgreeWithCountingEveryRecord() async throws {
        let fixture = try await ServerFixture.make()
        let now = Date()
        let fromRecords = MetricsTally(
            jobs: try await fixture.store.jobs(), attempts: try await fixture.store.allAttempts(),
            openEscalations: try await fixture.store.escalations(openOnly: true).map(\.document), now: now)
        let fromAggregates = MetricsTally(statistics: try await fixture.store.statistics(), now: now)
        #expect(fromAggregates.jobsByState == fromRecords.jobsByState)
        #expect(fromAggregates.stageAttempts == fromRecords.stageAttempts)
        #expect(fromAggregates.stageDurations.mapValues { $0.sorted() } == fromRecords.stageDurations.mapValues { $0.sorted() })
        #expect(fromAggregates.gateResults == fromRecords.gateResults)
        #expect(fromAggregates.decisions == fromRecords.decisions)
        #expect(fromAggregates.engineKills == fromRecords.engineKills)
        #expect(fromAggregates.advisorCalls == fromRecords.advisorCalls && fromAggregates.advisorLatencies == fromRecords.advisorLatencies)
        #expect(fromAggregates.advisorTokensIn == fromRecords.advisorTokensIn && fromRecords.advisorTokensIn == 1800)
        #expect(fromAggregates.openEscalations == fromRecords.openEscalations)
        #expect(abs(fromAggregates.oldestOpenEscalationAge - fromRecords.oldestOpenEscalationAge) < 1)
        #expect(!fromRecords.gateResults.isEmpty && fromRecords.engineKills.values.reduce(0, +) > 0, "the fixture exercises gates and kills")
    }
}
