import GafferContracts

/// One line of `events.ndjson`: a transition or a transitional fact, with the run that caused it.
public struct EventRecord: Hashable, Sendable, Codable {
    public var sequence: Int64?
    public var jobID: String
    public var ts: String
    public var runID: String
    public var event: EventKind
    public var fromState: JobState?
    public var toState: JobState?
    public var stage: StageName?
    public var attemptID: String?
    public var details: [String: JSONValue]

    public init(
        jobID: String, ts: String, runID: String, event: EventKind, fromState: JobState? = nil, toState: JobState? = nil,
        stage: StageName? = nil, attemptID: String? = nil, details: [String: JSONValue] = [:]
    ) {
        self.jobID = jobID
        self.ts = ts
        self.runID = runID
        self.event = event
        self.fromState = fromState
        self.toState = toState
        self.stage = stage
        self.attemptID = attemptID
        self.details = details
    }

    /// The record of a transition the state machine allowed.
    public init(
        _ transition: JobTransition, jobID: String, ts: String, runID: String, stage: StageName? = nil,
        attemptID: String? = nil, details: [String: JSONValue] = [:]
    ) {
        self.init(
            jobID: jobID, ts: ts, runID: runID, event: transition.kind, fromState: transition.from,
            toState: transition.to, stage: stage ?? transition.stage, attemptID: attemptID, details: details)
    }

    enum CodingKeys: String, CodingKey {
        case ts, event, stage, details
        case jobID = "job_id"
        case runID = "run_id"
        case fromState = "from_state"
        case toState = "to_state"
        case attemptID = "attempt_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ts, forKey: .ts)
        try c.encode(jobID, forKey: .jobID)
        try c.encode(runID, forKey: .runID)
        try c.encode(event, forKey: .event)
        try c.encode(fromState, forKey: .fromState)
        try c.encode(toState, forKey: .toState)
        try c.encode(stage, forKey: .stage)
        try c.encode(attemptID, forKey: .attemptID)
        try c.encode(details, forKey: .details)
    }
}

extension EventRecord {
    /// The `events.ndjson` line as a JSON value (the same members and nulls as `encode(to:)`), for the project's
    /// own writer: views are rebuilt on every attempt, and `JSONEncoder` per line was a measurable part of that.
    public var jsonValue: JSONValue {
        .object([
            "ts": .string(ts), "job_id": .string(jobID), "run_id": .string(runID), "event": .string(event.rawValue),
            "from_state": fromState.map { .string($0.rawValue) } ?? .null, "to_state": toState.map { .string($0.rawValue) } ?? .null,
            "stage": stage.map { .string($0.rawValue) } ?? .null, "attempt_id": attemptID.map(JSONValue.string) ?? .null,
            "details": .object(details),
        ])
    }
}
