import Dispatch
import Foundation
import Synchronization

/// The supervision loop of one running engine: it wakes at once when the child exits (a second thread blocks in
/// `waitid` and signals it), and at least every 50 ms to check cancellation, the wall-clock timeout and a stall
/// (memory is sampled on its own thread). It runs on a dedicated thread: an engine's deadlines must hold however
/// busy Swift's cooperative pool is (two threads on two cores).
struct EngineWatch: Sendable {
    /// Why the watch ended.
    enum Verdict: Sendable, Hashable {
        case exited
        case timedOut
        case stalled
        case interrupted
    }

    private let pid: Int32
    private let command: EngineCommand
    private let pump: OutputPump
    private let started: ContinuousClock.Instant
    let memory: ProcessTreeMemory

    init(pid: Int32, command: EngineCommand, pump: OutputPump, started: ContinuousClock.Instant) {
        self.pid = pid
        self.command = command
        self.pump = pump
        self.started = started
        self.memory = ProcessTreeMemory(group: pid)
        memory.start()
    }

    /// Watches until the child exits or must be stopped. Never signals anything itself. Cancelling the
    /// calling task ends the watch with `.interrupted` within one tick.
    func watch() async -> Verdict {
        let cancelled = Mutex(false)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Verdict, Never>) in
                let thread = Thread {
                    continuation.resume(returning: self.watchBlocking { cancelled.withLock { $0 } })
                }
                thread.name = "gaffer-watch-\(pid)"
                thread.start()
            }
        } onCancel: {
            cancelled.withLock { $0 = true }
        }
    }

    private func watchBlocking(isCancelled: () -> Bool) -> Verdict {
        // The exit is an event: a thread blocks until the child exits and wakes this loop.
        let exitSignal = DispatchSemaphore(value: 0)
        let exited = Atomic<Bool>(false)
        let pid = self.pid
        let waiter = Thread {
            ChildProcess.awaitExit(pid)
            exited.store(true, ordering: .releasing)
            exitSignal.signal()
        }
        waiter.name = "gaffer-exit-\(pid)"
        waiter.start()
        let clock = ContinuousClock()
        var progress = ProgressWatch(path: command.progressFile.map(command.resolved))
        var lastActivity = started
        var bytesSeen = 0
        while true {
            if exited.load(ordering: .acquiring) { return .exited }
            if isCancelled() { return .interrupted }

            let now = clock.now
            let output = pump.snapshot()
            if output.bytesRead != bytesSeen {
                bytesSeen = output.bytesRead
                lastActivity = max(lastActivity, output.lastOutput ?? now)
            }
            if progress.changed() { lastActivity = now }
            if let timeout = command.timeout, started.duration(to: now) >= timeout { return .timedOut }
            if let stallTimeout = command.stallTimeout, lastActivity.duration(to: now) >= stallTimeout {
                return .stalled
            }
            _ = exitSignal.wait(timeout: .now() + .milliseconds(50))
        }
    }
}
