import Dispatch
import Foundation

/// Waiting for child processes without holding a Swift-concurrency thread.
///
/// The cooperative pool has one thread per core (two here). A test that blocks one in `waitUntilExit` for
/// seconds starves every other test's async work — including the engine runner's own supervision — so
/// long-running process tests wait on a thread of their own and suspend instead. Not on `DispatchQueue.global()`:
/// on Linux its workers are as few as the cores and Swift's executor shares them, so blocked workers stall every
/// test's async work just the same.
extension GafferProcess {
    public static func runDetached(_ arguments: [String], cwd: String? = nil) async throws -> ProcessResult {
        try await offThePool { try run(arguments, cwd: cwd) }
    }
}

extension Process {
    /// Suspends until the process exits.
    public func exited() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                self.waitUntilExit()
                continuation.resume()
            }
        }
    }
}

extension SandboxBuilder {
    /// `gaffer <arguments> --sandbox <root>`, awaited off the cooperative pool.
    public func gafferDetached(_ arguments: [String]) async throws -> ProcessResult {
        try await GafferProcess.runDetached(arguments + ["--sandbox", root])
    }
}

/// Runs blocking work (a subprocess waited for, a long file operation) on a thread of its own and suspends until it
/// ends. The cooperative pool has as many threads as cores (two here): a test that blocks one of them halves every
/// other test's progress, two stall them all.
public func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
