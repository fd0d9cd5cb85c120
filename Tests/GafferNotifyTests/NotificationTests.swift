import Crypto
import Foundation
import GafferContracts
import GafferStore
import GafferTestSupport
import Testing

@testable import GafferNotify

/// The pure parts of notifications: which events tell which hooks what, the body, the signature, the settings file.
@Suite struct NotificationTests {
    static let hook = NotifySettings.Hook(
        name: "ops", url: URL(string: "http://127.0.0.1:9/hook")!, events: Set(NotificationKind.allCases), secret: "k3y")

    @Test(arguments: [
        (EventKind.decided, JobState.running, JobState.escalated, [NotificationKind.escalationOpened]),
        (.escalated, .validated, .escalated, [.escalationOpened]),
        (.escalationResolved, .escalated, .completed, [.escalationResolved, .jobCompleted]),
        (.escalationResolved, .escalated, .validated, [.escalationResolved]),
        (.decided, .running, .completed, [.jobCompleted]),
        (.approvalRequested, .running, .awaitingApproval, [.approvalRequested]),
        (.approved, .awaitingApproval, .completed, [.approved, .jobCompleted]),
        (.rejected, .awaitingApproval, .aborted, [.rejected, .jobAborted]),
        (.cancelled, .running, .aborted, [.jobAborted]),
        (.posted, .completed, .posted, [.jobPosted]),
        (.paused, .validated, .paused, [.jobPaused]),
        (.jobFileChanged, .completed, .completed, []),
        (.attemptStarted, .validated, .running, []),
        (.decided, .running, .validated, []),
    ])
    func eachEventTellsWhatItChanged(event: EventKind, from: JobState, to: JobState, expected: [NotificationKind]) {
        #expect(NotificationKind.of(event: event, from: from, to: to) == expected)
    }

    @Test func aDeliveryHasAStableIDASignedBodyAndTheEventsFacts() throws {
        var event = EventRecord(
            jobID: "job-1", ts: "2026-12-01T10:00:00.000Z", runID: "r", event: .escalationResolved, fromState: .escalated, toState: .validated,
            stage: "video", attemptID: "run-0002", details: ["by": "ana", "action": "RETRY_STAGE", "escalation_id": "esc-1"])
        event.sequence = 42
        let deliveries = Delivery.of(event, for: Self.hook)
        #expect(deliveries.map(\.id) == ["ops-42-escalation_resolved"])
        let delivery = try #require(deliveries.first)
        #expect(Delivery.of(event, for: Self.hook).first?.body == delivery.body, "the same event makes the same delivery")
        let body = try JSONParser.parse(delivery.body)
        #expect(body["delivery_id"] == "ops-42-escalation_resolved" && body["by"] == "ana" && body["job_id"] == "job-1" && body["state"] == "VALIDATED")
        let mac = HMAC<SHA256>.authenticationCode(for: delivery.body, using: SymmetricKey(data: Data("k3y".utf8)))
        #expect(delivery.signature == "sha256=" + mac.map { String(format: "%02x", $0) }.joined())
        var quiet = Self.hook
        quiet.events = [.jobCompleted]
        #expect(Delivery.of(event, for: quiet).isEmpty, "a hook hears only its events")
    }

    @Test(arguments: [
        ("notify: {}", "/"),
        ("notify:\n  - url: ftp://x/y\n    events: [job_completed]\n", "/notify/0/url"),
        ("notify:\n  - url: http://x/y\n    events: [job_done]\n", "/notify/0/events/0"),
        ("notify:\n  - url: http://x/y\n    events: [job_completed]\n    secret_env: UNSET_SECRET_VAR\n", "/notify/0/secret_env"),
        ("notify:\n  - url: http://x/y\n    events: [job_completed]\n    retries: 3\n", "/notify/0/retries"),
    ])
    func aBadNotifyFileNamesTheSpot(text: String, path: String) {
        do {
            _ = try NotifySettings.parse(text, source: "notify.yaml", environment: [:])
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.contains("notify.yaml") && error.description.contains(path), "\(error)")
        }
    }

    @Test func theSettingsReadTheSecretFromTheEnvironment() throws {
        let settings = try NotifySettings.parse(
            "notify:\n  - url: http://127.0.0.1:1/h\n    events: [job_completed, escalation_opened]\n    secret_env: HOOK_KEY\n",
            source: "notify.yaml", environment: ["HOOK_KEY": "s"])
        #expect(settings.hooks.map(\.name) == ["hook-1"] && settings.hooks.first?.secret == "s")
        #expect(settings.hooks.first?.events == [.jobCompleted, .escalationOpened])
    }
}
