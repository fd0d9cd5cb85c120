import Foundation
import GafferContracts
import GafferTestSupport
import Testing

struct JobAPITests {
    @Test func jobListHasOneRowPerJobWithItsAttemptCount() async throws {
        try await ServerHarness.withFixtureServer { _, client in
            let reply = try await client.get("/api/jobs")
            #expect(reply.status == 200)
            #expect(reply.header("Cache-Control") == "no-store")
            let jobs = try #require(try reply.json()["jobs"]?.arrayValue)
            #expect(jobs.compactMap { $0["job_id"]?.stringValue } == ServerFixture.allJobs.sorted())
            for job in jobs {
                #expect(Set(job.objectValue?.keys.map { $0 } ?? []) == ["job_id", "state", "stage", "attempt_id", "reason", "updated_at", "attempts"])
            }
            let escalated = try #require(jobs.first { $0["job_id"] == .string(ServerFixture.escalatedJob) })
            #expect(escalated["state"] == "ESCALATED")
            #expect(escalated["stage"] == "video")
            #expect(escalated["attempt_id"] == "run-0002")
            #expect(escalated["attempts"] == 2)
            #expect(escalated["reason"] == .string(ServerFixture.hostileReason))
        }
    }

    @Test func jobDetailCarriesAttemptsAndTheEventsOfEventsNDJSON() async throws {
        try await ServerHarness.withFixtureServer { fixture, client in
            let reply = try await client.get("/api/jobs/\(ServerFixture.escalatedJob)")
            #expect(reply.status == 200)
            let job = try reply.json()
            #expect(job["state"] == "ESCALATED")
            let attempts = try #require(job["attempts"]?.arrayValue)
            #expect(attempts.count == 2)
            let last = try #require(attempts.last)
            #expect(last["attempt_id"] == "run-0002")
            #expect(last["status"] == "decided")
            #expect(last["stage"] == "video")
            #expect(last["decision_action"] == "ESCALATE_USER")
            #expect(last["decision_reason"] == "fixture decided ESCALATE_USER")
            #expect(last["escalation_reason"] == "ARTIFACT_CORRUPTED")
            #expect(last["score"] == 0.4)
            #expect(last["wall_seconds"] == 700)
            #expect(last["gate_results"] == ["freeze_ratio_gate": "SOFT_FAIL", "silence_ratio_gate": "HARD_FAIL"])
            #expect(last["engine"]?["timed_out"] == true)
            #expect(last["engine"]?["signal"] == 9)
            #expect(last["engine"]?["exit_code"] == .null)
            #expect(last["advisor"] == ["source": "openai:http://127.0.0.1:8080/v1", "outcome": "recorded", "latency_seconds": 1.5, "tokens_in": 1800, "tokens_out": 60])
            #expect(job["escalations"]?[0]?["escalation_id"] == .string(ServerFixture.escalationID))

            let lines = try fixture.folder.read("logs/\(ServerFixture.escalatedJob)/events.ndjson").split(separator: "\n")
            let fileEvents = try lines.map { try JSONValue.parse(String($0)) }
            #expect(job["events"]?.arrayValue == fileEvents, "the API's events must be those of events.ndjson")
            #expect(fileEvents.count == 5)
        }
    }

    @Test func unknownJobIs404() async throws {
        try await ServerHarness.withFixtureServer { _, client in
            let reply = try await client.get("/api/jobs/job-nope-000")
            #expect(reply.status == 404)
            #expect(try reply.json() == ["error": "no job job-nope-000"])
        }
    }
}
