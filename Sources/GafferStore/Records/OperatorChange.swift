import GafferContracts

/// One operator verb, as the store records it (SPEC §7, §9): the job's new row and its events, the escalations it
/// closes, the outputs it accepts, and the running attempt it stops — in one transaction.
///
/// It applies only to the row it was computed from: the stored state and fence must still be `expectedState` and
/// `expectedFence` (else ``StoreError/conflict(jobID:expected:found:)`` and nothing changes), so a verb never
/// overwrites what a worker recorded in between.
public struct OperatorChange: Sendable {
    public var job: JobRecord
    public var expectedState: JobState
    public var expectedFence: Int64
    /// In order; the first is the verb's own.
    public var events: [EventRecord]
    /// Recorded interrupted (not failed, budget untouched), and the job's fence raised: the worker running it loses
    /// its lease at its next heartbeat and stops the engine.
    public var interrupt: String?
    public var escalations: [EscalationRecord]
    public var accepted: [AcceptedOutput]

    public init(
        job: JobRecord, expectedState: JobState, expectedFence: Int64, events: [EventRecord], interrupt: String? = nil,
        escalations: [EscalationRecord] = [], accepted: [AcceptedOutput] = []
    ) {
        self.job = job
        self.expectedState = expectedState
        self.expectedFence = expectedFence
        self.events = events
        self.interrupt = interrupt
        self.escalations = escalations
        self.accepted = accepted
    }
}
