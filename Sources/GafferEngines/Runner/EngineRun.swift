/// What the runner observed of one engine run, from spawn until nothing of it was left.
///
/// The facts are recorded as measured; judging them is the supervisor's job (see `outcome`).
public struct EngineRun: Sendable, Hashable {
    /// The child's process id.
    public var pid: Int32

    /// Its process group (and session) id: equal to `pid`, since the child leads its own session.
    public var processGroup: Int32

    /// Exit status when the child exited; nil when a signal ended it.
    public var exitCode: Int32?

    /// The signal that ended the child, when one did (11 for a crash, 15/9 when Gaffer killed it).
    public var signal: Int32?

    /// The wall-clock `timeout` ran out and the runner killed the group.
    public var timedOut: Bool

    /// The `stallTimeout` passed with no output and no progress-file change; the runner killed the group.
    public var stalled: Bool

    /// The calling task was cancelled (graceful shutdown) and the runner killed the group. Not a
    /// failure of the engine: an interrupted attempt must not count against the retry budget.
    public var interrupted: Bool

    /// Seconds from spawn until the child was reaped (including any grace period spent killing it).
    public var wallSeconds: Double

    /// Highest observed sum of resident memory over every live process of the group and session,
    /// sampled about every 100 ms from /proc. Short spikes between samples are missed.
    public var peakRSSBytes: UInt64

    /// Bytes written to the log, the cap marker included.
    public var logBytes: Int

    /// Output was dropped: the cap was reached (or the log could not be written).
    public var logTruncated: Bool

    /// Memberwise; the runner builds these, tests and stores may too.
    public init(
        pid: Int32, processGroup: Int32, exitCode: Int32?, signal: Int32?, timedOut: Bool, stalled: Bool,
        interrupted: Bool, wallSeconds: Double, peakRSSBytes: UInt64, logBytes: Int, logTruncated: Bool
    ) {
        self.pid = pid
        self.processGroup = processGroup
        self.exitCode = exitCode
        self.signal = signal
        self.timedOut = timedOut
        self.stalled = stalled
        self.interrupted = interrupted
        self.wallSeconds = wallSeconds
        self.peakRSSBytes = peakRSSBytes
        self.logBytes = logBytes
        self.logTruncated = logTruncated
    }
}
