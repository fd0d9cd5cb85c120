import Synchronization

/// The prompts this Gaffer's attempts are holding right now: what `queue_management` must never clear.
final class LivePrompts: Sendable {
    private let ids = Mutex<Set<String>>([])

    func hold(_ id: String) { ids.withLock { _ = $0.insert(id) } }
    func release(_ id: String) { ids.withLock { _ = $0.remove(id) } }
    func contains(_ id: String) -> Bool { ids.withLock { $0.contains(id) } }
}
