/// What the state machine allowed: the job's next state and stage, and the event to record with it.
public struct JobTransition: Hashable, Sendable {
    public let from: JobState
    public let to: JobState
    /// The stage the job is at afterwards; nil leaves it as it was.
    public let stage: StageName?
    public let event: JobEvent
    /// The event kind recorded: the event's own, except where the state changes its meaning (a pause asked for
    /// while an attempt runs is `PAUSE_REQUESTED`).
    public let kind: EventKind

    public init(from: JobState, to: JobState, stage: StageName?, event: JobEvent, kind: EventKind? = nil) {
        self.from = from
        self.to = to
        self.stage = stage
        self.event = event
        self.kind = kind ?? event.kind
    }
}

/// Why the state machine refused an event: the job's state does not allow it. Nothing changes.
public struct TransitionRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    public let state: JobState
    public let event: EventKind
    public let why: String

    public var description: String { "a \(state.rawValue) job cannot take \(event.rawValue): \(why)" }
}
