import Synchronization

/// Wakes the scheduler before its next poll: an escalation answered in this process, a job posted by the API, or
/// a shared store's notice of another process's change (`StoreChangeFeed`). Without a notice, other processes'
/// changes are seen at the next poll (`--poll`).
public final class Wakeup: Sendable {
    private let pending = Atomic<Bool>(false)

    public init() {}

    public func wake() { pending.store(true, ordering: .releasing) }

    /// Returns after `timeout`, on a wake-up, or when the task is cancelled, whichever is first.
    func wait(upTo timeout: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline, !Task.isCancelled {
            if pending.exchange(false, ordering: .acquiringAndReleasing) { return }
            try? await Task.sleep(for: min(.milliseconds(20), deadline - clock.now))
        }
    }
}

/// Set by SIGTERM/SIGINT (or the service group's graceful shutdown): no new attempt starts once it is set.
public final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public var isRequested: Bool { flag.load(ordering: .acquiring) }
    public func request() { flag.store(true, ordering: .releasing) }
}
