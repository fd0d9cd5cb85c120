import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// Webhook notifications end to end (SPEC §7): the real `gaffer`, a real receiver, the SQLite store. The outbox is
/// the store's event log, so nothing is lost while the receiver or Gaffer is down.
@Suite(.serialized) struct WebhookRunTests {
    static let secret = "hook-secret-\(UUID().uuidString.prefix(8))"
    static let secretVariable = "GAFFER_TEST_HOOK_SECRET"

    /// A sandbox with a job that completes and one that escalates, notifying `url`.
    static func sandbox(url: String) throws -> SandboxBuilder {
        setenv(secretVariable, secret, 1)
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        try sandbox.write("workflows/ok.yaml", LoopRunTests.shellWorkflow("ok_v1", stages: [("video", "echo ok > {output}", 10)]))
        try sandbox.write("workflows/bad.yaml", LoopRunTests.shellWorkflow("bad_v1", stages: [("video", "echo broken >&2; exit 1", 10)]))
        try sandbox.writeJob("hook-done-0001", ["workflow": "ok_v1"])
        try sandbox.writeJob("hook-fail-0001", ["workflow": "bad_v1"])
        try sandbox.write("notify.yaml", """
            notify:
              - name: ops
                url: \(url)
                events: [escalation_opened, escalation_resolved, job_completed, job_aborted]
                secret_env: \(secretVariable)

            """)
        return sandbox
    }

    /// `log`: a file whose text the failure shows (the run's stderr).
    static func waitFor(_ what: String, seconds: Double = 90, log: String? = nil, _ condition: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? condition()) == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("not within \(seconds) s: \(what)\n\(log.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? "")")
        throw ProcessLaunchError("timed out: \(what)")
    }

    @Test func aReceiverDownForTheFirstThreeDeliveriesGetsEveryEventExactlyOnceByDeliveryID() async throws {
        let folder = try TemporaryFolder("hooks")
        let receiver = try await WebhookReceiver(log: folder.path("received.ndjson"), failFirst: 3, secret: Self.secret)
        let sandbox = try Self.sandbox(url: receiver.url)
        let binary = try GafferProcess.binary().path
        let run = try ChildProcess.start(binary, ["run", "--max-retries", "0", "--poll", "0.2", "--sandbox", sandbox.root], stderrPath: folder.path("run.stderr"))
        defer { if run.isRunning { kill(run.processIdentifier, SIGKILL) } }
        let accepted = { Set(receiver.requests().filter { $0.status == 200 }.map(\.deliveryID)) }
        try await Self.waitFor("the completion and the escalation are delivered") {
            let events = Set(receiver.requests().filter { $0.status == 200 }.map { "\($0.jobID ?? "")/\($0.event)" })
            return events.isSuperset(of: ["hook-done-0001/job_completed", "hook-fail-0001/escalation_opened"])
        }
        // An answer given by another process is an event too: it is delivered by the running loop.
        let escalation = try #require(try JSONValue.parse(try await sandbox.gafferDetached(["escalations", "list", "--json"]).stdout)[0]?["escalation_id"]?.stringValue)
        let resolved = try await sandbox.gafferDetached(["escalations", "resolve", escalation, "--action", "ABORT", "--by", "ana"])
        #expect(resolved.status == 0, "\(resolved)")
        try await Self.waitFor("the answer and the abort are delivered") { accepted().count == 4 }
        kill(run.processIdentifier, SIGTERM)
        await run.exited()

        let requests = receiver.requests()
        #expect(requests.prefix(3).allSatisfy { $0.status == 503 }, "the receiver was down for the first three")
        #expect(requests.allSatisfy { $0.signatureOK && $0.bodyMatchesHeader }, "every delivery is signed: \(requests)")
        // Deduplicated by delivery_id, each event arrived exactly once, and nothing else did.
        let byEvent = Dictionary(grouping: requests.filter { $0.status == 200 }, by: \.deliveryID)
        #expect(Set(byEvent.values.map { "\($0[0].jobID ?? "")/\($0[0].event)" }) == [
            "hook-done-0001/job_completed", "hook-fail-0001/escalation_opened", "hook-fail-0001/escalation_resolved", "hook-fail-0001/job_aborted",
        ])
        #expect(byEvent.values.allSatisfy { $0.count == 1 }, "a delivery once accepted is not sent again: \(byEvent)")
        // The refused ones were retried under the same id.
        let refusedIDs = Set(requests.filter { $0.status == 503 }.map(\.deliveryID))
        #expect(refusedIDs.isSubset(of: Set(byEvent.keys)), "\(refusedIDs)")
    }

    @Test func gafferKilledBetweenTheEventAndTheDeliveryStillDeliversAfterTheRestart() async throws {
        let folder = try TemporaryFolder("hooks-kill")
        let port = try WebhookReceiver.reservePort()
        // Nobody listens yet: every delivery is refused at the socket.
        let sandbox = try Self.sandbox(url: "http://127.0.0.1:\(port.port)/hooks/gaffer")
        let binary = try GafferProcess.binary().path
        let run = try ChildProcess.start(binary, ["run", "--max-retries", "0", "--poll", "0.2", "--sandbox", sandbox.root], stderrPath: folder.path("run.stderr"))
        try await Self.waitFor("both jobs are decided", log: folder.path("run.stderr")) {
            let status = try JSONValue.parse(try GafferProcess.run(["status", "--json", "--sandbox", sandbox.root]).stdout)
            let states = Set((status.arrayValue ?? []).compactMap { $0["state"]?.stringValue })
            return states == ["COMPLETED", "ESCALATED"]
        }
        try await Self.waitFor("a delivery has failed", seconds: 30, log: folder.path("run.stderr")) {
            (try String(contentsOfFile: folder.path("run.stderr"), encoding: .utf8)).contains("webhook delivery failed")
        }
        kill(run.processIdentifier, SIGKILL)
        await run.exited()
        #expect(run.terminationReason == .uncaughtSignal)

        let receiver = try await WebhookReceiver(log: folder.path("received.ndjson"), secret: Self.secret, port: port)
        let again = try await sandbox.gafferDetached(["run", "--once", "--max-retries", "0"])
        #expect(again.status == 3, "the escalated job still waits: \(again)")
        let delivered = Set(receiver.requests().filter { $0.status == 200 && $0.signatureOK }.map { "\($0.jobID ?? "")/\($0.event)" })
        #expect(delivered == ["hook-done-0001/job_completed", "hook-fail-0001/escalation_opened"],
                "\(receiver.requests())\nthe restarted run: \(again)\nthe killed run: \((try? String(contentsOfFile: folder.path("run.stderr"), encoding: .utf8)) ?? "")")
    }

    @Test func notifyTestSendsOneSignedDeliveryAndSaysWhenNobodyAnswers() async throws {
        let folder = try TemporaryFolder("hooks-test")
        let receiver = try await WebhookReceiver(log: folder.path("received.ndjson"), secret: Self.secret)
        setenv(Self.secretVariable, Self.secret, 1)
        let sent = try await GafferProcess.runDetached(["notify", "test", receiver.url, "--secret-env", Self.secretVariable])
        #expect(sent.status == 0 && sent.stdout.contains("HTTP 200"), "\(sent)")
        #expect(receiver.requests().count == 1 && receiver.requests()[0].signatureOK)
        let nobody = try await GafferProcess.runDetached(["notify", "test", "http://127.0.0.1:\(try LoopbackPort.free())/x"])
        #expect(nobody.status == 5 && nobody.stderr.contains("not delivered"), "\(nobody)")
        let bad = try await GafferProcess.runDetached(["notify", "test", "ftp://example.com/x"])
        #expect(bad.status == 2, "\(bad)")
    }
}
