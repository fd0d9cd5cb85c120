import Crypto
import Foundation
import GafferContracts
import GafferTestSupport
import Testing

@testable import GafferServer

/// `POST /api/jobs/{id}/{verb}` (SPEC §7) and named operators with roles (SPEC §10).
@Suite struct OperatorAPITests {
    static let tokens = ["viewer": "view-tok-1", "ana": "op-tok-2", "root": "admin-tok-3"]

    /// A tokens file: digests only, never the tokens.
    static func tokensFile(_ fixture: ServerFixture) throws -> String {
        let entries: [JSONValue] = [("viewer", "viewer"), ("ana", "operator"), ("root", "admin")].map { name, role in
            let digest = SHA256.hash(data: Data(tokens[name]!.utf8)).map { String(format: "%02x", $0) }.joined()
            return ["name": .string(name), "sha256": .string(digest), "role": .string(role)]
        }
        try fixture.folder.write("tokens.json", data: JSONValue.object(["tokens": .array(entries)]).serialized())
        return fixture.folder.path("tokens.json")
    }

    static func named(_ fixture: ServerFixture) throws -> (inout ServerConfiguration) -> Void {
        let tokens = try OperatorTokens(file: try tokensFile(fixture))
        return { $0.tokens = tokens }
    }

    @Test func aViewerGets403OnEveryChangeAndNothingChanges() async throws {
        let fixture = try await ServerFixture.make()
        let before = try await fixture.store.events(jobID: ServerFixture.escalatedJob).count
        try await ServerHarness.withServer(fixture, configure: try Self.named(fixture)) { client in
            var paths = [EscalationAPITests.resolvePath, "/api/handoffs"]
            paths += OperatorVerb.allCases.map { "/api/jobs/\(ServerFixture.escalatedJob)/\($0.rawValue)" }
            for path in paths {
                let reply = try await client.post(path, #"{"action": "ABORT", "note": "x"}"#, token: Self.tokens["viewer"])
                #expect(reply.status == 403, "\(path): \(reply.status) \(reply.text)")
                #expect(try reply.json()["error"]?.stringValue?.contains("viewer") == true)
                #expect(!reply.text.contains(Self.tokens["viewer"]!), "the token is never echoed")
            }
            // Reading is a viewer's right.
            #expect(try await client.get("/api/jobs").status == 200)
        }
        #expect(try await fixture.escalation().isOpen)
        #expect(try await fixture.store.events(jobID: ServerFixture.escalatedJob).count == before)
    }

    @Test func anOperatorsAnswerIsRecordedUnderTheTokensNameNotTheBodys() async throws {
        let fixture = try await ServerFixture.make()
        try await ServerHarness.withServer(fixture, configure: try Self.named(fixture)) { client in
            let reply = try await client.post(
                EscalationAPITests.resolvePath, #"{"action": "ABORT", "by": "mallory", "note": "wrong brief"}"#, token: Self.tokens["ana"])
            #expect(reply.status == 200, "\(reply.text)")
        }
        let resolved = try await fixture.escalation()
        #expect(resolved.document.resolution?.by == "ana")
        #expect(try await fixture.store.events(jobID: ServerFixture.escalatedJob).last?.details["by"] == "ana")
    }

    @Test func onlyAnAdminMayForceAHandoff() async throws {
        let fixture = try await ServerFixture.make()
        try await ServerHarness.withServer(fixture, configure: try Self.named(fixture)) { client in
            let body = #"{"job_id": "\#(ServerFixture.completedJob)", "platform": "youtube", "post_url": "https://youtu.be/abc", "force": true}"#
            let refused = try await client.post("/api/handoffs", body, token: Self.tokens["ana"])
            #expect(refused.status == 403, "\(refused.text)")
            #expect(try await fixture.store.handoffs().isEmpty)
            let forced = try await client.post("/api/handoffs", body, token: Self.tokens["root"])
            #expect(forced.status == 201, "\(forced.text)")
        }
    }

    @Test func verbsGoThroughTheDeskAndRefusalsSayWhy() async throws {
        let fixture = try await ServerFixture.make()
        try await ServerHarness.withServer(fixture, configure: try Self.named(fixture)) { client in
            let done = ServerFixture.completedJob
            // Pausing a completed job does not apply: 409 with the state machine's reason; nothing changes.
            let pause = try await client.post("/api/jobs/\(done)/pause", "{}", token: Self.tokens["ana"])
            #expect(pause.status == 409)
            #expect(try pause.json()["error"]?.stringValue?.contains("the job is COMPLETED") == true, "\(pause.text)")
            #expect(try await fixture.job(done).state == .completed)
            // An unknown verb, an unknown member, an unknown job.
            #expect(try await client.post("/api/jobs/\(done)/explode", "{}", token: Self.tokens["ana"]).status == 404)
            let typo = try await client.post("/api/jobs/\(done)/retry", #"{"stag": "video"}"#, token: Self.tokens["ana"])
            #expect(typo.status == 400)
            #expect(try typo.json()["path"]?.stringValue == "/stag")
            #expect(try await client.post("/api/jobs/no-such-job/cancel", "{}", token: Self.tokens["ana"]).status == 404)
            // Cancelling the escalated job: ABORTED, recorded under the token's name, its escalation closed.
            let cancel = try await client.post("/api/jobs/\(ServerFixture.escalatedJob)/cancel", #"{"note": "client withdrew"}"#, token: Self.tokens["ana"])
            #expect(cancel.status == 200, "\(cancel.text)")
            #expect(try cancel.json()["job"]?["state"]?.stringValue == "ABORTED")
            let metrics = try await client.get("/metrics").text
            #expect(metrics.contains(#"gaffer_operator_actions_total{event="CANCELLED"} 1"#), "verbs are counted: \(metrics)")
            #expect(metrics.contains(#"gaffer_operator_actions_total{event="WAIVED"} 0"#))
        }
        #expect(try await fixture.job(ServerFixture.escalatedJob).state == .aborted)
        let event = try #require(try await fixture.store.events(jobID: ServerFixture.escalatedJob).last)
        #expect(event.event == .cancelled && event.details["by"] == "ana" && event.details["note"] == "client withdrew")
        #expect(try await fixture.escalation().document.resolution?.by == "ana")
    }

    @Test(arguments: [
        (#"{"tokens": []}"#, "/tokens"),
        (#"{"tokens": [{"name": "a", "sha256": "zz", "role": "operator"}]}"#, "/tokens/0/sha256"),
        (#"{"tokens": [{"name": "a", "sha256": "\#(String(repeating: "0", count: 64))", "role": "boss"}]}"#, "/tokens/0/role"),
        (#"{"tokens": [{"sha256": "\#(String(repeating: "0", count: 64))", "role": "viewer"}]}"#, "/tokens/0/name"),
        (#"{"tokens": [{"name": "a", "sha256": "\#(String(repeating: "0", count: 64))", "role": "viewer", "token": "x"}]}"#, "/tokens/0/token"),
    ])
    func aBadTokensFileNamesTheSpot(text: String, path: String) {
        do {
            _ = try OperatorTokens(data: Data(text.utf8), source: "tokens.json")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.contains("tokens.json"), "\(error)")
            #expect(error.description.contains(path), "\(error)")
        }
    }

    @Test func evidenceAnswersRangeRequestsSoAClipSeeks() async throws {
        #expect(ByteRange.parse("bytes=0-99", size: 1000) == .part(0...99))
        #expect(ByteRange.parse("bytes=900-", size: 1000) == .part(900...999))
        #expect(ByteRange.parse("bytes=-10", size: 1000) == .part(990...999))
        #expect(ByteRange.parse("bytes=990-2000", size: 1000) == .part(990...999))
        #expect(ByteRange.parse("bytes=1000-", size: 1000) == .unsatisfiable)
        #expect(ByteRange.parse(nil, size: 1000) == .whole)
        #expect(ByteRange.parse("bytes=0-1,5-6", size: 1000) == .whole)
    }
}
