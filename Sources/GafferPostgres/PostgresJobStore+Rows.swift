import Foundation
import GafferContracts
import GafferStore
import Logging
import PostgresNIO

/// Mapping between records and rows: the same columns as the SQLite store, nested values as JSON text.
extension PostgresJobStore {
    /// The columns `job(from:)` decodes, in its order (named, so a migration's new column cannot shift them).
    static let jobColumns = """
        job_id, source_path, state, stage, attempt_id, reason, error, workflow_id, policy_path, content, content_digest, \
        reported_digest, priority, next_decision, operator_overrides, budget_floor, not_before, snoozes, fence, created_at, updated_at, \
        operator_state
        """

    /// A job row of `SELECT <jobColumns>`, decoded by position (by name costs a search of the columns per cell).
    static func job(from row: PostgresRow) throws -> JobRecord {
        var cells = CellReader(row)
        let id: String = try cells.next(), sourcePath: String = try cells.next(), stateText: String = try cells.next()
        let stage: String? = try cells.next(), attemptID: String? = try cells.next(), reason: String? = try cells.next()
        let error: String? = try cells.next(), workflowID: String? = try cells.next(), policyPath: String? = try cells.next()
        let content: String? = try cells.next(), contentDigest: String? = try cells.next()
        let reportedDigest: String? = try cells.next(), priority: Int = try cells.next(), nextDecision: String? = try cells.next()
        let overridesText: String = try cells.next(), budgetFloor: Int = try cells.next(), notBefore: String? = try cells.next()
        let snoozes: Int = try cells.next(), fence: Int64 = try cells.next()
        let createdAt: String = try cells.next(), updatedAt: String = try cells.next(), operatorText: String = try cells.next()
        let overrides: [String: [String: JSONValue]]
        do {
            overrides = try StoreJSON.value([String: [String: JSONValue]].self, overridesText) ?? [:]
        } catch {
            throw StoreError.corruptRow(jobID: id, field: "operator_overrides", reason: "\(error)")
        }
        guard let state = JobState(rawValue: stateText) else {
            throw StoreError.corruptRow(jobID: id, field: "state", reason: "unknown state \(stateText)")
        }
        return JobRecord(
            jobID: id, sourcePath: sourcePath, state: state, stage: stage.map(StageName.init(rawValue:)), attemptID: attemptID,
            reason: reason, error: error, workflowID: workflowID, policyPath: policyPath, content: content,
            contentDigest: contentDigest, reportedDigest: reportedDigest, priority: priority, nextDecision: nextDecision,
            operatorOverrides: overrides, budgetFloor: budgetFloor, notBefore: notBefore, snoozes: snoozes,
            operatorState: try OperatorState.from(operatorText, jobID: id), fence: fence, createdAt: createdAt, updatedAt: updatedAt)
    }

    static func save(_ job: JobRecord, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO jobs (job_id, source_path, state, stage, attempt_id, reason, error, workflow_id, policy_path,
                budget_floor, created_at, updated_at, content, content_digest, reported_digest, priority, next_decision,
                operator_overrides, not_before, snoozes, fence, operator_state, expires_at)
            VALUES (\(job.jobID), \(job.sourcePath), \(job.state.rawValue), \(job.stage?.rawValue), \(job.attemptID),
                \(job.reason), \(job.error), \(job.workflowID), \(job.policyPath), \(job.budgetFloor), \(job.createdAt),
                \(job.updatedAt), \(job.content), \(job.contentDigest), \(job.reportedDigest), \(job.priority),
                \(job.nextDecision), \(StoreJSON.text(job.operatorOverrides)), \(job.notBefore), \(job.snoozes), \(job.fence),
                \(job.operatorState.text), \(job.expiresAt))
            ON CONFLICT (job_id) DO UPDATE SET source_path = EXCLUDED.source_path, state = EXCLUDED.state,
                stage = EXCLUDED.stage, attempt_id = EXCLUDED.attempt_id, reason = EXCLUDED.reason, error = EXCLUDED.error,
                workflow_id = EXCLUDED.workflow_id, policy_path = EXCLUDED.policy_path, budget_floor = EXCLUDED.budget_floor,
                created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, content = EXCLUDED.content,
                content_digest = EXCLUDED.content_digest, reported_digest = EXCLUDED.reported_digest,
                priority = EXCLUDED.priority, next_decision = EXCLUDED.next_decision,
                operator_overrides = EXCLUDED.operator_overrides, not_before = EXCLUDED.not_before,
                snoozes = EXCLUDED.snoozes, fence = EXCLUDED.fence, operator_state = EXCLUDED.operator_state,
                expires_at = EXCLUDED.expires_at
            """, logger: logger)
    }

    /// The columns `attempt(from:)` decodes, in its order.
    static let attemptColumns = """
        job_id, attempt_id, number, stage, status, source_attempt_id, started_at, ended_at, pid, process_group, host, \
        worker_id, fence, lease_expires_at, engine, wall_seconds, peak_rss_bytes, decision_action, decision_reason, \
        escalation_reason, score, workflow_profile, pose_retry, gate_results, advisor
        """

    /// An attempt row of `SELECT <attemptColumns>`, decoded by position.
    static func attempt(from row: PostgresRow) throws -> AttemptRecord {
        var cells = CellReader(row)
        let jobID: String = try cells.next(), attemptID: String = try cells.next(), number: Int = try cells.next()
        let stage: String = try cells.next(), statusText: String = try cells.next(), sourceAttemptID: String? = try cells.next()
        let startedAt: String = try cells.next(), endedAt: String? = try cells.next()
        let pid: Int64? = try cells.next(), processGroup: Int64? = try cells.next(), host: String? = try cells.next()
        let workerID: String? = try cells.next(), fence: Int64 = try cells.next(), leaseExpiresAt: String? = try cells.next()
        let engine: String? = try cells.next(), wallSeconds: Double? = try cells.next(), peakRSSBytes: Int64? = try cells.next()
        let decisionAction: String? = try cells.next(), decisionReason: String? = try cells.next()
        let escalationReason: String? = try cells.next(), score: Double? = try cells.next()
        let workflowProfile: String? = try cells.next(), poseRetry: Bool = try cells.next(), gateResults: String = try cells.next()
        let advisor: String? = try cells.next()
        guard let status = AttemptRecord.Status(rawValue: statusText) else {
            throw StoreError.corruptRow(jobID: jobID, field: "attempts.status", reason: "unknown status \(statusText)")
        }
        return AttemptRecord(
            jobID: jobID, attemptID: attemptID, number: number, stage: StageName(rawValue: stage), status: status,
            sourceAttemptID: sourceAttemptID, startedAt: startedAt, endedAt: endedAt,
            pid: pid.map { Int32(truncatingIfNeeded: $0) }, processGroup: processGroup.map { Int32(truncatingIfNeeded: $0) },
            host: host, workerID: workerID, fence: fence, leaseExpiresAt: leaseExpiresAt,
            engine: try corrupt(jobID, "attempts.engine") { try StoreJSON.value(AttemptRecord.EngineOutcome.self, engine) },
            wallSeconds: wallSeconds,
            peakRSSBytes: peakRSSBytes, decisionAction: decisionAction.flatMap(Action.init(rawValue:)),
            decisionReason: decisionReason, escalationReason: escalationReason.flatMap(EscalationReason.init(rawValue:)),
            score: score, workflowProfile: workflowProfile, poseRetry: poseRetry,
            gateResults: try corrupt(jobID, "attempts.gate_results") { try StoreJSON.value([String: GateStatus].self, gateResults) ?? [:] },
            advisor: try corrupt(jobID, "attempts.advisor") { try StoreJSON.value(AdvisorUse.self, advisor) })
    }

    /// A stored value that does not read back is the row's corruption, named by job and field (not the store's
    /// unavailability): the operator fixes or clears that field.
    static func corrupt<T>(_ jobID: String, _ field: String, _ read: () throws -> T) throws -> T {
        do { return try read() } catch { throw StoreError.corruptRow(jobID: jobID, field: field, reason: "\(error)") }
    }

    static func save(_ attempt: AttemptRecord, on connection: PostgresConnection, logger: Logger) async throws {
        let engine = try attempt.engine.map { try StoreJSON.text($0) }
        let gates = try StoreJSON.text(attempt.gateResults)
        let advisor = try attempt.advisor.map { try StoreJSON.text($0) }
        try await connection.query(
            """
            INSERT INTO attempts (job_id, attempt_id, number, stage, status, source_attempt_id, started_at, ended_at, pid,
                process_group, host, engine, wall_seconds, peak_rss_bytes, decision_action, decision_reason,
                escalation_reason, score, workflow_profile, pose_retry, gate_results, worker_id, fence, lease_expires_at, advisor)
            VALUES (\(attempt.jobID), \(attempt.attemptID), \(attempt.number), \(attempt.stage.rawValue),
                \(attempt.status.rawValue), \(attempt.sourceAttemptID), \(attempt.startedAt), \(attempt.endedAt),
                \(attempt.pid.map(Int64.init)), \(attempt.processGroup.map(Int64.init)), \(attempt.host), \(engine),
                \(attempt.wallSeconds), \(attempt.peakRSSBytes), \(attempt.decisionAction?.rawValue),
                \(attempt.decisionReason), \(attempt.escalationReason?.rawValue), \(attempt.score),
                \(attempt.workflowProfile), \(attempt.poseRetry), \(gates), \(attempt.workerID), \(attempt.fence),
                \(attempt.leaseExpiresAt), \(advisor))
            ON CONFLICT (job_id, attempt_id) DO UPDATE SET number = EXCLUDED.number, stage = EXCLUDED.stage,
                status = EXCLUDED.status, source_attempt_id = EXCLUDED.source_attempt_id, started_at = EXCLUDED.started_at,
                ended_at = EXCLUDED.ended_at, pid = EXCLUDED.pid, process_group = EXCLUDED.process_group,
                host = EXCLUDED.host, engine = EXCLUDED.engine, wall_seconds = EXCLUDED.wall_seconds,
                peak_rss_bytes = EXCLUDED.peak_rss_bytes, decision_action = EXCLUDED.decision_action,
                decision_reason = EXCLUDED.decision_reason, escalation_reason = EXCLUDED.escalation_reason,
                score = EXCLUDED.score, workflow_profile = EXCLUDED.workflow_profile, pose_retry = EXCLUDED.pose_retry,
                gate_results = EXCLUDED.gate_results, worker_id = EXCLUDED.worker_id, fence = EXCLUDED.fence,
                lease_expires_at = EXCLUDED.lease_expires_at, advisor = EXCLUDED.advisor
            """, logger: logger)
    }

    static func event(from row: PostgresRow) throws -> EventRecord {
        let cells = row.makeRandomAccess()
        let jobID = try cells["job_id"].decode(String.self)
        let kindText = try cells["event"].decode(String.self)
        guard let kind = EventKind(rawValue: kindText) else {
            throw StoreError.corruptRow(jobID: jobID, field: "events.event", reason: "unknown event \(kindText)")
        }
        var event = EventRecord(
            jobID: jobID, ts: try cells["ts"].decode(String.self), runID: try cells["run_id"].decode(String.self), event: kind,
            fromState: try cells["from_state"].decode(String?.self).flatMap(JobState.init(rawValue:)),
            toState: try cells["to_state"].decode(String?.self).flatMap(JobState.init(rawValue:)),
            stage: try cells["stage"].decode(String?.self).map(StageName.init(rawValue:)),
            attemptID: try cells["attempt_id"].decode(String?.self),
            details: try StoreJSON.value([String: JSONValue].self, cells["details"].decode(String.self)) ?? [:])
        event.sequence = try cells["sequence"].decode(Int64.self)
        return event
    }

    static func append(_ event: EventRecord, on connection: PostgresConnection, logger: Logger) async throws {
        // The lock is taken in the same statement, before the row (and its sequence) exists, and held to the end of
        // the transaction: sequences are then taken and committed in one order (the outbox is read by sequence).
        // Taken last in every transaction, after its row locks, so it adds no lock cycle.
        try await connection.query(
            """
            INSERT INTO events (job_id, ts, run_id, event, from_state, to_state, stage, attempt_id, details)
            SELECT \(event.jobID), \(event.ts), \(event.runID), \(event.event.rawValue), \(event.fromState?.rawValue),
                \(event.toState?.rawValue), \(event.stage?.rawValue), \(event.attemptID), \(StoreJSON.text(event.details))
            FROM (SELECT pg_advisory_xact_lock(\(PostgresSchema.eventOrderLock))) AS ordered
            """, logger: logger)
    }

    static func save(_ escalation: EscalationRecord, on connection: PostgresConnection, logger: Logger) async throws {
        let document = try StoreJSON.text(escalation.document)
        try await connection.query(
            """
            INSERT INTO escalations (escalation_id, job_id, status, created_at, document)
            VALUES (\(escalation.escalationID), \(escalation.jobID), \(escalation.document.status.rawValue),
                \(escalation.document.escalationTS), \(document))
            ON CONFLICT (escalation_id) DO UPDATE SET job_id = EXCLUDED.job_id, status = EXCLUDED.status,
                created_at = EXCLUDED.created_at, document = EXCLUDED.document
            """, logger: logger)
    }

    static func save(_ accepted: AcceptedOutput, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO accepted_outputs (job_id, stage, attempt_id, path)
            VALUES (\(accepted.jobID), \(accepted.stage.rawValue), \(accepted.attemptID), \(accepted.path))
            ON CONFLICT (job_id, stage) DO UPDATE SET attempt_id = EXCLUDED.attempt_id, path = EXCLUDED.path
            """, logger: logger)
    }

    /// The job row, locked until the transaction ends: every write about a job takes this lock first, so two
    /// workers' writes about one job are applied one after the other.
    static func lockedJob(_ jobID: String, on connection: PostgresConnection, logger: Logger) async throws -> JobRecord {
        let rows = try await connection.query("SELECT \(unescaped: Self.jobColumns) FROM jobs WHERE job_id = \(jobID) FOR UPDATE", logger: logger)
        for try await row in rows { return try job(from: row) }
        throw StoreError.unknownJob(jobID)
    }

    /// The compare-and-set every transition makes: the stored state must still be the one the transition left.
    static func expect(_ transition: JobTransition, jobID: String, on connection: PostgresConnection, logger: Logger) async throws {
        let stored = try await lockedJob(jobID, on: connection, logger: logger)
        guard stored.state == transition.from else {
            throw StoreError.conflict(jobID: jobID, expected: transition.from, found: stored.state)
        }
    }

    /// The fence check every write about a claimed attempt makes (the job row locked first).
    static func fenced(_ lease: Lease, on connection: PostgresConnection, logger: Logger) async throws -> AttemptRecord {
        let job = try await lockedJob(lease.jobID, on: connection, logger: logger)
        var found: AttemptRecord?
        for try await row in try await connection.query(
            "SELECT \(unescaped: Self.attemptColumns) FROM attempts WHERE job_id = \(lease.jobID) AND attempt_id = \(lease.attemptID)", logger: logger)
        {
            found = try attempt(from: row)
        }
        guard let attempt = found else { throw StoreError.unknownAttempt(jobID: lease.jobID, attemptID: lease.attemptID) }
        guard job.fence == lease.token, attempt.fence == lease.token, attempt.status == .running else {
            throw StoreError.leaseLost(jobID: lease.jobID, attemptID: lease.attemptID)
        }
        return attempt
    }
}
