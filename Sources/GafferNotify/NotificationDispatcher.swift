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
///
/// In a fleet every worker runs one, and one at a time delivers each hook: it claims the hook's row for
/// `claimSeconds` and renews the claim on every pass; when it stops (or dies) another takes over where it left off.
public final class NotificationDispatcher: Service, Sendable {
    let settings: NotifySettings
    let store: any JobStore
    let sender: WebhookSender
    let logger: Logger
    let poll: Duration
    let maximumBackoff: Double
    let claimSeconds: Double
    /// This dispatcher, in the hooks' claims.
    let owner: String

    public init(
        settings: NotifySettings, store: any JobStore, sender: WebhookSender = WebhookSender(), logger: Logger,
        poll: Duration = .seconds(1), maximumBackoff: Double = 300, claimSeconds: Double = 30,
        owner: String = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    ) {
        self.settings = settings
        self.store = store
        self.sender = sender
        self.logger = logger
        self.poll = poll
        self.maximumBackoff = maximumBackoff
        self.claimSeconds = claimSeconds
        self.owner = owner
    }

    public func run() async throws {
        // A hook seen for the first time starts at the present: it is told what happens from now on.
        for hook in settings.hooks { _ = try await store.claimNotificationHook(hook.name, owner: owner, now: Timestamp.now(), leaseSeconds: claimSeconds) }
        // Until the group shuts down; then one last pass, so a `run --once` tells what it did before it exits.
        var (last, accepted) = await cancelWhenGracefulShutdown {
            var held: [String: NotificationCursor] = [:]
            var accepted: [String: Set<String>] = [:]
            while !Task.isCancelled {
                for hook in self.settings.hooks { await self.pass(hook, held: &held, accepted: &accepted, honourBackoff: true) }
                try? await Task.sleep(for: self.poll)
            }
            return (held, accepted)
        }
        for hook in settings.hooks {
            await pass(hook, held: &last, accepted: &accepted, honourBackoff: false, once: true)
            await release(hook)
        }
    }

    /// This dispatcher's cursor of `hook`: the one it holds while more than half its claim is left (no write each
    /// pass), else the store's, claimed again; nil while another worker holds the hook.
    func cursor(of hook: NotifySettings.Hook, held: inout [String: NotificationCursor]) async throws -> NotificationCursor? {
        let now = Timestamp.now()
        if let cursor = held[hook.name], holdsFirmly(cursor, now: now) { return cursor }
        held[hook.name] = try await store.claimNotificationHook(hook.name, owner: owner, now: now, leaseSeconds: claimSeconds)
        return held[hook.name]
    }

    /// Delivers what is due for `hook`, if this dispatcher holds it; stops at the first failure (the order holds).
    /// `accepted` holds, per hook, the deliveries of the event at its cursor that the receiver already took: one event
    /// may make two (an answer that also aborts the job), and when the second fails, the retry sends only the second.
    func pass(
        _ hook: NotifySettings.Hook, held: inout [String: NotificationCursor], accepted: inout [String: Set<String>],
        honourBackoff: Bool, once: Bool = false
    ) async {
        do {
            guard var cursor = try await cursor(of: hook, held: &held) else {
                return  // another worker delivers this hook now
            }
            // Whatever this pass records is what the next one starts from; a claim lost meanwhile is forgotten.
            defer { held[hook.name] = held[hook.name] == nil ? nil : cursor }
            if honourBackoff, let next = cursor.nextAttemptAt, next > Timestamp.now() { return }
            while true {
                let events = try await store.events(after: cursor.sequence, limit: 200)
                if events.isEmpty { return }
                var moved = false
                for event in events {
                    let deliveries = Delivery.of(event, for: hook)
                    for delivery in deliveries where accepted[hook.name]?.contains(delivery.id) != true {
                        guard try await keepClaim(&cursor) else { held[hook.name] = nil; return }
                        switch await send(delivery, to: hook.url) {
                        case .delivered(let status):
                            accepted[hook.name, default: []].insert(delivery.id)
                            logger.info("notified", metadata: ["hook": "\(hook.name)", "delivery_id": "\(delivery.id)", "status": "\(status)", "job_id": "\(event.jobID)"])
                        case .failed(let why):
                            cursor.failures += 1
                            let delay = min(maximumBackoff, pow(2, Double(cursor.failures - 1)))
                            cursor.nextAttemptAt = Timestamp.format(Date().addingTimeInterval(delay))
                            cursor.lastError = why
                            cursor.updatedAt = Timestamp.now()
                            if try await !save(cursor) { held[hook.name] = nil }
                            logger.warning(
                                "webhook delivery failed; kept in the outbox and retried", metadata: [
                                    "hook": "\(hook.name)", "delivery_id": "\(delivery.id)", "error": "\(why)", "failures": "\(cursor.failures)",
                                    "next_attempt_at": "\(cursor.nextAttemptAt!)",
                                ])
                            return
                        }
                    }
                    cursor.sequence = event.sequence ?? cursor.sequence
                    accepted[hook.name] = nil
                    cursor.failures = 0
                    cursor.nextAttemptAt = nil
                    cursor.lastError = nil
                    cursor.updatedAt = Timestamp.now()
                    moved = true
                    // After each delivery (a restart must not send it again needlessly); events that tell this hook
                    // nothing are passed over together. A claim lost meanwhile ends the pass.
                    if !deliveries.isEmpty {
                        guard try await save(cursor) else { held[hook.name] = nil; return }
                        moved = false
                    }
                }
                if moved, try await !save(cursor) { held[hook.name] = nil; return }
                if once && events.count < 200 { return }
            }
        } catch {
            // The store's row is the truth: the next pass claims it again.
            held[hook.name] = nil
            logger.error("the notification outbox could not be read or advanced (retried at the next pass): \(error)")
        }
    }

    /// Renews this dispatcher's claim before a delivery when less than half of it is left: a pass that outlives its
    /// claim (a slow receiver, a loaded host) would let another worker take the hook over from the stored cursor and
    /// send the delivery in flight a second time. Half a claim (15 s) outlasts the sender's timeout (10 s). False: the
    /// hook is another worker's now.
    func keepClaim(_ cursor: inout NotificationCursor) async throws -> Bool {
        let now = Timestamp.now()
        if holdsFirmly(cursor, now: now) { return true }
        guard let renewed = try await store.claimNotificationHook(cursor.hook, owner: owner, now: now, leaseSeconds: claimSeconds) else {
            return false
        }
        cursor.owner = renewed.owner
        cursor.ownerUntil = renewed.ownerUntil
        return true
    }

    /// Whether more than half of this dispatcher's claim on the cursor's hook is left (no renewal due yet).
    func holdsFirmly(_ cursor: NotificationCursor, now: String) -> Bool {
        cursor.ownerUntil.map { $0 > Timestamp.adding(claimSeconds / 2, to: now) } ?? false
    }

    /// A delivery once started runs to its answer (within the sender's timeout) even while the group shuts down:
    /// cancelled halfway, one the receiver took would count as failed and be sent again.
    func send(_ delivery: Delivery, to url: URL) async -> WebhookSender.Outcome {
        let sender = self.sender
        return await Task.detached { await sender.send(delivery, to: url) }.value
    }

    /// The cursor written even while the group shuts down (the stores refuse work from a cancelled task): the
    /// deliveries it records were sent, and a refused write would send them again from the next pass or run.
    func save(_ cursor: NotificationCursor) async throws -> Bool {
        let store = self.store
        return try await Task.detached { try await store.saveNotificationCursor(cursor) }.value
    }

    /// Gives the hook up at once on a graceful stop, so another worker need not wait for the claim to run out.
    func release(_ hook: NotifySettings.Hook) async {
        guard var cursor = try? await store.notificationCursor(hook.name), cursor.owner == owner else { return }
        cursor.ownerUntil = Timestamp.now()
        _ = try? await store.saveNotificationCursor(cursor)
    }
}
