import Foundation
import Synchronization

/// The peak of the summed resident memory of every live process in an engine's group and session.
///
/// Sampled every 100 ms (the first after 20 ms) on a dedicated thread, so a busy cooperative pool (many jobs, or tests that block)
/// cannot make it miss the engine. Sampled, not traced: a process that lives less than one interval, or a
/// spike between two samples, is not seen; shared pages (libraries, shared memory) count once per process.
final class ProcessTreeMemory: Sendable {
    private let group: Int32
    private let state = Mutex(State())

    private struct State {
        var peakBytes: UInt64 = 0
        var stopped = false
    }

    init(group: Int32) {
        self.group = group
    }

    /// The highest sample so far.
    var peakBytes: UInt64 { state.withLock { $0.peakBytes } }

    func start() {
        let thread = Thread { [self] in
            // The first sample waits 20 ms: an engine that is done by then (a no-op, a refusal) costs no /proc scan.
            Thread.sleep(forTimeInterval: 0.02)
            while !state.withLock({ $0.stopped }) {
                sample()
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        thread.name = "gaffer-memory-\(group)"
        thread.start()
    }

    /// Ends the sampling thread. No last sample: it is called after the child exited, when the child is a zombie
    /// that holds no memory, and a scan of /proc costs about a millisecond on the path of every attempt.
    func stop() {
        state.withLock { $0.stopped = true }
    }

    /// Adds one sample: the sum of VmRSS over the group's and session's live processes now.
    func sample() {
        var total: UInt64 = 0
        for member in ProcessTable.liveMembers(of: group) {
            total += ProcessTable.residentBytes(pid: member.pid) ?? 0
        }
        state.withLock { $0.peakBytes = max($0.peakBytes, total) }
    }
}
