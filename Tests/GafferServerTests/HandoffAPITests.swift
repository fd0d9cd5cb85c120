import Foundation
import GafferContracts
import GafferTestSupport
import Testing

struct HandoffAPITests {
    static func body(_ url: String, job: String = ServerFixture.completedJob, force: Bool? = nil) -> JSONValue {
        var body: [String: JSONValue] = [
            "job_id": .string(job), "platform": "youtube", "post_url": .string(url), "platform_post_id": "abc123",
            "author": "dana",
        ]
        if let force { body["force"] = .bool(force) }
        return .object(body)
    }

    @Test func registerThenSameAgainThenConflictThenForce() async throws {
        try await ServerHarness.withFixtureServer { fixture, client in
            let first = try await client.post("/api/handoffs", json: Self.body("https://youtu.be/one"))
            #expect(first.status == 201, "register: \(first.text)")
            #expect(try first.json()["outcome"] == "registered")
            #expect(try first.json()["job"]?["state"] == "POSTED")
            #expect(try first.json()["entry"]?["post_url"] == "https://youtu.be/one")
            #expect(try await fixture.job(ServerFixture.completedJob).state == .posted)

            let same = try await client.post("/api/handoffs", json: Self.body("https://youtu.be/one"))
            #expect(same.status == 200)
            #expect(try same.json()["outcome"] == "unchanged")

            let conflicting = try await client.post("/api/handoffs", json: Self.body("https://youtu.be/two"))
            #expect(conflicting.status == 409, "conflict: \(conflicting.text)")
            #expect(try conflicting.json()["error"]?.stringValue?.contains("force") == true)
            #expect(try await fixture.store.handoffs().map(\.postURL) == ["https://youtu.be/one"])

            let forced = try await client.post("/api/handoffs", json: Self.body("https://youtu.be/two", force: true))
            #expect(forced.status == 200, "force: \(forced.text)")
            #expect(try forced.json()["outcome"] == "corrected")
            #expect(try forced.json()["previous_post_url"] == "https://youtu.be/one")

            let ledger = try await client.get("/api/handoffs")
            #expect(ledger.status == 200)
            let entries = try #require(try ledger.json()["entries"]?.arrayValue)
            #expect(entries.count == 1)
            #expect(entries.first?["post_url"] == "https://youtu.be/two")
            #expect(entries.first?["platform_post_id"] == "abc123")
            let state = try fixture.folder.readJSON("dist_artifacts/\(ServerFixture.completedJob)/youtube.state.json")
            #expect(state["post_url"] == "https://youtu.be/two")
        }
    }

    @Test func refusalsSayWhy() async throws {
        try await ServerHarness.withFixtureServer { fixture, client in
            let unknown = try await client.post("/api/handoffs", json: Self.body("https://youtu.be/x", job: "job-nope-000"))
            #expect(unknown.status == 404)
            #expect(try unknown.json() == ["error": "no job job-nope-000"])

            let notCompleted = try await client.post("/api/handoffs", json: Self.body("https://youtu.be/x", job: ServerFixture.escalatedJob))
            #expect(notCompleted.status == 409)

            let cases: [(JSONValue, String)] = [
                (try Self.body("ftp://example.com/x").setting("/post_url", to: "ftp://example.com/x"), "/post_url"),
                (try Self.body("https://youtu.be/x").setting("/platform", to: "myspace"), "/platform"),
                (try Self.body("https://youtu.be/x").removing("/job_id"), "/job_id"),
                (try Self.body("https://youtu.be/x").setting("/force", to: "yes"), "/force"),
                (try Self.body("https://youtu.be/x").setting("/lane", to: 4), "/lane"),
                (try Self.body("https://youtu.be/x").setting("/url", to: "https://youtu.be/x"), "/url"),
            ]
            for (body, path) in cases {
                let reply = try await client.post("/api/handoffs", json: body)
                #expect(reply.status == 400, "\(path): \(reply.text)")
                #expect(try reply.json()["path"] == .string(path), "\(reply.text)")
            }
            #expect(try await fixture.store.handoffs().isEmpty)
            #expect(try await fixture.job(ServerFixture.completedJob).state == .completed)
        }
    }
}
