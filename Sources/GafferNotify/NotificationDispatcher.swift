import Foundation
import GafferContracts
import GafferStore
import Logging
import ServiceLifecycle

/// Delivers the sandbox's webhooks from the store's event log (SPEC §7): every event is written in the transaction
/// of the change it records, so a notification exists the moment its change does, whether Gaffer or the receiver
/// is down. Each hook reads the log in order from its cursor; a failed delivery is retried with back-off (1 s
/// doubling to 5 min) and holds the hook's later ones (order is kept); the cursor moves only after a 2xx. A Gaffer
/// killed between a delivery and its cursor write sends it again after the restart — at least once, with the
/// same `delivery_id`.
public final class NotificationDispatcher: Service, Sendable {
    let settings: NotifySettings
    let store: any JobStore
    let sender: WebhookSender
    let logger: Logger
    let poll: Duration
    let maximumBackoff: Double

    public init(settings: NotifySettings, store: any JobStore, sender: WebhookSender = WebhookSender(), logger: Logger, poll: Duration = .seconds(1), maximumBackoff: Double = 300) {
        self.settings = settings
        self.store = store
        self.sender = sender
        self.logger = logger
        self.poll = poll
        self.maximumBackoff = maximumBackoff
    }

    public func run() async throws {
        var cursors: [String: NotificationCursor] = [:]
        for hook in settings.hooks {
            // A hook seen for the first time starts at the present: it is told what happens from now on.
            if let stored = try await store.notificationCursor(hook.name) {
                cursors[hook.name] = stored
            } else {
                let start = NotificationCursor(hook: hook.name, sequence: try await store.latestEventSequence(), updatedAt: Timestamp.now())
                try await store.saveNotificationCursor(start)
                cursors[hook.name] = start
            }
        }
        // Until the group shuts down; then one last pass, so a `run --once` tells what it did before it exits.
        let started = cursors
        cursors = await cancelWhenGracefulShutdown {
            var local = started
            while !Task.isCancelled {
                for hook in self.settings.hooks { await self.pass(hook, cursor: &local[hook.name]!, honourBackoff: true) }
                try? await Task.sleep(for: self.poll)
            }
            return local
        }
        for hook in settings.hooks { await pass(hook, cursor: &cursors[hook.name]!, honourBackoff: false, once: true) }
    }

    /// Delivers what is due for `hook`; stops at the first failure (the order holds).
    func pass(_ hook: NotifySettings.Hook, cursor: inout NotificationCursor, honourBackoff: Bool, once: Bool = false) async {
        if honourBackoff, let next = cursor.nextAttemptAt, next > Timestamp.now() { return }
        do {
            while true {
                let events = try await store.events(after: cursor.sequence, limit: 200)
                if events.isEmpty { return }
                var moved = false
                for event in events {
                    let deliveries = Delivery.of(event, for: hook)
                    for delivery in deliveries {
                        switch await sender.send(delivery, to: hook.url) {
                        case .delivered(let status):
                            logger.info("notified", metadata: ["hook": "\(hook.name)", "delivery_id": "\(delivery.id)", "status": "\(status)", "job_id": "\(event.jobID)"])
                        case .failed(let why):
                            cursor.failures += 1
                            let delay = min(maximumBackoff, pow(2, Double(cursor.failures - 1)))
                            cursor.nextAttemptAt = Timestamp.format(Date().addingTimeInterval(delay))
                            cursor.lastError = why
                            cursor.updatedAt = Timestamp.now()
                            try await store.saveNotificationCursor(cursor)
                            logger.warning(
                                "webhook delivery failed; kept in the outbox and retried", metadata: [
                                    "hook": "\(hook.name)", "delivery_id": "\(delivery.id)", "error": "\(why)", "failures": "\(cursor.failures)",
                                    "next_attempt_at": "\(cursor.nextAttemptAt!)",
                                ])
                            return
                        }
                    }
                    cursor.sequence = event.sequence ?? cursor.sequence
                    cursor.failures = 0
                    cursor.nextAttemptAt = nil
                    cursor.lastError = nil
                    cursor.updatedAt = Timestamp.now()
                    moved = true
                    // After each delivery (a restart must not send it again needlessly); events that tell this hook
                    // nothing are passed over together.
                    if !deliveries.isEmpty {
                        try await store.saveNotificationCursor(cursor)
                        moved = false
                    }
                }
                if moved { try await store.saveNotificationCursor(cursor) }
                if once && events.count < 200 { return }
            }
        } catch {
            logger.error("the notification outbox could not be read or advanced (retried at the next pass): \(error)")
        }
    }
}
