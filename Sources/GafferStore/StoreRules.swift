import GafferContracts

/// The parts of the seam's semantics that are the same whatever the store (SQLite, in-memory, PostgreSQL): what a
/// claim and a sweep write. Pure; each store calls them inside its own transaction.
public enum StoreRules {
    /// Whether a job is queued and due: what a claim takes (its back-off's `notBefore` passed at `now`).
    public static func isDue(_ job: JobRecord, now: String) -> Bool {
        job.state == .validated && (job.notBefore.map { $0 <= now } ?? true)
    }

    /// The rows a claim writes: the job RUNNING on `stage` with its fence raised, the attempt numbered `number`,
    /// its lease and the event.
    public static func claim(
        job: JobRecord, stage: StageName, number: Int, previousAttemptID: String?, worker: WorkerIdentity, now: String,
        leaseSeconds: Double, runID: String
    ) throws(StoreError) -> (job: JobRecord, attempt: AttemptRecord, lease: Lease, event: EventRecord) {
        var claimed = job
        let attemptID = AttemptID.make(number)
        let transition = try claimed.apply(.attemptStarted(stage: stage, attemptID: attemptID))
        claimed.fence += 1
        claimed.attemptID = attemptID
        claimed.updatedAt = now
        let expiry = Timestamp.adding(leaseSeconds, to: now)
        let attempt = AttemptRecord(
            jobID: job.jobID, attemptID: attemptID, number: number, stage: stage, sourceAttemptID: previousAttemptID,
            startedAt: now, host: worker.host, workerID: worker.workerID, fence: claimed.fence, leaseExpiresAt: expiry)
        let lease = Lease(
            jobID: job.jobID, attemptID: attemptID, workerID: worker.workerID, host: worker.host, token: claimed.fence,
            expiresAt: expiry)
        var details: [String: JSONValue] = ["worker_id": .string(worker.workerID), "fence": .number(Double(claimed.fence))]
        if let previousAttemptID { details["source_attempt_id"] = .string(previousAttemptID) }
        let event = EventRecord(transition, jobID: job.jobID, ts: now, runID: runID, attemptID: attemptID, details: details)
        return (claimed, attempt, lease, event)
    }

    /// The rows a sweep writes for one orphaned attempt: the attempt interrupted, and — when the job is still
    /// RUNNING on it — the job queued again with its fence raised, and the event.
    public static func sweep(
        attempt: AttemptRecord, job: JobRecord, now: String, runID: String, details: [String: JSONValue]
    ) -> (attempt: AttemptRecord, job: JobRecord, event: EventRecord?) {
        var ended = attempt
        ended.status = .interrupted
        ended.endedAt = now
        var queued = job
        queued.fence += 1
        guard job.attemptID == attempt.attemptID, let transition = try? queued.apply(.interrupted) else {
            return (ended, queued, nil)
        }
        queued.updatedAt = now
        let event = EventRecord(
            transition, jobID: job.jobID, ts: now, runID: runID, stage: attempt.stage, attemptID: attempt.attemptID,
            details: details)
        return (ended, queued, event)
    }

    /// Whether a lease expiring at `expiry` is expired at `now` (nil: every lease is, for recovery by the only worker).
    public static func isExpired(_ expiry: String?, now: String?) -> Bool {
        guard let now else { return true }
        guard let expiry else { return true }
        return expiry < now
    }
}

extension StoreRules {
    /// The job row a finished attempt writes. The runner's copy was read at the claim; operators' writes made while
    /// the attempt ran (waivers, budget resets, a pause asked for) are in the stored row and win — and a pause asked
    /// for takes effect now, when the job would otherwise be queued again.
    public static func settle(finished job: JobRecord, stored: JobRecord, event: EventRecord) -> (job: JobRecord, paused: EventRecord?) {
        var settled = job
        let expiry = job.operatorState.expiry
        settled.operatorState = stored.operatorState
        settled.operatorState.expiry = expiry
        settled.operatorState.pauseRequested = nil
        guard let request = stored.operatorState.pauseRequested, settled.state == .validated,
            let transition = try? settled.apply(.pause(now: false))
        else { return (settled, nil) }
        settled.reason = "paused by \(request.by)" + (request.note.map { ": \($0)" } ?? "") + " (asked for while the attempt ran)"
        var details: [String: JSONValue] = ["by": .string(request.by), "requested_at": .string(request.at)]
        if let note = request.note { details["note"] = .string(note) }
        let paused = EventRecord(
            transition, jobID: job.jobID, ts: event.ts, runID: event.runID, stage: settled.stage, attemptID: event.attemptID,
            details: details)
        return (settled, paused)
    }

    /// Whether a job's wait for a person has lapsed at `now` (its expiry passed, and it still waits).
    public static func hasLapsed(_ job: JobRecord, now: String) -> Bool {
        guard let expiresAt = job.expiresAt else { return false }
        return expiresAt <= now && (job.state == .escalated || job.state == .awaitingApproval)
    }
}

extension StoreRules {
    /// The claim of a hook (see `JobStore.claimNotificationHook`), given its stored row: the row to write, or nil when
    /// another owner's claim still lasts at `now`.
    public static func claim(
        hook: String, stored: NotificationCursor?, owner: String, now: String, leaseSeconds: Double, latestSequence: Int64
    ) -> NotificationCursor? {
        let until = Timestamp.adding(leaseSeconds, to: now)
        guard var cursor = stored else {
            return NotificationCursor(hook: hook, sequence: latestSequence, updatedAt: now, owner: owner, ownerUntil: until)
        }
        if let holder = cursor.owner, holder != owner, let held = cursor.ownerUntil, held > now { return nil }
        cursor.owner = owner
        cursor.ownerUntil = until
        return cursor
    }
}
