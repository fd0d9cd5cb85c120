import Synchronization

/// `body`'s result, or `StoreError.unavailable("<what>: no answer within …")` once `timeout` has passed — returning
/// then even if `body` ignores cancellation (it is cancelled, and its late result dropped). For store calls that must
/// not hang their caller: a lease renewal, a readiness probe, connecting to a server that is not there, any call of
/// the PostgreSQL store (a driver can wait forever on a connection the server closed mid-transaction).
public func firstWithin<T: Sendable>(
    _ timeout: Duration, what: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let settled = OnceFlag()
    // The timer is cancelled as soon as `body` answers: a busy store would otherwise keep one sleeping task per call.
    let timer = TaskSlot()
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let work = Task {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            if settled.take() {
                timer.cancel()
                continuation.resume(with: result)
            }
        }
        let sleeper = Task {
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            if settled.take() {
                work.cancel()
                continuation.resume(throwing: StoreError.unavailable("\(what): no answer within \(timeout)"))
            }
        }
        timer.hold(sleeper)
        if settled.isTaken { sleeper.cancel() }
    }
}

/// True for the first caller only.
final class OnceFlag: Sendable {
    private let taken = Atomic<Bool>(false)
    func take() -> Bool { !taken.exchange(true, ordering: .acquiringAndReleasing) }
    var isTaken: Bool { taken.load(ordering: .acquiring) }
}

/// One task, held to be cancelled by another.
final class TaskSlot: Sendable {
    private let task = Mutex<Task<Void, Never>?>(nil)
    func hold(_ held: Task<Void, Never>) { task.withLock { $0 = held } }
    func cancel() { task.withLock { $0?.cancel() } }
}
