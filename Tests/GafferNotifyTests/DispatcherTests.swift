import Foundation
import GafferContracts
import GafferStore
import GafferTestSupport
import Logging
import ServiceLifecycle
import Testing

@testable import GafferNotify

/// Two dispatchers on one store (two workers of a fleet): each event reaches the receiver once.
@Suite(.serialized) struct DispatcherTests {
    @Test func twoDispatchersOnOneStoreDeliverEachEventOnce() async throws {
        let folder = try TemporaryFolder("dispatch")
        let store = try SQLiteJobStore(path: folder.path("gaffer.sqlite"))
        let receiver = try await WebhookReceiver(log: folder.path("received.ndjson"), secret: "k")
        let hook = NotifySettings.Hook(name: "ops", url: URL(string: receiver.url)!, events: [.jobAborted], secret: "k")
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let dispatchers = (1...2).map { index in
            NotificationDispatcher(
                settings: NotifySettings(hooks: [hook]), store: store, logger: logger, poll: .milliseconds(50), owner: "worker-\(index)")
        }
        let group = ServiceGroup(configuration: .init(services: dispatchers.map { .init(service: $0) }, logger: logger))
        let running = Task { try await group.run() }
        try await Task.sleep(for: .milliseconds(300))
        // Ten jobs aborted, one event each.
        let ids = (1...10).map { "job-\(String(format: "%03d", $0))" }
        for id in ids {
            var job = JobRecord(jobID: id, sourcePath: "jobs/\(id).job.json", createdAt: Timestamp.now(), updatedAt: Timestamp.now())
            let admitted = try job.apply(.validated(stage: "video"))
            _ = try await store.insertJob(job, event: EventRecord(admitted, jobID: id, ts: Timestamp.now(), runID: "r"))
            let cancelled = try job.apply(.cancel)
            try await store.record(job, transition: cancelled, event: EventRecord(cancelled, jobID: id, ts: Timestamp.now(), runID: "r"))
        }
        let deadline = Date().addingTimeInterval(30)
        while Set(receiver.requests().compactMap(\.jobID)).count < ids.count && Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(500))
        await group.triggerGracefulShutdown()
        try await running.value
        let requests = receiver.requests()
        #expect(requests.compactMap(\.jobID).sorted() == ids, "each event once, from one dispatcher: \(requests.map(\.deliveryID))")
        #expect(requests.allSatisfy { $0.status == 200 && $0.signatureOK })
        #expect(try await store.notificationCursor("ops")?.ownerUntil ?? "" <= Timestamp.now(), "the hook was given up on the stop")
    }
}
