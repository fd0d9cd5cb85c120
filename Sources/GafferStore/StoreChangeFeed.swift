/// A store that tells its workers when another process changed the queue — a job admitted, an attempt ended, an
/// escalation answered, a lease swept — so an idle worker starts at once instead of at its next poll. PostgreSQL
/// implements it with LISTEN/NOTIFY; a store without it is polled (`--poll`).
public protocol StoreChangeFeed: Sendable {
    /// One element per change notice (several changes may arrive as one); ends when the caller's task is cancelled.
    func changes() -> AsyncStream<Void>
}
