import GafferContracts

/// The store of record (SPEC §9): jobs, attempts, events, decisions, escalations, accepted outputs and handoffs.
///
/// Every method is one transaction: a state change and the event that explains it are written together, before the
/// caller takes its next step. State changes are transitions of ``JobStateMachine``; a write whose `transition.from`
/// no longer matches the stored state fails with ``StoreError/conflict(jobID:expected:found:)`` and changes nothing.
/// Writes about a claimed attempt carry its ``Lease`` and fail with ``StoreError/leaseLost(jobID:attemptID:)`` once
/// a newer claim exists. SQLite implements it on one host; PostgreSQL with the same semantics for a fleet.
/// `StoreConformance` (tests) holds every implementation to them.
public protocol JobStore: Sendable {
    /// Inserts a newly discovered job (already taken through `.validated` or `.invalid`) with its event; false when
    /// a job of that id was already known (nothing is written then).
    func insertJob(_ job: JobRecord, event: EventRecord) async throws -> Bool
    func job(_ jobID: String) async throws -> JobRecord?
    func jobs() async throws -> [JobRecord]
    /// Every job in brief, by job id (what `status` lists: a few columns, one query).
    func jobSummaries() async throws -> [JobSummary]
    /// Records a transition (or a fact) of one job: its new row and the event, atomically. `job` carries the
    /// transition already applied; the stored state must still be `transition.from`.
    /// `escalation`, when given, is saved in the same transaction (a fault escalated outside any attempt's decision).
    func record(_ job: JobRecord, transition: JobTransition, event: EventRecord, escalation: EscalationRecord?) async throws

    /// Queued jobs (VALIDATED) whose `notBefore` has passed at `now`, by priority (higher first) then age,
    /// leaving out `excluding`; at most `limit`.
    func runnableJobs(now: String, limit: Int, excluding: Set<String>) async throws -> [JobRecord]
    /// The earliest `notBefore` among queued jobs that are waiting for it, if any (so `--once` knows work remains).
    func nextWakeUp() async throws -> String?

    /// Claims the next attempt of each requested job that is still queued (VALIDATED, its `notBefore` passed at
    /// `now`), in the order given, at most `limit` — one transaction. Each is numbered (`run-NNNN`, no gaps or
    /// repeats under any number of claimers), recorded running for `worker` with a lease until `now + leaseSeconds`,
    /// its job's fence raised, the job moved VALIDATED → RUNNING on the requested stage. A job another claimer holds
    /// at that moment is skipped, not waited for (PostgreSQL: `FOR UPDATE SKIP LOCKED`); one no longer queued is
    /// left out. Workers racing for the same jobs therefore each take different ones.
    func claim(_ requests: [ClaimRequest], limit: Int, worker: WorkerIdentity, now: String, leaseSeconds: Double, runID: String)
        async throws -> [Claim]
    /// Extends a lease to `now + leaseSeconds`.
    func heartbeat(_ lease: Lease, now: String, leaseSeconds: Double) async throws -> Lease
    /// Records the engine's process so a later start can kill it if Gaffer dies first.
    func recordProcess(_ lease: Lease, pid: Int32, processGroup: Int32) async throws
    /// Records how the claimed attempt ended, with the job's new row (its transition applied), the event, the
    /// escalation the decision opened and the output it accepted — one transaction, fenced by `lease`.
    func finishAttempt(
        _ attempt: AttemptRecord, lease: Lease, job: JobRecord, transition: JobTransition, event: EventRecord,
        escalation: EscalationRecord?, accepted: AcceptedOutput?
    ) async throws
    /// Returns the running attempts `scope` includes: each is recorded interrupted, its job moved back to VALIDATED
    /// and its fence raised, so the worker that held it can record nothing more. Each attempt is re-read under the
    /// job's lock, so a heartbeat or a finish that came first wins.
    func sweep(_ scope: SweepScope, runID: String, details: [String: JSONValue]) async throws -> [AttemptRecord]

    func attempts(jobID: String) async throws -> [AttemptRecord]
    /// Every attempt of every job, by job then number (one query: metrics and overviews over many jobs).
    func allAttempts() async throws -> [AttemptRecord]
    /// Every attempt of every job in brief, by job then number (what `status` lists: a few columns, one query).
    func attemptSummaries() async throws -> [AttemptSummary]
    /// Attempts still marked running.
    func runningAttempts() async throws -> [AttemptRecord]
    /// Aggregate counts for metrics.
    func statistics() async throws -> StoreStatistics
    func events(jobID: String) async throws -> [EventRecord]
    /// The accepted output of each stage of the job.
    func acceptedOutputs(jobID: String) async throws -> [AcceptedOutput]

    func escalation(_ escalationID: String) async throws -> EscalationRecord?
    func escalations(openOnly: Bool) async throws -> [EscalationRecord]
    /// The escalations of one job, open or resolved, oldest first.
    func escalations(jobID: String) async throws -> [EscalationRecord]
    /// Closes an open escalation and applies the operator's answer to the job (its transition applied), atomically;
    /// `accepted` is the output a PROCEED accepted.
    func resolveEscalation(
        _ escalation: EscalationRecord, job: JobRecord, transition: JobTransition, event: EventRecord,
        accepted: AcceptedOutput?
    ) async throws

    /// Records an operator verb (SPEC §7): one transaction, refused with `conflict` when the job's row is no longer
    /// the one the change was computed from (its state or fence moved).
    func applyOperatorChange(_ change: OperatorChange) async throws
    /// Jobs waiting for a person (ESCALATED, AWAITING_APPROVAL) whose wait lapsed at `now` (``JobRecord/expiresAt``).
    func lapsedWaits(now: String) async throws -> [JobRecord]

    /// Every job's events after `sequence`, in order, at most `limit` (the notification outbox is read this way).
    func events(after sequence: Int64, limit: Int) async throws -> [EventRecord]
    /// The sequence of the latest event (0 when there is none): where a new hook starts.
    func latestEventSequence() async throws -> Int64
    func notificationCursor(_ hook: String) async throws -> NotificationCursor?
    /// Takes (or renews) the right to deliver `hook` until `now + leaseSeconds`: its cursor when `owner` holds it now
    /// (a new hook starts at the latest event), nil while another owner's claim lasts. One transaction.
    func claimNotificationHook(_ hook: String, owner: String, now: String, leaseSeconds: Double) async throws -> NotificationCursor?
    /// Records a hook's place, if `cursor.owner` still holds the hook; false (nothing written) when it does not.
    func saveNotificationCursor(_ cursor: NotificationCursor) async throws -> Bool

    /// The schema migrations applied to this store, oldest first (`gaffer store migrate` reports them).
    func migrations() async throws -> [String]
    /// Records a worker's presence (inserted, or replacing the record of the same worker id).
    func recordWorker(_ worker: WorkerRecord) async throws
    /// Every worker the store has seen, by worker id — live or not (`WorkerRecord.isLive(at:)`).
    func workers() async throws -> [WorkerRecord]
    /// Everything the job's views are built from, read together (one read transaction where the store has them).
    func viewData(jobID: String) async throws -> JobViewData?

    func handoffs() async throws -> [HandoffRegistry.Entry]
    /// Records a post (replacing an earlier one for the same job and platform) and the job's transition.
    func recordHandoff(_ entry: HandoffRegistry.Entry, job: JobRecord, transition: JobTransition, event: EventRecord) async throws
}

/// What a job's views (`state.json`, `events.ndjson`, `attempt_lineage.v1.json`, escalation files) are built from.
public struct JobViewData: Sendable {
    public var job: JobRecord
    public var attempts: [AttemptRecord]
    public var events: [EventRecord]
    public var escalations: [EscalationRecord]

    public init(job: JobRecord, attempts: [AttemptRecord], events: [EventRecord], escalations: [EscalationRecord]) {
        self.job = job
        self.attempts = attempts
        self.events = events
        self.escalations = escalations
    }
}

extension JobStore {
    /// `sweep(.expired(now:))`, or `sweep(.all)` when `now` is nil.
    public func sweepExpiredLeases(now: String?, runID: String, details: [String: JSONValue]) async throws -> [AttemptRecord] {
        try await sweep(now.map { .expired(now: $0) } ?? .all, runID: runID, details: details)
    }

    /// Claims one job's next attempt (see ``claim(_:limit:worker:now:leaseSeconds:runID:)``). Throws `unknownJob`,
    /// `refused` when the job is not queued, `unavailable` when it is not due yet or another claimer holds it.
    public func claim(jobID: String, stage: StageName, worker: WorkerIdentity, now: String, leaseSeconds: Double, runID: String)
        async throws -> Claim
    {
        let request = ClaimRequest(jobID: jobID, stage: stage)
        if let claim = try await claim([request], limit: 1, worker: worker, now: now, leaseSeconds: leaseSeconds, runID: runID).first {
            return claim
        }
        guard var stored = try await self.job(jobID) else { throw StoreError.unknownJob(jobID) }
        _ = try stored.apply(.attemptStarted(stage: stage, attemptID: AttemptID.make(1)))
        throw StoreError.unavailable("job \(jobID) is not due yet or is being claimed by another worker")
    }

    /// Records a transition (or a fact) with no escalation.
    public func record(_ job: JobRecord, transition: JobTransition, event: EventRecord) async throws {
        try await record(job, transition: transition, event: event, escalation: nil)
    }
}
