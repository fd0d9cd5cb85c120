import Foundation
import GRDB
import GafferContracts

/// Mapping between records and rows. Nested values are stored as JSON text.
extension SQLiteJobStore {
    static func save(_ job: JobRecord, in db: Database) throws {
        // Cached statements: preparing (and GRDB's authorizer) cost more than the write itself on every attempt.
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO jobs (job_id, source_path, state, stage, attempt_id, reason, error, workflow_id,
                    policy_path, budget_floor, created_at, updated_at, content, content_digest, reported_digest,
                    priority, next_decision, operator_overrides, not_before, snoozes, fence, operator_state, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                job.jobID, job.sourcePath, job.state.rawValue, job.stage?.rawValue, job.attemptID, job.reason, job.error,
                job.workflowID, job.policyPath, job.budgetFloor, job.createdAt, job.updatedAt, job.content,
                job.contentDigest, job.reportedDigest, job.priority, job.nextDecision, StoreJSON.text(job.operatorOverrides),
                job.notBefore, job.snoozes, job.fence, job.operatorState.text, job.expiresAt,
            ])
    }

    static func job(from row: Row) throws -> JobRecord {
        let id: String = row["job_id"]
        let overrides: [String: [String: JSONValue]]
        do {
            overrides = try StoreJSON.value([String: [String: JSONValue]].self, row["operator_overrides"]) ?? [:]
        } catch {
            throw StoreError.corruptRow(jobID: id, field: "operator_overrides", reason: "\(error)")
        }
        guard let state = JobState(rawValue: row["state"]) else {
            throw StoreError.corruptRow(jobID: id, field: "state", reason: "unknown state \(String(describing: row["state"] as String?))")
        }
        return JobRecord(
            jobID: id, sourcePath: row["source_path"], state: state,
            stage: (row["stage"] as String?).map(StageName.init(rawValue:)), attemptID: row["attempt_id"],
            reason: row["reason"], error: row["error"], workflowID: row["workflow_id"], policyPath: row["policy_path"],
            content: row["content"], contentDigest: row["content_digest"], reportedDigest: row["reported_digest"],
            priority: row["priority"], nextDecision: row["next_decision"], operatorOverrides: overrides,
            budgetFloor: row["budget_floor"], notBefore: row["not_before"], snoozes: row["snoozes"],
            operatorState: try OperatorState.from(row["operator_state"], jobID: id), fence: row["fence"],
            createdAt: row["created_at"], updatedAt: row["updated_at"])
    }

    static func save(_ attempt: AttemptRecord, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO attempts (job_id, attempt_id, number, stage, status, source_attempt_id, started_at,
                    ended_at, pid, process_group, host, engine, wall_seconds, peak_rss_bytes, decision_action,
                    decision_reason, escalation_reason, score, workflow_profile, pose_retry, gate_results, worker_id,
                    fence, lease_expires_at, advisor)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                attempt.jobID, attempt.attemptID, attempt.number, attempt.stage.rawValue, attempt.status.rawValue,
                attempt.sourceAttemptID, attempt.startedAt, attempt.endedAt, attempt.pid, attempt.processGroup,
                attempt.host, try attempt.engine.map { try StoreJSON.text($0) }, attempt.wallSeconds, attempt.peakRSSBytes,
                attempt.decisionAction?.rawValue, attempt.decisionReason, attempt.escalationReason?.rawValue,
                attempt.score, attempt.workflowProfile, attempt.poseRetry, try StoreJSON.text(attempt.gateResults),
                attempt.workerID, attempt.fence, attempt.leaseExpiresAt, try attempt.advisor.map { try StoreJSON.text($0) },
            ])
    }

    static func attempt(from row: Row) throws -> AttemptRecord {
        AttemptRecord(
            jobID: row["job_id"], attemptID: row["attempt_id"], number: row["number"],
            stage: StageName(rawValue: row["stage"]),
            status: AttemptRecord.Status(rawValue: row["status"]) ?? .interrupted,
            sourceAttemptID: row["source_attempt_id"], startedAt: row["started_at"], endedAt: row["ended_at"],
            pid: row["pid"], processGroup: row["process_group"], host: row["host"], workerID: row["worker_id"],
            fence: row["fence"], leaseExpiresAt: row["lease_expires_at"],
            engine: try StoreJSON.value(AttemptRecord.EngineOutcome.self, row["engine"]), wallSeconds: row["wall_seconds"],
            peakRSSBytes: row["peak_rss_bytes"],
            decisionAction: (row["decision_action"] as String?).flatMap(Action.init(rawValue:)),
            decisionReason: row["decision_reason"],
            escalationReason: (row["escalation_reason"] as String?).flatMap(EscalationReason.init(rawValue:)),
            score: row["score"], workflowProfile: row["workflow_profile"], poseRetry: row["pose_retry"],
            gateResults: try StoreJSON.value([String: GateStatus].self, row["gate_results"]) ?? [:],
            advisor: try StoreJSON.value(AdvisorUse.self, row["advisor"]))
    }

    static func append(_ event: EventRecord, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO events (job_id, ts, run_id, event, from_state, to_state, stage, attempt_id, details)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                event.jobID, event.ts, event.runID, event.event.rawValue, event.fromState?.rawValue, event.toState?.rawValue,
                event.stage?.rawValue, event.attemptID, StoreJSON.text(event.details),
            ])
    }

    static func event(from row: Row) throws -> EventRecord {
        guard let kind = EventKind(rawValue: row["event"]) else {
            throw StoreError.corruptRow(jobID: row["job_id"], field: "events.event", reason: "unknown event \(String(describing: row["event"] as String?))")
        }
        var event = EventRecord(
            jobID: row["job_id"], ts: row["ts"], runID: row["run_id"], event: kind,
            fromState: (row["from_state"] as String?).flatMap(JobState.init(rawValue:)),
            toState: (row["to_state"] as String?).flatMap(JobState.init(rawValue:)),
            stage: (row["stage"] as String?).map(StageName.init(rawValue:)), attemptID: row["attempt_id"],
            details: try StoreJSON.value([String: JSONValue].self, row["details"]) ?? [:])
        event.sequence = row["sequence"]
        return event
    }

    static func save(_ escalation: EscalationRecord, in db: Database) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO escalations (escalation_id, job_id, status, created_at, document) VALUES (?, ?, ?, ?, ?)",
            arguments: [
                escalation.escalationID, escalation.jobID, escalation.document.status.rawValue,
                escalation.document.escalationTS, try StoreJSON.text(escalation.document),
            ])
    }

}

extension SQLiteJobStore {
    static func fetchJob(_ jobID: String, in db: Database) throws -> JobRecord {
        guard let job = try db.cachedStatement(sql: "SELECT * FROM jobs WHERE job_id = ?").decodeFirst([jobID], job(from:)) else {
            throw StoreError.unknownJob(jobID)
        }
        return job
    }

    /// The compare-and-set every transition makes: the stored state must still be the one the transition left.
    static func expect(_ transition: JobTransition, jobID: String, in db: Database) throws {
        let stored = try fetchJob(jobID, in: db)
        guard stored.state == transition.from else {
            throw StoreError.conflict(jobID: jobID, expected: transition.from, found: stored.state)
        }
    }

    /// The fence check every write about a claimed attempt makes.
    static func fenced(_ lease: Lease, in db: Database) throws -> AttemptRecord {
        let fence = try Int64.fetchOne(db.cachedStatement(sql: "SELECT fence FROM jobs WHERE job_id = ?"), arguments: [lease.jobID])
        guard let fence else { throw StoreError.unknownJob(lease.jobID) }
        guard let attempt = try db.cachedStatement(sql: "SELECT * FROM attempts WHERE job_id = ? AND attempt_id = ?").decodeFirst([lease.jobID, lease.attemptID], attempt(from:)) else { throw StoreError.unknownAttempt(jobID: lease.jobID, attemptID: lease.attemptID) }
        guard fence == lease.token, attempt.fence == lease.token, attempt.status == .running else {
            throw StoreError.leaseLost(jobID: lease.jobID, attemptID: lease.attemptID)
        }
        return attempt
    }

    static func save(_ accepted: AcceptedOutput, in db: Database) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO accepted_outputs (job_id, stage, attempt_id, path) VALUES (?, ?, ?, ?)",
            arguments: [accepted.jobID, accepted.stage.rawValue, accepted.attemptID, accepted.path])
    }
}

extension Statement {
    /// Each row decoded while the cursor stands on it. A cursor row finds a column by name through a dictionary the
    /// cached statement keeps; a copied row (`Row.fetchAll`) lowercases every column name on every lookup, which cost
    /// more than the rest of reading a job.
    func decodeAll<T>(_ arguments: StatementArguments, _ decode: (Row) throws -> T) throws -> [T] {
        let cursor = try Row.fetchCursor(self, arguments: arguments)
        var decoded: [T] = []
        while let row = try cursor.next() { decoded.append(try decode(row)) }
        return decoded
    }

    func decodeFirst<T>(_ arguments: StatementArguments, _ decode: (Row) throws -> T) throws -> T? {
        let cursor = try Row.fetchCursor(self, arguments: arguments)
        // The cursor resets the statement when it goes: it must outlive the decoding of its row.
        return try withExtendedLifetime(cursor) { try cursor.next().map(decode) }
    }
}
