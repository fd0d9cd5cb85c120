import Foundation
import Synchronization

/// The supervision loop of one running engine: every 50 ms it checks for exit, cancellation, the
/// wall-clock timeout and a stall (memory is sampled on its own thread). It runs on a dedicated thread:
/// an engine's deadlines must hold however busy Swift's cooperative pool is (two threads on two cores).
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
        let clock = ContinuousClock()
        var progress = ProgressWatch(path: command.progressFile.map(command.resolved))
        var lastActivity = started
        var bytesSeen = 0
        while true {
            if ChildProcess.hasExited(pid) { return .exited }
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
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
}
