import Foundation
import GafferContracts
import GafferTestSupport
import Testing

struct EscalationAPITests {
    static let resolvePath = "/api/escalations/\(ServerFixture.escalationID)/resolve"

    @Test func listAndShowGiveTheDocuments() async throws {
        try await ServerHarness.withFixtureServer { fixture, client in
            let list = try await client.get("/api/escalations")
            #expect(list.status == 200)
            let open = try #require(try list.json()["escalations"]?.arrayValue)
            #expect(open.count == 1)
            #expect(open.first?["version"] == "user_action_required.v1")
            #expect(open.first?["escalation_id"] == .string(ServerFixture.escalationID))

            let show = try await client.get("/api/escalations/\(ServerFixture.escalationID)")
            #expect(show.status == 200)
            #expect(try show.json() == JSONValue.read(fixture.openEscalationFile), "the API serves the same document as the file")

            let unknown = try await client.get("/api/escalations/esc-nope")
            #expect(unknown.status == 404)
            #expect(try unknown.json()["error"] == "no escalation esc-nope")
        }
    }

    @Test func anAnswerOutsideAllowedResponsesIsRefusedAndChangesNothing() async throws {
        try await ServerHarness.withFixtureServer { fixture, client in
            for action in ["PROCEED", "ESCALATE_USER"] {
                let reply = try await client.post(Self.resolvePath, json: ["action": .string(action)])
                #expect(reply.status == 409, "\(action): \(reply.text)")
                let message = try reply.json()["error"]?.stringValue ?? ""
                #expect(message.contains("not an allowed answer"), "\(action): \(message)")
            }
            #expect(try await fixture.escalation().isOpen)
            #expect(try await fixture.job(ServerFixture.escalatedJob).state == .escalated)
            #expect(FileManager.default.fileExists(atPath: fixture.openEscalationFile))
        }
    }

    @Test func aValidAnswerResolvesTheEscalationAndMovesTheJob() async throws {
        try await ServerHarness.withFixtureServer { fixture, client in
            let reply = try await client.post(Self.resolvePath, json: [
                "action": "RETRY_STAGE", "overrides": ["pose_weight": 0.95, "preset": "motion_safe_v1"],
                "note": "re-rendered the source", "by": "dana",
            ])
            #expect(reply.status == 200, "resolve: \(reply.text)")
            let body = try reply.json()
            #expect(body["job"] == ["job_id": .string(ServerFixture.escalatedJob), "state": "VALIDATED", "stage": "video"], "an answer queues the job; it is RUNNING only while an attempt runs")
            #expect(body["escalation"]?["status"] == "RESOLVED")
            #expect(body["escalation"]?["resolution"]?["by"] == "dana")
            #expect(body["escalation"]?["resolution"]?["action"] == "RETRY_STAGE")

            let job = try await fixture.job(ServerFixture.escalatedJob)
            #expect(job.state == .validated)
            #expect(job.operatorOverrides == ["video": ["pose_weight": 0.95, "preset": "motion_safe_v1"]], "for the next attempt of the escalated stage")
            #expect(job.budgetFloor == 2)
            #expect(try await !fixture.escalation().isOpen)
            #expect(!FileManager.default.fileExists(atPath: fixture.openEscalationFile), "the open escalation file must be gone")
            #expect(try JSONValue.read(fixture.resolvedEscalationFile)["status"] == "RESOLVED", "escalations/history/ holds it")
            let events = try await fixture.store.events(jobID: ServerFixture.escalatedJob)
            #expect(events.last?.event == .escalationResolved)
            #expect(events.last?.details["note"] == "re-rendered the source")

            let again = try await client.post(Self.resolvePath, json: ["action": "ABORT"])
            #expect(again.status == 409, "a second answer: \(again.text)")
            #expect(try await fixture.job(ServerFixture.escalatedJob).state == .validated, "the refused second answer changed nothing")

            let unknown = try await client.post("/api/escalations/esc-nope/resolve", json: ["action": "ABORT"])
            #expect(unknown.status == 404)
        }
    }

    /// Every refused body names the JSON path at fault, and changes nothing.
    @Test func badBodiesAreRefusedWithTheirJSONPath() async throws {
        let cases: [(body: String, path: String)] = [
            ("not json", ""),
            ("[1, 2]", ""),
            ("{}", "/action"),
            (#"{"action": "RETRY"}"#, "/action"),
            (#"{"action": 3}"#, "/action"),
            (#"{"action": "ABORT", "overrides": [1]}"#, "/overrides"),
            (#"{"action": "ABORT", "overrides": {"": 1}}"#, "/overrides/"),
            (#"{"action": "ABORT", "note": 7}"#, "/note"),
            (#"{"action": "ABORT", "by": ""}"#, "/by"),
            (#"{"action": "ABORT", "overides": {}}"#, "/overides"),
        ]
        try await ServerHarness.withFixtureServer { fixture, client in
            for (body, path) in cases {
                let reply = try await client.post(Self.resolvePath, body)
                #expect(reply.status == 400, "\(body): \(reply.status) \(reply.text)")
                let answer = try reply.json()
                #expect(answer["path"] == .string(path), "\(body): \(reply.text)")
                #expect(answer["error"]?.stringValue?.isEmpty == false, "\(body): no message")
            }
            #expect(try await fixture.escalation().isOpen)
            #expect(try await fixture.job(ServerFixture.escalatedJob).state == .escalated)
        }
    }
}
