import GafferContracts

/// A worker as the store knows it (SPEC §9): who it is, what it can run, and until when it promised to be back. A
/// worker records itself at start and every few seconds while it runs, and once more when it stops, so `status`
/// can tell a job that waits for a busy worker from one that no live worker can run.
public struct WorkerRecord: Hashable, Sendable {
    public var workerID: String
    public var host: String
    public var labels: [String: String]
    public var concurrency: Int
    public var startedAt: String
    public var seenAt: String
    /// The worker records itself again before this (if it still runs); past it, it is taken for gone (killed).
    public var liveUntil: String
    public var stoppedAt: String?
    /// Until when this worker does not ask its advisor (SPEC §5.4): its circuit opened after failures in a row.
    public var advisorCircuitOpenUntil: String?

    public init(
        workerID: String, host: String, labels: [String: String], concurrency: Int, startedAt: String, seenAt: String,
        liveUntil: String, stoppedAt: String? = nil, advisorCircuitOpenUntil: String? = nil
    ) {
        self.workerID = workerID
        self.host = host
        self.labels = labels
        self.concurrency = concurrency
        self.startedAt = startedAt
        self.seenAt = seenAt
        self.liveUntil = liveUntil
        self.stoppedAt = stoppedAt
        self.advisorCircuitOpenUntil = advisorCircuitOpenUntil
    }

    /// Whether the worker runs at `now` and does not ask its advisor then.
    public func advisorCircuitIsOpen(at now: String) -> Bool {
        isLive(at: now) && (advisorCircuitOpenUntil.map { $0 > now } ?? false)
    }

    /// Whether the worker runs at `now`: not stopped, and seen recently enough.
    public func isLive(at now: String) -> Bool { stoppedAt == nil && liveUntil > now }

    /// `gpu=a100, region=eu`, or `no labels`.
    public var labelText: String {
        labels.isEmpty ? "no labels" : labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}
