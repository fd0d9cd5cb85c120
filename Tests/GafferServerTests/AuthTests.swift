import Foundation
import GafferContracts
import GafferTestSupport
import Testing

@testable import GafferServer

struct AuthTests {
    /// Without the right token nothing changes, and the body is not even read (a bad body still gets 401).
    @Test func changesWithoutTheRightTokenAre401AndChangeNothing() async throws {
        try await ServerHarness.withFixtureServer { fixture, client in
            let resolve = EscalationAPITests.resolvePath
            let handoff = #"{"job_id": "\#(ServerFixture.completedJob)", "platform": "youtube", "post_url": "https://youtu.be/x"}"#
            let attempts: [(String, String, String?, String?)] = [
                (resolve, #"{"action": "ABORT"}"#, nil, nil),
                (resolve, #"{"action": "ABORT"}"#, "wrong-token", nil),
                (resolve, #"{"action": "ABORT"}"#, ServerFixture.token + "x", nil),
                (resolve, #"{"action": "ABORT"}"#, nil, "Basic \(ServerFixture.token)"),
                (resolve, #"{"action": "ABORT"}"#, nil, "Bearer"),
                (resolve, "not json at all", nil, nil),
                ("/api/handoffs", handoff, nil, nil),
                ("/api/handoffs", handoff, "nope", nil),
            ]
            for (path, body, token, authorization) in attempts {
                let reply = try await client.post(path, body, token: token, authorization: authorization)
                #expect(reply.status == 401, "\(path) token \(token ?? "-") auth \(authorization ?? "-"): \(reply.text)")
                #expect(try reply.json()["error"]?.stringValue?.isEmpty == false)
                #expect(reply.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            }
            #expect(try await fixture.escalation().isOpen)
            #expect(try await fixture.job(ServerFixture.escalatedJob).state == .escalated)
            #expect(try await fixture.job(ServerFixture.completedJob).state == .completed)
            #expect(try await fixture.store.handoffs().isEmpty)
            #expect(FileManager.default.fileExists(atPath: fixture.openEscalationFile))
            #expect(!fixture.folder.exists("handoff_registry.v1.json"))
        }
    }

    @Test(arguments: [
        ("Bearer s3cret", BearerToken.Verdict.accepted),
        ("bearer   s3cret  ", .accepted),
        ("Bearer s3cre", .wrong),
        ("Bearer s3cret0", .wrong),
        ("Bearer S3CRET", .wrong),
        ("Basic s3cret", .malformed),
        ("s3cret", .malformed),
    ])
    func bearerHeaderVerdicts(header: String, verdict: BearerToken.Verdict) {
        #expect(BearerToken("s3cret").check(authorization: header) == verdict)
    }

    @Test func anEmptyConfiguredTokenAcceptsNothing() {
        #expect(BearerToken("").check(authorization: "Bearer ") != .accepted)
        #expect(BearerToken("").check(authorization: "Bearer x") == .wrong)
        #expect(BearerToken("t").check(authorization: nil) == .missing)
    }

    @Test func constantTimeComparisonComparesWholeValues() {
        #expect(BearerToken.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!BearerToken.constantTimeEqual(Array("abc".utf8), Array("abd".utf8)))
        #expect(!BearerToken.constantTimeEqual(Array("abc".utf8), Array("abc\0".utf8)))
        #expect(!BearerToken.constantTimeEqual([], Array("a".utf8)))
    }
}
