import Synchronization

/// `body`'s result, or `StoreError.unavailable("<what>: no answer within …")` once `timeout` has passed — returning
/// then even if `body` ignores cancellation (it is cancelled, and its late result dropped). For store calls that must
/// not hang their caller: a lease renewal, a readiness probe, connecting to a server that is not there.
public func firstWithin<T: Sendable>(
    _ timeout: Duration, what: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let settled = OnceFlag()
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let work = Task {
            do {
                let value = try await body()
                if settled.take() { continuation.resume(returning: value) }
            } catch {
                if settled.take() { continuation.resume(throwing: error) }
            }
        }
        Task {
            try? await Task.sleep(for: timeout)
            if settled.take() {
                work.cancel()
                continuation.resume(throwing: StoreError.unavailable("\(what): no answer within \(timeout)"))
            }
        }
    }
}

/// True for the first caller only.
final class OnceFlag: Sendable {
    private let taken = Atomic<Bool>(false)
    func take() -> Bool { !taken.exchange(true, ordering: .acquiringAndReleasing) }
}
