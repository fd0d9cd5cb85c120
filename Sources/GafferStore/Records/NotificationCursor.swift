/// How far a webhook has been delivered (SPEC §7 notifications). The outbox is the store's event log itself —
/// every event is written in the transaction of the change it records — and each hook keeps its place in it:
/// events up to `sequence` are delivered; the next matching one is retried after `nextAttemptAt` while the
/// receiver fails. Deliveries are at least once, in order, with a stable `delivery_id` (hook and sequence).
public struct NotificationCursor: Hashable, Sendable {
    public var hook: String
    /// The last event delivered (or passed over as not matching).
    public var sequence: Int64
    /// Failed deliveries of the next event in a row.
    public var failures: Int
    public var nextAttemptAt: String?
    public var lastError: String?
    public var updatedAt: String
    /// The dispatcher that delivers this hook now, and until when (one at a time, whatever the number of workers).
    public var owner: String?
    public var ownerUntil: String?

    public init(
        hook: String, sequence: Int64, failures: Int = 0, nextAttemptAt: String? = nil, lastError: String? = nil, updatedAt: String,
        owner: String? = nil, ownerUntil: String? = nil
    ) {
        self.owner = owner
        self.ownerUntil = ownerUntil
        self.hook = hook
        self.sequence = sequence
        self.failures = failures
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.updatedAt = updatedAt
    }
}
