/// The lowest pid a descendant of an engine can have, when that can be known: the kernel hands pids out in increasing
/// order and wraps to the bottom only past `pid_max`. So if the newest pid is still at or above the engine's own and the
/// engine started too recently for the allocator to have gone all the way round, every process it started has a pid
/// at least its own, and the rows of the older processes on the machine need not be read. That is most of what the
/// check for an engine's leftovers costs a short attempt (a /proc row per process on the machine); a long attempt, or
/// any doubt, reads them all.
enum PIDFloor {
    /// More pids than any machine allocates in a second (forks and threads both take one).
    static let allocationsPerSecondBound = 1_000_000.0

    /// The floor for the descendants of `leader`, which has run for `elapsed`, or nil to scan everything.
    static func forDescendants(of leader: Int32, elapsed: Duration) -> Int32? {
        guard let pidMax = ProcessTable.pidMax, let last = ProcessTable.lastAllocatedPID() else { return nil }
        return floor(leader: leader, elapsed: elapsed, lastAllocated: last, pidMax: pidMax)
    }

    /// The rule, pure (tested on its own).
    static func floor(leader: Int32, elapsed: Duration, lastAllocated: Int32, pidMax: Int32) -> Int32? {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        guard leader > 1, lastAllocated >= leader, seconds >= 0, seconds * allocationsPerSecondBound < Double(pidMax) else { return nil }
        return leader
    }
}
