import GafferContracts

/// The durable record of jobs, attempts, events, decisions, escalations and handoffs (SPEC §9).
///
/// Every method is one transaction: a state change and the event that explains it are written together,
/// before the caller takes its next step. SQLite now; a PostgreSQL store implements the same protocol.
public protocol JobStore: Sendable {
    /// Inserts a newly discovered job with its first event; returns false when the job was already known.
    func insertJob(_ job: JobRecord, event: EventRecord) async throws -> Bool
    func job(_ jobID: String) async throws -> JobRecord?
    func jobs() async throws -> [JobRecord]
    /// Replaces the job's row and appends the event, atomically.
    func update(_ job: JobRecord, event: EventRecord?) async throws

    /// Starts the job's next attempt: numbers it (`run-NNNN`, no gaps, across restarts), records it as
    /// running and moves the job to RUNNING on that stage.
    func beginAttempt(jobID: String, stage: StageName, sourceAttemptID: String?, at: String, runID: String) async throws -> AttemptRecord
    /// Records the engine's process so a later start can kill it if Gaffer dies first.
    func recordProcess(jobID: String, attemptID: String, pid: Int32, processGroup: Int32, host: String) async throws
    /// Records how an attempt ended and what was decided, with the job's new row, its event, and the
    /// escalation the decision opened (if any) — one transaction, so no escalation exists without its decision.
    func finishAttempt(_ attempt: AttemptRecord, job: JobRecord, event: EventRecord, escalation: EscalationRecord?) async throws
    func attempts(jobID: String) async throws -> [AttemptRecord]
    /// Every attempt of every job, by job then number (one query: metrics and overviews over many jobs).
    func allAttempts() async throws -> [AttemptRecord]
    /// Attempts still marked running (after a crash these are the ones to kill and mark interrupted).
    func runningAttempts() async throws -> [AttemptRecord]
    /// Aggregate counts for metrics.
    func statistics() async throws -> StoreStatistics

    func events(jobID: String) async throws -> [EventRecord]

    func saveEscalation(_ escalation: EscalationRecord) async throws
    func escalation(_ escalationID: String) async throws -> EscalationRecord?
    func escalations(openOnly: Bool) async throws -> [EscalationRecord]
    /// The escalations of one job, open or resolved, oldest first.
    func escalations(jobID: String) async throws -> [EscalationRecord]
    /// Closes an escalation and applies the operator's answer to the job, atomically.
    func resolveEscalation(_ escalation: EscalationRecord, job: JobRecord, event: EventRecord) async throws

    func handoffs() async throws -> [HandoffRegistry.Entry]
    /// Records a post (replacing an earlier one for the same job and platform) and the job's new state.
    func recordHandoff(_ entry: HandoffRegistry.Entry, job: JobRecord, event: EventRecord) async throws
}
