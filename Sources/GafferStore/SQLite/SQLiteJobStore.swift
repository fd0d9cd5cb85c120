import Foundation
import GRDB
import GafferContracts

/// The default store: one SQLite file in WAL mode (`<sandbox>/gaffer.sqlite`), nothing to start.
public final class SQLiteJobStore: JobStore {
    private let pool: DatabasePool

    /// Opens (creating and migrating if needed) the store at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        pool = try Self.exclusively(beside: path) {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try SQLiteSchema.migrator.migrate(pool)
            return pool
        }
    }

    /// Opening and migrating, one connection at a time across processes. Two processes opening a new store at once (a
    /// `run` starting while a `status` polls) would otherwise collide: switching a new file to WAL needs it alone
    /// ("database is locked", before any busy timeout applies), and GRDB checks which migrations are applied outside
    /// each migration's transaction, so both would run one ("duplicate column name"). A lock file beside the store
    /// (flock, held for the open only) serialises them.
    static func exclusively<T>(beside path: String, _ body: () throws -> T) throws -> T {
        let lockPath = path + "-open.lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw DatabaseError(resultCode: .SQLITE_CANTOPEN, message: "cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }  // releases the lock
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw DatabaseError(resultCode: .SQLITE_BUSY, message: "cannot lock \(lockPath): \(String(cString: strerror(errno)))")
            }
        }
        return try body()
    }

    public func insertJob(_ job: JobRecord, event: EventRecord) async throws -> Bool {
        try await pool.write { db in
            guard try Int.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM jobs WHERE job_id = ?"), arguments: [job.jobID]) == nil else {
                return false
            }
            try Self.save(job, in: db)
            try Self.append(event, in: db)
            return true
        }
    }

    public func job(_ jobID: String) async throws -> JobRecord? {
        try await pool.read { db in
            try db.cachedStatement(sql: "SELECT * FROM jobs WHERE job_id = ?").decodeFirst([jobID], Self.job(from:))
        }
    }

    public func jobs() async throws -> [JobRecord] {
        try await pool.read { db in try db.cachedStatement(sql: "SELECT * FROM jobs ORDER BY job_id").decodeAll([], Self.job(from:)) }
    }

    public func record(_ job: JobRecord, transition: JobTransition, event: EventRecord, escalation: EscalationRecord?) async throws {
        try await pool.write { db in
            try Self.expect(transition, jobID: job.jobID, in: db)
            if let escalation { try Self.save(escalation, in: db) }
            try Self.save(job, in: db)
            try Self.append(event, in: db)
        }
    }

    public func runnableJobs(now: String, limit: Int, excluding: Set<String>) async throws -> [JobRecord] {
        try await pool.read { db in
            var found: [JobRecord] = []
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT * FROM jobs WHERE state = 'VALIDATED' AND (not_before IS NULL OR not_before <= ?)
                ORDER BY priority DESC, created_at, job_id
                """), arguments: [now])
            while found.count < limit, let row = try rows.next() {
                let id: String = row["job_id"]
                if excluding.contains(id) { continue }
                found.append(try Self.job(from: row))
            }
            return found
        }
    }

    public func nextWakeUp() async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT MIN(not_before) FROM jobs WHERE state = 'VALIDATED' AND not_before IS NOT NULL"))
        }
    }

    public func claim(
        _ requests: [ClaimRequest], limit: Int, worker: WorkerIdentity, now: String, leaseSeconds: Double, runID: String
    ) async throws -> [Claim] {
        guard limit > 0, !requests.isEmpty else { return [] }
        return try await pool.write { db in
            var claims: [Claim] = []
            for request in requests where claims.count < limit {
                let job: JobRecord
                do { job = try Self.fetchJob(request.jobID, in: db) } catch StoreError.unknownJob { continue }
                guard StoreRules.isDue(job, now: now) else { continue }
                let last = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT number, attempt_id FROM attempts WHERE job_id = ? ORDER BY number DESC LIMIT 1"),
                    arguments: [request.jobID])
                let claimed = try StoreRules.claim(
                    job: job, stage: request.stage, number: ((last?["number"] as Int?) ?? 0) + 1, previousAttemptID: last?["attempt_id"],
                    worker: worker, now: now, leaseSeconds: leaseSeconds, runID: runID)
                try Self.save(claimed.attempt, in: db)
                try Self.save(claimed.job, in: db)
                try Self.append(claimed.event, in: db)
                claims.append(Claim(attempt: claimed.attempt, lease: claimed.lease, job: claimed.job))
            }
            return claims
        }
    }

    public func heartbeat(_ lease: Lease, now: String, leaseSeconds: Double) async throws -> Lease {
        try await pool.write { db in
            _ = try Self.fenced(lease, in: db)
            var renewed = lease
            renewed.expiresAt = Timestamp.adding(leaseSeconds, to: now)
            try db.execute(
                sql: "UPDATE attempts SET lease_expires_at = ? WHERE job_id = ? AND attempt_id = ?",
                arguments: [renewed.expiresAt, lease.jobID, lease.attemptID])
            return renewed
        }
    }

    public func recordProcess(_ lease: Lease, pid: Int32, processGroup: Int32) async throws {
        try await pool.write { db in
            _ = try Self.fenced(lease, in: db)
            try db.execute(
                sql: "UPDATE attempts SET pid = ?, process_group = ?, host = ? WHERE job_id = ? AND attempt_id = ?",
                arguments: [pid, processGroup, lease.host, lease.jobID, lease.attemptID])
        }
    }

    public func finishAttempt(
        _ attempt: AttemptRecord, lease: Lease, job: JobRecord, transition: JobTransition, event: EventRecord,
        escalation: EscalationRecord?, accepted: AcceptedOutput?
    ) async throws {
        try await pool.write { db in
            let running = try Self.fenced(lease, in: db)
            let stored = try Self.fetchJob(job.jobID, in: db)
            guard stored.state == transition.from else {
                throw StoreError.conflict(jobID: job.jobID, expected: transition.from, found: stored.state)
            }
            var ended = attempt
            ended.fence = running.fence
            ended.workerID = running.workerID
            ended.leaseExpiresAt = nil
            try Self.save(ended, in: db)
            if let escalation { try Self.save(escalation, in: db) }
            if let accepted { try Self.save(accepted, in: db) }
            let (settled, paused) = StoreRules.settle(finished: job, stored: stored, event: event)
            try Self.save(settled, in: db)
            try Self.append(event, in: db)
            if let paused { try Self.append(paused, in: db) }
        }
    }

    public func sweep(_ scope: SweepScope, runID: String, details: [String: JSONValue]) async throws -> [AttemptRecord] {
        try await pool.write { db in
            let running = try db.cachedStatement(sql: "SELECT * FROM attempts WHERE status = 'running' ORDER BY job_id, number").decodeAll([], Self.attempt(from:))
            var swept: [AttemptRecord] = []
            let at = scope.endedAt
            for attempt in running where scope.includes(attempt) {
                let job = try Self.fetchJob(attempt.jobID, in: db)
                let result = StoreRules.sweep(attempt: attempt, job: job, now: at, runID: runID, details: details)
                try Self.save(result.attempt, in: db)
                try Self.save(result.job, in: db)
                if let event = result.event { try Self.append(event, in: db) }
                swept.append(attempt)
            }
            return swept
        }
    }

    public func attempts(jobID: String) async throws -> [AttemptRecord] {
        try await pool.read { db in
            try db.cachedStatement(sql: "SELECT * FROM attempts WHERE job_id = ? ORDER BY number").decodeAll([jobID], Self.attempt(from:))
        }
    }

    public func allAttempts() async throws -> [AttemptRecord] {
        try await pool.read { db in
            try db.cachedStatement(sql: "SELECT * FROM attempts ORDER BY job_id, number").decodeAll([], Self.attempt(from:))
        }
    }

    public func jobSummaries() async throws -> [JobSummary] {
        try await pool.read { db in
            try db.cachedStatement(sql: "SELECT job_id, state, stage, attempt_id, reason, workflow_id, updated_at FROM jobs ORDER BY job_id")
                .decodeAll([]) { row in
                    let jobID: String = row[0]
                    let stateText: String = row[1]
                    guard let state = JobState(rawValue: stateText) else {
                        throw StoreError.corruptRow(jobID: jobID, field: "state", reason: "unknown state \(stateText)")
                    }
                    return JobSummary(
                        jobID: jobID, state: state, stage: (row[2] as String?).map(StageName.init(rawValue:)), attemptID: row[3], reason: row[4],
                        workflowID: row[5], updatedAt: row[6])
                }
        }
    }

    public func attemptSummaries() async throws -> [AttemptSummary] {
        try await pool.read { db in
            try db.cachedStatement(sql: """
                SELECT job_id, attempt_id, number, stage, status, decision_action, escalation_reason, score, wall_seconds
                FROM attempts ORDER BY job_id, number
                """
            ).decodeAll([]) { row in
                let jobID: String = row[0]
                let statusText: String = row[4]
                guard let status = AttemptRecord.Status(rawValue: statusText) else {
                    throw StoreError.corruptRow(jobID: jobID, field: "attempts.status", reason: "unknown status \(statusText)")
                }
                return AttemptSummary(
                    jobID: jobID, attemptID: row[1], number: row[2], stage: StageName(rawValue: row[3]), status: status,
                    decisionAction: (row[5] as String?).flatMap(Action.init(rawValue:)),
                    escalationReason: (row[6] as String?).flatMap(EscalationReason.init(rawValue:)), score: row[7], wallSeconds: row[8])
            }
        }
    }

    public func statistics() async throws -> StoreStatistics {
        try await pool.read { db in
            var statistics = StoreStatistics()
            for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT state, COUNT(*) FROM jobs GROUP BY state")) {
                if let state = JobState(rawValue: row[0]) { statistics.jobsByState[state] = row[1] }
            }
            statistics.attempts = try Row.fetchAll(db.cachedStatement(sql: "SELECT stage, status, decision_action, COUNT(*) FROM attempts GROUP BY stage, status, decision_action")
            ).compactMap { row in
                guard let status = AttemptRecord.Status(rawValue: row[1]) else { return nil }
                return .init(stage: row[0], status: status, action: (row[2] as String?).flatMap(Action.init(rawValue:)), count: row[3])
            }
            let durations = try Row.fetchCursor(db.cachedStatement(sql: "SELECT stage, wall_seconds FROM attempts WHERE wall_seconds IS NOT NULL"))
            while let row = try durations.next() {
                statistics.durations[row[0], default: []].append(row[1])
            }
            statistics.gates = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT gate.key, gate.value, COUNT(*) FROM attempts, json_each(attempts.gate_results) AS gate
                GROUP BY gate.key, gate.value
                """)).map { .init(gate: $0[0], status: $0[1], count: $0[2]) }
            if let kills = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT
                  SUM(CASE WHEN json_extract(engine, '$.timed_out') = 1 THEN 1 ELSE 0 END),
                  SUM(CASE WHEN json_extract(engine, '$.timed_out') = 1 THEN 0
                           WHEN json_extract(engine, '$.stalled') = 1 THEN 1 ELSE 0 END),
                  SUM(CASE WHEN json_extract(engine, '$.timed_out') = 1 OR json_extract(engine, '$.stalled') = 1 THEN 0
                           WHEN json_extract(engine, '$.signal') IS NOT NULL THEN 1 ELSE 0 END)
                FROM attempts WHERE engine IS NOT NULL
                """)) {
                statistics.timeouts = kills[0] ?? 0
                statistics.stalls = kills[1] ?? 0
                statistics.otherSignals = kills[2] ?? 0
            }
            statistics.advisorCalls = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT json_extract(advisor, '$.outcome'), COUNT(*), TOTAL(json_extract(advisor, '$.tokens_in')),
                       TOTAL(json_extract(advisor, '$.tokens_out'))
                FROM attempts WHERE advisor IS NOT NULL GROUP BY 1 ORDER BY 1
                """)).map { .init(outcome: $0[0], count: $0[1], tokensIn: Int($0[2] as Double), tokensOut: Int($0[3] as Double)) }
            statistics.advisorLatencies = try Double.fetchAll(db.cachedStatement(sql: """
                SELECT json_extract(advisor, '$.latency_seconds') FROM attempts
                WHERE advisor IS NOT NULL AND json_extract(advisor, '$.latency_seconds') IS NOT NULL
                """))
            if let open = try Row.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*), MIN(created_at) FROM escalations WHERE status = 'OPEN'")) {
                statistics.openEscalations = open[0]
                statistics.oldestOpenEscalationTS = open[1]
            }
            let kinds = StoreStatistics.operatorKinds.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT event, COUNT(*) FROM events WHERE event IN (\(kinds)) GROUP BY event")) {
                if let kind = EventKind(rawValue: row[0]) { statistics.operatorActions[kind] = row[1] }
            }
            return statistics
        }
    }

    public func runningAttempts() async throws -> [AttemptRecord] {
        try await pool.read { db in
            try db.cachedStatement(sql: "SELECT * FROM attempts WHERE status = 'running' ORDER BY job_id, number").decodeAll([], Self.attempt(from:))
        }
    }

    public func events(jobID: String) async throws -> [EventRecord] {
        try await pool.read { db in
            try db.cachedStatement(sql: "SELECT * FROM events WHERE job_id = ? ORDER BY sequence").decodeAll([jobID], Self.event(from:))
        }
    }

    public func acceptedOutputs(jobID: String) async throws -> [AcceptedOutput] {
        try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM accepted_outputs WHERE job_id = ? ORDER BY stage"), arguments: [jobID]).map {
                AcceptedOutput(jobID: $0["job_id"], stage: StageName(rawValue: $0["stage"]), attemptID: $0["attempt_id"], path: $0["path"])
            }
        }
    }

    public func escalation(_ escalationID: String) async throws -> EscalationRecord? {
        try await pool.read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT document FROM escalations WHERE escalation_id = ?"), arguments: [escalationID])
                .map(StoreJSON.escalation)
        }
    }

    public func escalations(openOnly: Bool) async throws -> [EscalationRecord] {
        try await pool.read { db in
            try String.fetchAll(
                db,
                sql: "SELECT document FROM escalations \(openOnly ? "WHERE status = 'OPEN'" : "") ORDER BY created_at, escalation_id"
            ).map(StoreJSON.escalation)
        }
    }

    public func escalations(jobID: String) async throws -> [EscalationRecord] {
        try await pool.read { db in
            try String.fetchAll(db.cachedStatement(sql: "SELECT document FROM escalations WHERE job_id = ? ORDER BY created_at, escalation_id"), arguments: [jobID]
            ).map(StoreJSON.escalation)
        }
    }

    public func resolveEscalation(
        _ escalation: EscalationRecord, job: JobRecord, transition: JobTransition, event: EventRecord,
        accepted: AcceptedOutput?
    ) async throws {
        try await pool.write { db in
            let status = try String.fetchOne(db.cachedStatement(sql: "SELECT status FROM escalations WHERE escalation_id = ?"), arguments: [escalation.escalationID])
            guard status == UserActionRequired.Status.open.rawValue else { throw StoreError.escalationNotOpen(escalation.escalationID) }
            try Self.expect(transition, jobID: job.jobID, in: db)
            try Self.save(escalation, in: db)
            if let accepted { try Self.save(accepted, in: db) }
            try Self.save(job, in: db)
            try Self.append(event, in: db)
        }
    }

    public func applyOperatorChange(_ change: OperatorChange) async throws {
        try await pool.write { db in
            let stored = try Self.fetchJob(change.job.jobID, in: db)
            guard stored.state == change.expectedState, stored.fence == change.expectedFence else {
                throw StoreError.conflict(jobID: stored.jobID, expected: change.expectedState, found: stored.state)
            }
            var job = change.job
            if let attemptID = change.interrupt {
                guard var attempt = try db.cachedStatement(sql: "SELECT * FROM attempts WHERE job_id = ? AND attempt_id = ?")
                    .decodeFirst([stored.jobID, attemptID], Self.attempt(from:)), attempt.status == .running
                else { throw StoreError.conflict(jobID: stored.jobID, expected: change.expectedState, found: stored.state) }
                attempt.status = .interrupted
                attempt.endedAt = change.events.first?.ts
                attempt.leaseExpiresAt = nil
                try Self.save(attempt, in: db)
                job.raiseFence(above: stored.fence)
            }
            for escalation in change.escalations { try Self.save(escalation, in: db) }
            for accepted in change.accepted { try Self.save(accepted, in: db) }
            try Self.save(job, in: db)
            for event in change.events { try Self.append(event, in: db) }
        }
    }

    public func events(after sequence: Int64, limit: Int) async throws -> [EventRecord] {
        try await pool.read { db in
            try db.cachedStatement(sql: "SELECT * FROM events WHERE sequence > ? ORDER BY sequence LIMIT ?").decodeAll([sequence, limit], Self.event(from:))
        }
    }

    public func latestEventSequence() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(sequence), 0) FROM events") ?? 0 }
    }

    public func notificationCursor(_ hook: String) async throws -> NotificationCursor? {
        try await pool.read { db in try Self.cursor(hook, in: db) }
    }

    public func claimNotificationHook(_ hook: String, owner: String, now: String, leaseSeconds: Double) async throws -> NotificationCursor? {
        try await pool.write { db in
            let latest = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(sequence), 0) FROM events") ?? 0
            guard let claimed = StoreRules.claim(
                hook: hook, stored: try Self.cursor(hook, in: db), owner: owner, now: now, leaseSeconds: leaseSeconds, latestSequence: latest)
            else { return nil }
            try Self.save(claimed, in: db)
            return claimed
        }
    }

    public func saveNotificationCursor(_ cursor: NotificationCursor) async throws -> Bool {
        try await pool.write { db in
            guard try Self.cursor(cursor.hook, in: db)?.owner == cursor.owner else { return false }
            try Self.save(cursor, in: db)
            return true
        }
    }

    static func cursor(_ hook: String, in db: Database) throws -> NotificationCursor? {
        try Row.fetchOne(db, sql: "SELECT * FROM notification_cursors WHERE hook = ?", arguments: [hook]).map {
            NotificationCursor(
                hook: $0["hook"], sequence: $0["sequence"], failures: $0["failures"], nextAttemptAt: $0["next_attempt_at"],
                lastError: $0["last_error"], updatedAt: $0["updated_at"], owner: $0["owner"], ownerUntil: $0["owner_until"])
        }
    }

    static func save(_ cursor: NotificationCursor, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO notification_cursors (hook, sequence, failures, next_attempt_at, last_error, updated_at, owner, owner_until)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                cursor.hook, cursor.sequence, cursor.failures, cursor.nextAttemptAt, cursor.lastError, cursor.updatedAt, cursor.owner,
                cursor.ownerUntil,
            ])
    }

    public func lapsedWaits(now: String) async throws -> [JobRecord] {
        try await pool.read { db in
            try db.cachedStatement(sql: """
                SELECT * FROM jobs WHERE expires_at IS NOT NULL AND expires_at <= ? AND state IN ('ESCALATED', 'AWAITING_APPROVAL')
                ORDER BY expires_at, job_id
                """).decodeAll([now], Self.job(from:))
        }
    }

    public func viewData(jobID: String) async throws -> JobViewData? {
        try await pool.read { db in
            guard let job = try db.cachedStatement(sql: "SELECT * FROM jobs WHERE job_id = ?").decodeFirst([jobID], Self.job(from:)) else {
                return nil
            }
            return JobViewData(
                job: job,
                attempts: try db.cachedStatement(sql: "SELECT * FROM attempts WHERE job_id = ? ORDER BY number").decodeAll([jobID], Self.attempt(from:)),
                events: try db.cachedStatement(sql: "SELECT * FROM events WHERE job_id = ? ORDER BY sequence").decodeAll([jobID], Self.event(from:)),
                escalations: try String.fetchAll(db.cachedStatement(sql: "SELECT document FROM escalations WHERE job_id = ? ORDER BY created_at, escalation_id"), arguments: [jobID]
                ).map(StoreJSON.escalation))
        }
    }

    public func migrations() async throws -> [String] {
        try await pool.read { db in try SQLiteSchema.migrator.appliedMigrations(db) }
    }

    public func recordWorker(_ worker: WorkerRecord) async throws {
        let labels = StoreJSON.labels(worker.labels)
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO workers (worker_id, host, labels, concurrency, started_at, seen_at, live_until, stopped_at, advisor_circuit_open_until)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [worker.workerID, worker.host, labels, worker.concurrency, worker.startedAt, worker.seenAt, worker.liveUntil, worker.stoppedAt, worker.advisorCircuitOpenUntil])
        }
    }

    public func workers() async throws -> [WorkerRecord] {
        try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM workers ORDER BY worker_id")).map { row in
                let id: String = row["worker_id"]
                return WorkerRecord(
                    workerID: id, host: row["host"], labels: try StoreJSON.labels(row["labels"], workerID: id),
                    concurrency: row["concurrency"], startedAt: row["started_at"], seenAt: row["seen_at"], liveUntil: row["live_until"],
                    stoppedAt: row["stopped_at"], advisorCircuitOpenUntil: row["advisor_circuit_open_until"])
            }
        }
    }

    public func handoffs() async throws -> [HandoffRegistry.Entry] {
        try await pool.read { db in
            try String.fetchAll(db.cachedStatement(sql: "SELECT entry FROM handoffs ORDER BY recorded_at, job_id, platform")).map {
                try StoreJSON.handoff($0)
            }
        }
    }

    public func recordHandoff(_ entry: HandoffRegistry.Entry, job: JobRecord, transition: JobTransition, event: EventRecord) async throws {
        try await pool.write { db in
            try Self.expect(transition, jobID: job.jobID, in: db)
            let order = try Int.fetchOne(db.cachedStatement(sql: "SELECT recorded_at FROM handoffs WHERE job_id = ? AND platform = ?"), arguments: [entry.jobID, entry.platform])
                ?? ((try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(recorded_at) FROM handoffs")) ?? 0) + 1)
            try db.execute(
                sql: "INSERT OR REPLACE INTO handoffs (job_id, platform, entry, recorded_at) VALUES (?, ?, ?, ?)",
                arguments: [entry.jobID, entry.platform, try StoreJSON.text(entry), order])
            try Self.save(job, in: db)
            try Self.append(event, in: db)
        }
    }
}

