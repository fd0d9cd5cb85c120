import GafferContracts

/// Which running attempts a sweep records as interrupted (their jobs go back to the queue, their fences rise).
public enum SweepScope: Hashable, Sendable {
    /// Those whose lease expired before `now`: what every worker's tick does.
    case expired(now: String)
    /// Every running attempt: recovery by the only worker (the SQLite store, under the sandbox's run lock).
    case all
    /// Every running attempt of this worker id: a worker restarted in a fleet, whose earlier attempts are orphans
    /// whatever their leases say; other workers' attempts are left alone.
    case worker(String)

    public func includes(_ attempt: AttemptRecord) -> Bool {
        guard attempt.status == .running else { return false }
        switch self {
        case .expired(let now): return StoreRules.isExpired(attempt.leaseExpiresAt, now: now)
        case .all: return true
        case .worker(let id): return attempt.workerID == id
        }
    }

    /// The time recorded as the attempts' end.
    public var endedAt: String {
        if case .expired(let now) = self { return now }
        return Timestamp.now()
    }
}
