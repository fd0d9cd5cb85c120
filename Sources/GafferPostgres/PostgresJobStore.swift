import Foundation
import GafferContracts
import GafferStore
import Logging
import PostgresNIO

/// The store seam on PostgreSQL (SPEC §9): the record a fleet of workers shares. The same semantics as the SQLite
/// store — every write about a job locks its row first (`FOR UPDATE`), transitions are compare-and-set on the stored
/// state, every write about an attempt carries its lease's fencing token — so the conformance suite holds both.
public final class PostgresJobStore: JobStore, StoreChangeFeed {
    let client: PostgresClient
    let logger: Logger
    public let location: PostgresLocation
    /// The longest any one call may take on this side: the server's statement timeout and a margin. Past it the
    /// call is `unavailable` — a connection the server closed mid-transaction was seen to leave the driver
    /// waiting forever, and a hung call must never hang an attempt or a worker.
    let callTimeout: Duration
    private let running: Task<Void, Never>

    private init(client: PostgresClient, location: PostgresLocation, callTimeout: Duration, logger: Logger) {
        self.client = client
        self.location = location
        self.callTimeout = callTimeout
        self.logger = logger
        running = Task { await client.run() }
    }

    deinit { running.cancel() }

    /// Connects (a pool of `maximumConnections`), waits up to `timeout` for the server, and applies the
    /// migrations the database lacks.
    public static func connect(
        _ location: PostgresLocation, maximumConnections: Int = 8, timeout: Duration = .seconds(15),
        statementTimeout: Duration = .seconds(30), logger: Logger = Logger(label: "gaffer.postgres")
    ) async throws -> PostgresJobStore {
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: location.tls == .require ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.additionalStartupParameters = [
            ("application_name", "gaffer"),
            ("statement_timeout", "\(statementTimeout.components.seconds * 1000)"),
            // Gaffer's transactions last milliseconds. A worker stopped inside one (SIGSTOP, a hung host) would
            // hold its job's row lock and stall every other worker's sweep: the server ends such a session.
            ("idle_in_transaction_session_timeout", "5000"),
        ]
        let store = PostgresJobStore(
            client: PostgresClient(configuration: configuration), location: location, callTimeout: statementTimeout + .seconds(10),
            logger: logger)
        do {
            let applied = try await firstWithin(timeout, what: "connecting to \(location) (is the server running and reachable?)") {
                try await PostgresSchema.migrate(store.client, logger: logger)
            }
            if !applied.isEmpty { logger.notice("applied store migrations", metadata: ["versions": "\(applied)", "store": "\(location)"]) }
        } catch {
            store.running.cancel()
            throw Self.storeError(error, doing: "opening \(location)")
        }
        return store
    }

    /// Closes the pool (queries after this fail).
    public func close() { running.cancel() }

    // MARK: - Running statements

    /// One transaction; a `StoreError` thrown inside comes out as it is, anything else as `.unavailable`.
    func transaction<T: Sendable>(
        _ doing: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let (client, logger) = (self.client, self.logger)
        do {
            return try await firstWithin(callTimeout, what: doing) {
                try await client.withTransaction(logger: logger) { connection in try await body(connection) }
            }
        } catch {
            throw Self.storeError(error, doing: doing)
        }
    }

    /// Rows of one statement outside a transaction, decoded.
    func rows<T: Sendable>(
        _ query: PostgresQuery, _ doing: String, _ decode: @escaping @Sendable (PostgresRow) throws -> T
    ) async throws -> [T] {
        let (client, logger) = (self.client, self.logger)
        do {
            return try await firstWithin(callTimeout, what: doing) {
                var decoded: [T] = []
                for try await row in try await client.query(query, logger: logger) { decoded.append(try decode(row)) }
                return decoded
            }
        } catch {
            throw Self.storeError(error, doing: doing)
        }
    }

    static func storeError(_ error: any Error, doing: String) -> any Error {
        if let error = error as? PostgresTransactionError {
            if let inner = error.closureError { return storeError(inner, doing: doing) }
            return StoreError.unavailable("\(doing): \(describe(error.beginError ?? error.commitError ?? error.rollbackError ?? error))")
        }
        if error is StoreError || error is CancellationError { return error }
        if error is DecodingError || error is PostgresDecodingError {
            return StoreError.unavailable("\(doing): a row cannot be read: \(String(reflecting: error))")
        }
        return StoreError.unavailable("\(doing): \(describe(error))")
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return "\(message) (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))"
            }
            return "\(error.code)\(error.underlying.map { ": \($0)" } ?? "")"
        }
        return String(describing: error)
    }

    // MARK: - Change notices (LISTEN/NOTIFY)

    static let channel = "gaffer_queue"

    /// Notices on one connection held for the purpose; when it drops, listening resumes after a back-off
    /// (0.1 s doubling to 5 s), with one notice on resuming since changes may have been missed meanwhile.
    public func changes() -> AsyncStream<Void> {
        let (client, logger, location) = (self.client, self.logger, self.location)
        return AsyncStream { continuation in
            let task = Task {
                var pause = Duration.milliseconds(100)
                var first = true
                while !Task.isCancelled {
                    do {
                        try await client.withConnection { connection in
                            try await connection.listen(on: Self.channel) { notices in
                                if !first { continuation.yield() }
                                first = false
                                pause = .milliseconds(100)
                                for try await _ in notices { continuation.yield() }
                            }
                        }
                    } catch {
                        if Task.isCancelled { break }
                        logger.warning("listening for queue changes failed; retrying", metadata: [
                            "store": "\(location)", "error": "\(Self.describe(error))", "retry_in_ms": "\(pause.components.seconds * 1000 + pause.components.attoseconds / 1_000_000_000_000_000)",
                        ])
                    }
                    if Task.isCancelled { break }
                    try? await Task.sleep(for: pause)
                    pause = min(pause * 2, .seconds(5))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Queued inside the transaction: PostgreSQL delivers it at commit, and not at all on rollback.
    static func notifyChange(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_notify(\(channel), '')", logger: logger)
    }

    // MARK: - JobStore

    public func insertJob(_ job: JobRecord, event: EventRecord) async throws -> Bool {
        let logger = self.logger
        return try await transaction("admitting \(job.jobID)") { connection in
            var inserted = false
            for try await _ in try await connection.query(
                "INSERT INTO jobs (job_id, source_path, state, created_at, updated_at) VALUES (\(job.jobID), \(job.sourcePath), \(job.state.rawValue), \(job.createdAt), \(job.updatedAt)) ON CONFLICT (job_id) DO NOTHING RETURNING job_id",
                logger: logger)
            {
                inserted = true
            }
            guard inserted else { return false }
            try await Self.save(job, on: connection, logger: logger)
            try await Self.append(event, on: connection, logger: logger)
            try await Self.notifyChange(on: connection, logger: logger)
            return true
        }
    }

    public func job(_ jobID: String) async throws -> JobRecord? {
        try await rows("SELECT \(unescaped: Self.jobColumns) FROM jobs WHERE job_id = \(jobID)", "reading job \(jobID)", Self.job(from:)).first
    }

    public func jobs() async throws -> [JobRecord] {
        try await rows("SELECT \(unescaped: Self.jobColumns) FROM jobs ORDER BY job_id", "listing jobs", Self.job(from:))
    }

    public func record(_ job: JobRecord, transition: JobTransition, event: EventRecord, escalation: EscalationRecord?) async throws {
        let logger = self.logger
        try await transaction("recording \(event.event.rawValue) of \(job.jobID)") { connection in
            try await Self.expect(transition, jobID: job.jobID, on: connection, logger: logger)
            if let escalation { try await Self.save(escalation, on: connection, logger: logger) }
            try await Self.save(job, on: connection, logger: logger)
            try await Self.append(event, on: connection, logger: logger)
            if transition.to == .validated { try await Self.notifyChange(on: connection, logger: logger) }
        }
    }

    public func runnableJobs(now: String, limit: Int, excluding: Set<String>) async throws -> [JobRecord] {
        let excluded = Array(excluding)
        return try await rows(
            """
            SELECT \(unescaped: Self.jobColumns) FROM jobs WHERE state = 'VALIDATED' AND (not_before IS NULL OR not_before <= \(now))
                AND NOT (job_id = ANY(\(excluded)))
            ORDER BY priority DESC, created_at, job_id LIMIT \(limit)
            """, "listing runnable jobs", Self.job(from:))
    }

    public func applyOperatorChange(_ change: OperatorChange) async throws {
        let logger = self.logger
        try await transaction("recording an operator's verb on \(change.job.jobID)") { connection in
            let stored = try await Self.lockedJob(change.job.jobID, on: connection, logger: logger)
            guard stored.state == change.expectedState, stored.fence == change.expectedFence else {
                throw StoreError.conflict(jobID: stored.jobID, expected: change.expectedState, found: stored.state)
            }
            var job = change.job
            if let attemptID = change.interrupt {
                var found: AttemptRecord?
                for try await row in try await connection.query(
                    "SELECT \(unescaped: Self.attemptColumns) FROM attempts WHERE job_id = \(stored.jobID) AND attempt_id = \(attemptID)",
                    logger: logger)
                {
                    found = try Self.attempt(from: row)
                }
                guard var attempt = found, attempt.status == .running else {
                    throw StoreError.conflict(jobID: stored.jobID, expected: change.expectedState, found: stored.state)
                }
                attempt.status = .interrupted
                attempt.endedAt = change.events.first?.ts
                attempt.leaseExpiresAt = nil
                try await Self.save(attempt, on: connection, logger: logger)
                job.raiseFence(above: stored.fence)
            }
            for escalation in change.escalations { try await Self.save(escalation, on: connection, logger: logger) }
            for accepted in change.accepted { try await Self.save(accepted, on: connection, logger: logger) }
            try await Self.save(job, on: connection, logger: logger)
            for event in change.events { try await Self.append(event, on: connection, logger: logger) }
            try await Self.notifyChange(on: connection, logger: logger)
        }
    }

    public func events(after sequence: Int64, limit: Int) async throws -> [EventRecord] {
        try await rows("SELECT * FROM events WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(limit)", "reading the outbox", Self.event(from:))
    }

    public func latestEventSequence() async throws -> Int64 {
        try await rows("SELECT COALESCE(MAX(sequence), 0)::BIGINT FROM events", "reading the latest event") { try $0.decode(Int64.self) }.first ?? 0
    }

    public func notificationCursor(_ hook: String) async throws -> NotificationCursor? {
        try await rows(
            "SELECT \(unescaped: Self.cursorColumns) FROM notification_cursors WHERE hook = \(hook)", "reading the cursor of \(hook)", Self.cursor(from:)
        ).first
    }

    public func claimNotificationHook(_ hook: String, owner: String, now: String, leaseSeconds: Double) async throws -> NotificationCursor? {
        let logger = self.logger
        return try await transaction("claiming hook \(hook)") { connection in
            // The same lock as event inserts: the latest sequence read here has every lower one committed.
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.eventOrderLock))", logger: logger)
            var stored: NotificationCursor?
            for try await row in try await connection.query(
                "SELECT \(unescaped: Self.cursorColumns) FROM notification_cursors WHERE hook = \(hook) FOR UPDATE", logger: logger)
            {
                stored = try Self.cursor(from: row)
            }
            var latest: Int64 = 0
            for try await value in try await connection.query("SELECT COALESCE(MAX(sequence), 0)::BIGINT FROM events", logger: logger).decode(Int64.self) {
                latest = value
            }
            guard let claimed = StoreRules.claim(hook: hook, stored: stored, owner: owner, now: now, leaseSeconds: leaseSeconds, latestSequence: latest)
            else { return nil }
            try await Self.save(claimed, on: connection, logger: logger)
            return claimed
        }
    }

    public func saveNotificationCursor(_ cursor: NotificationCursor) async throws -> Bool {
        let logger = self.logger
        return try await transaction("saving the cursor of \(cursor.hook)") { connection in
            var holder: String??
            for try await row in try await connection.query(
                "SELECT owner FROM notification_cursors WHERE hook = \(cursor.hook) FOR UPDATE", logger: logger
            ).decode(String?.self) {
                holder = .some(row)
            }
            guard case .some(let owner) = holder, owner == cursor.owner else { return false }
            try await Self.save(cursor, on: connection, logger: logger)
            return true
        }
    }

    static let cursorColumns = "hook, sequence, failures, next_attempt_at, last_error, updated_at, owner, owner_until"

    static func cursor(from row: PostgresRow) throws -> NotificationCursor {
        let (hook, sequence, failures, next, error, updated, owner, until) = try row.decode(
            (String, Int64, Int, String?, String?, String, String?, String?).self)
        return NotificationCursor(
            hook: hook, sequence: sequence, failures: failures, nextAttemptAt: next, lastError: error, updatedAt: updated, owner: owner,
            ownerUntil: until)
    }

    static func save(_ cursor: NotificationCursor, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO notification_cursors (hook, sequence, failures, next_attempt_at, last_error, updated_at, owner, owner_until)
            VALUES (\(cursor.hook), \(cursor.sequence), \(cursor.failures), \(cursor.nextAttemptAt), \(cursor.lastError), \(cursor.updatedAt),
                \(cursor.owner), \(cursor.ownerUntil))
            ON CONFLICT (hook) DO UPDATE SET sequence = EXCLUDED.sequence, failures = EXCLUDED.failures,
                next_attempt_at = EXCLUDED.next_attempt_at, last_error = EXCLUDED.last_error, updated_at = EXCLUDED.updated_at,
                owner = EXCLUDED.owner, owner_until = EXCLUDED.owner_until
            """, logger: logger)
    }

    public func lapsedWaits(now: String) async throws -> [JobRecord] {
        try await rows(
            """
            SELECT \(unescaped: Self.jobColumns) FROM jobs WHERE expires_at IS NOT NULL AND expires_at <= \(now)
                AND state IN ('ESCALATED', 'AWAITING_APPROVAL')
            ORDER BY expires_at, job_id
            """, "listing lapsed waits", Self.job(from:))
    }

    public func nextWakeUp() async throws -> String? {
        try await rows(
            "SELECT MIN(not_before) FROM jobs WHERE state = 'VALIDATED' AND not_before IS NOT NULL", "reading the next wake-up"
        ) { try $0.decode(String?.self) }.first ?? nil
    }

    public func claim(
        _ requests: [ClaimRequest], limit: Int, worker: WorkerIdentity, now: String, leaseSeconds: Double, runID: String
    ) async throws -> [Claim] {
        guard limit > 0, !requests.isEmpty else { return [] }
        let logger = self.logger
        let ids = requests.map(\.jobID)
        let stages = Dictionary(requests.map { ($0.jobID, $0.stage) }, uniquingKeysWith: { first, _ in first })
        return try await transaction("claiming \(ids.count == 1 ? ids[0] : "\(ids.count) jobs")") { connection in
            // Rows another worker is claiming are passed over, not waited for: each claimer takes different jobs.
            var jobs: [JobRecord] = []
            for try await row in try await connection.query(
                """
                SELECT \(unescaped: Self.jobColumns) FROM jobs WHERE job_id = ANY(\(ids)) AND state = 'VALIDATED' AND (not_before IS NULL OR not_before <= \(now))
                ORDER BY array_position(\(ids), job_id) LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """, logger: logger)
            {
                jobs.append(try Self.job(from: row))
            }
            guard !jobs.isEmpty else { return [] }
            var last: [String: (number: Int, attemptID: String)] = [:]
            for try await (jobID, number, attemptID) in try await connection.query(
                """
                SELECT DISTINCT ON (job_id) job_id, number, attempt_id FROM attempts WHERE job_id = ANY(\(jobs.map(\.jobID)))
                ORDER BY job_id, number DESC
                """, logger: logger
            ).decode((String, Int, String).self) {
                last[jobID] = (number, attemptID)
            }
            var claims: [Claim] = []
            for job in jobs {
                guard let stage = stages[job.jobID] else { continue }
                let previous = last[job.jobID]
                let claimed = try StoreRules.claim(
                    job: job, stage: stage, number: (previous?.number ?? 0) + 1, previousAttemptID: previous?.attemptID,
                    worker: worker, now: now, leaseSeconds: leaseSeconds, runID: runID)
                try await Self.save(claimed.attempt, on: connection, logger: logger)
                try await Self.save(claimed.job, on: connection, logger: logger)
                try await Self.append(claimed.event, on: connection, logger: logger)
                claims.append(Claim(attempt: claimed.attempt, lease: claimed.lease, job: claimed.job))
            }
            return claims
        }
    }

    public func heartbeat(_ lease: Lease, now: String, leaseSeconds: Double) async throws -> Lease {
        let logger = self.logger
        return try await transaction("renewing the lease of \(lease.jobID) \(lease.attemptID)") { connection in
            _ = try await Self.fenced(lease, on: connection, logger: logger)
            var renewed = lease
            renewed.expiresAt = Timestamp.adding(leaseSeconds, to: now)
            try await connection.query(
                "UPDATE attempts SET lease_expires_at = \(renewed.expiresAt) WHERE job_id = \(lease.jobID) AND attempt_id = \(lease.attemptID)",
                logger: logger)
            return renewed
        }
    }

    public func recordProcess(_ lease: Lease, pid: Int32, processGroup: Int32) async throws {
        let logger = self.logger
        try await transaction("recording the engine of \(lease.jobID) \(lease.attemptID)") { connection in
            _ = try await Self.fenced(lease, on: connection, logger: logger)
            try await connection.query(
                """
                UPDATE attempts SET pid = \(Int64(pid)), process_group = \(Int64(processGroup)), host = \(lease.host)
                WHERE job_id = \(lease.jobID) AND attempt_id = \(lease.attemptID)
                """, logger: logger)
        }
    }

    public func finishAttempt(
        _ attempt: AttemptRecord, lease: Lease, job: JobRecord, transition: JobTransition, event: EventRecord,
        escalation: EscalationRecord?, accepted: AcceptedOutput?
    ) async throws {
        let logger = self.logger
        try await transaction("recording the end of \(lease.jobID) \(lease.attemptID)") { connection in
            let running = try await Self.fenced(lease, on: connection, logger: logger)
            let stored = try await Self.lockedJob(job.jobID, on: connection, logger: logger)
            guard stored.state == transition.from else {
                throw StoreError.conflict(jobID: job.jobID, expected: transition.from, found: stored.state)
            }
            var ended = attempt
            ended.fence = running.fence
            ended.workerID = running.workerID
            ended.leaseExpiresAt = nil
            try await Self.save(ended, on: connection, logger: logger)
            if let escalation { try await Self.save(escalation, on: connection, logger: logger) }
            if let accepted { try await Self.save(accepted, on: connection, logger: logger) }
            let (settled, paused) = StoreRules.settle(finished: job, stored: stored, event: event)
            try await Self.save(settled, on: connection, logger: logger)
            try await Self.append(event, on: connection, logger: logger)
            if let paused { try await Self.append(paused, on: connection, logger: logger) }
            // A slot is free on this worker, and the job may be queued again for any worker.
            try await Self.notifyChange(on: connection, logger: logger)
        }
    }

    public func sweep(_ scope: SweepScope, runID: String, details: [String: JSONValue]) async throws -> [AttemptRecord] {
        let candidates = try await runningAttempts().filter(scope.includes)
        var swept: [AttemptRecord] = []
        let logger = self.logger
        for candidate in candidates {
            // Each in its own transaction, re-read under the job's lock: a heartbeat or a finish may have come first.
            let result: AttemptRecord? = try await transaction("sweeping \(candidate.jobID) \(candidate.attemptID)") { connection in
                let job = try await Self.lockedJob(candidate.jobID, on: connection, logger: logger)
                var current: AttemptRecord?
                for try await row in try await connection.query(
                    "SELECT \(unescaped: Self.attemptColumns) FROM attempts WHERE job_id = \(candidate.jobID) AND attempt_id = \(candidate.attemptID)", logger: logger)
                {
                    current = try Self.attempt(from: row)
                }
                guard let attempt = current, scope.includes(attempt) else { return nil }
                let result = StoreRules.sweep(attempt: attempt, job: job, now: scope.endedAt, runID: runID, details: details)
                try await Self.save(result.attempt, on: connection, logger: logger)
                try await Self.save(result.job, on: connection, logger: logger)
                if let event = result.event { try await Self.append(event, on: connection, logger: logger) }
                try await Self.notifyChange(on: connection, logger: logger)
                return attempt
            }
            if let result { swept.append(result) }
        }
        return swept
    }

    public func attempts(jobID: String) async throws -> [AttemptRecord] {
        try await rows("SELECT \(unescaped: Self.attemptColumns) FROM attempts WHERE job_id = \(jobID) ORDER BY number", "reading attempts of \(jobID)", Self.attempt(from:))
    }

    public func allAttempts() async throws -> [AttemptRecord] {
        try await rows("SELECT \(unescaped: Self.attemptColumns) FROM attempts ORDER BY job_id, number", "listing attempts", Self.attempt(from:))
    }

    public func jobSummaries() async throws -> [JobSummary] {
        try await rows(
            "SELECT job_id, state, stage, attempt_id, reason, workflow_id, updated_at FROM jobs ORDER BY job_id", "listing jobs in brief"
        ) { row in
            var cells = CellReader(row)
            let jobID: String = try cells.next(), stateText: String = try cells.next(), stage: String? = try cells.next()
            let attemptID: String? = try cells.next(), reason: String? = try cells.next(), workflowID: String? = try cells.next()
            let updatedAt: String = try cells.next()
            guard let state = JobState(rawValue: stateText) else {
                throw StoreError.corruptRow(jobID: jobID, field: "state", reason: "unknown state \(stateText)")
            }
            return JobSummary(
                jobID: jobID, state: state, stage: stage.map(StageName.init(rawValue:)), attemptID: attemptID, reason: reason,
                workflowID: workflowID, updatedAt: updatedAt)
        }
    }

    public func attemptSummaries() async throws -> [AttemptSummary] {
        try await rows(
            """
            SELECT job_id, attempt_id, number, stage, status, decision_action, escalation_reason, score, wall_seconds
            FROM attempts ORDER BY job_id, number
            """, "listing attempts in brief"
        ) { row in
            var cells = CellReader(row)
            let jobID: String = try cells.next(), attemptID: String = try cells.next(), number: Int = try cells.next()
            let stage: String = try cells.next(), statusText: String = try cells.next()
            let action: String? = try cells.next(), escalationReason: String? = try cells.next()
            let score: Double? = try cells.next(), wallSeconds: Double? = try cells.next()
            guard let status = AttemptRecord.Status(rawValue: statusText) else {
                throw StoreError.corruptRow(jobID: jobID, field: "attempts.status", reason: "unknown status \(statusText)")
            }
            return AttemptSummary(
                jobID: jobID, attemptID: attemptID, number: number, stage: StageName(rawValue: stage), status: status,
                decisionAction: action.flatMap(Action.init(rawValue:)), escalationReason: escalationReason.flatMap(EscalationReason.init(rawValue:)),
                score: score, wallSeconds: wallSeconds)
        }
    }

    public func runningAttempts() async throws -> [AttemptRecord] {
        try await rows(
            "SELECT \(unescaped: Self.attemptColumns) FROM attempts WHERE status = 'running' ORDER BY job_id, number", "listing running attempts", Self.attempt(from:))
    }

    public func statistics() async throws -> StoreStatistics {
        // Seven independent queries, each on its own pooled connection at once: `/metrics` waits for the slowest.
        async let states = rows("SELECT state, COUNT(*) FROM jobs GROUP BY state", "counting jobs") { try $0.decode((String, Int).self) }
        async let groups = rows(
            "SELECT stage, status, decision_action, COUNT(*) FROM attempts GROUP BY stage, status, decision_action", "counting attempts"
        ) { row -> StoreStatistics.AttemptGroup? in
            let (stage, status, action, count) = try row.decode((String, String, String?, Int).self)
            guard let status = AttemptRecord.Status(rawValue: status) else { return nil }
            return .init(stage: stage, status: status, action: action.flatMap(Action.init(rawValue:)), count: count)
        }
        // One list per stage rather than a row per attempt (decoding ten thousand rows was most of `/metrics`), as
        // text: the driver's array decoding cost more than the rest of the scrape. A float's text is exact (PG 12+).
        async let durations = rows(
            "SELECT stage, string_agg(wall_seconds::text, ',') FROM attempts WHERE wall_seconds IS NOT NULL GROUP BY stage",
            "reading durations"
        ) { row -> (String, [Double]) in
            let (stage, list) = try row.decode((String, String).self)
            // Split by bytes: splitting by characters cost more than the query.
            return (stage, list.utf8.split(separator: UInt8(ascii: ",")).compactMap { Double(String(decoding: $0, as: UTF8.self)) })
        }
        // Verdicts and engine facts counted per distinct text, then expanded here: attempts repeat a few of them,
        // and expanding every row's JSON on the server cost more than the rest of the scrape.
        async let verdictTexts = rows(
            "SELECT gate_results, COUNT(*) FROM attempts WHERE gate_results <> '{}' GROUP BY gate_results", "counting gate verdicts",
            { try $0.decode((String, Int).self) })
        async let engineTexts = rows(
            "SELECT engine, COUNT(*) FROM attempts WHERE engine IS NOT NULL GROUP BY engine", "counting engine kills",
            { try $0.decode((String, Int).self) })
        async let open = rows(
            "SELECT COUNT(*), MIN(created_at) FROM escalations WHERE status = 'OPEN'", "counting open escalations",
            { try $0.decode((Int, String?).self) })
        // Only attempts whose decision asked an advisor have the column; each call's latency differs, so one row each.
        let kinds = StoreStatistics.operatorKinds.map(\.rawValue)
        async let actions = rows(
            "SELECT event, COUNT(*)::BIGINT FROM events WHERE event = ANY(\(kinds)) GROUP BY event", "counting operator actions"
        ) { try $0.decode((String, Int).self) }
        async let advisorTexts = rows(
            "SELECT advisor FROM attempts WHERE advisor IS NOT NULL", "reading advisor calls", { try $0.decode(String.self) })

        var statistics = StoreStatistics()
        for (state, count) in try await states {
            if let state = JobState(rawValue: state) { statistics.jobsByState[state] = count }
        }
        statistics.attempts = try await groups.compactMap { $0 }
        for (stage, seconds) in try await durations { statistics.durations[stage, default: []] += seconds }
        var gates: [String: [String: Int]] = [:]
        for (text, count) in try await verdictTexts {
            for (gate, verdict) in try StoreJSON.value([String: GateStatus].self, text) ?? [:] {
                gates[gate, default: [:]][verdict.rawValue, default: 0] += count
            }
        }
        statistics.gates = gates.flatMap { gate, verdicts in verdicts.map { .init(gate: gate, status: $0.key, count: $0.value) } }
        for (text, count) in try await engineTexts {
            switch EngineKill(try StoreJSON.value(AttemptRecord.EngineOutcome.self, text)) {
            case .timeout: statistics.timeouts += count
            case .stall: statistics.stalls += count
            case .signal: statistics.otherSignals += count
            case nil: break
            }
        }
        if let open = try await open.first { (statistics.openEscalations, statistics.oldestOpenEscalationTS) = open }
        statistics.tallyAdvisor(try await advisorTexts.compactMap { try StoreJSON.value(AdvisorUse.self, $0) })
        for (kind, count) in try await actions {
            if let kind = EventKind(rawValue: kind) { statistics.operatorActions[kind] = count }
        }
        return statistics
    }

    public func events(jobID: String) async throws -> [EventRecord] {
        try await rows("SELECT * FROM events WHERE job_id = \(jobID) ORDER BY sequence", "reading events of \(jobID)", Self.event(from:))
    }

    public func acceptedOutputs(jobID: String) async throws -> [AcceptedOutput] {
        try await rows(
            "SELECT job_id, stage, attempt_id, path FROM accepted_outputs WHERE job_id = \(jobID) ORDER BY stage",
            "reading accepted outputs of \(jobID)"
        ) { row in
            let (job, stage, attempt, path) = try row.decode((String, String, String, String).self)
            return AcceptedOutput(jobID: job, stage: StageName(rawValue: stage), attemptID: attempt, path: path)
        }
    }

    public func escalation(_ escalationID: String) async throws -> EscalationRecord? {
        try await rows(
            "SELECT document FROM escalations WHERE escalation_id = \(escalationID)", "reading escalation \(escalationID)"
        ) { try StoreJSON.escalation($0.decode(String.self)) }.first
    }

    public func escalations(openOnly: Bool) async throws -> [EscalationRecord] {
        let query: PostgresQuery = openOnly
            ? "SELECT document FROM escalations WHERE status = 'OPEN' ORDER BY created_at, escalation_id"
            : "SELECT document FROM escalations ORDER BY created_at, escalation_id"
        return try await rows(query, "listing escalations") { try StoreJSON.escalation($0.decode(String.self)) }
    }

    public func escalations(jobID: String) async throws -> [EscalationRecord] {
        try await rows(
            "SELECT document FROM escalations WHERE job_id = \(jobID) ORDER BY created_at, escalation_id", "listing escalations of \(jobID)"
        ) { try StoreJSON.escalation($0.decode(String.self)) }
    }

    public func resolveEscalation(
        _ escalation: EscalationRecord, job: JobRecord, transition: JobTransition, event: EventRecord, accepted: AcceptedOutput?
    ) async throws {
        let logger = self.logger
        try await transaction("resolving \(escalation.escalationID)") { connection in
            // The job's row is locked first, as every write does (one lock order: no deadlock); an answer already
            // given is reported as such before a state that moved on.
            let stored = try await Self.lockedJob(job.jobID, on: connection, logger: logger)
            var status: String?
            for try await found in try await connection.query(
                "SELECT status FROM escalations WHERE escalation_id = \(escalation.escalationID) FOR UPDATE", logger: logger
            ).decode(String.self) {
                status = found
            }
            guard status == UserActionRequired.Status.open.rawValue else { throw StoreError.escalationNotOpen(escalation.escalationID) }
            guard stored.state == transition.from else {
                throw StoreError.conflict(jobID: job.jobID, expected: transition.from, found: stored.state)
            }
            try await Self.save(escalation, on: connection, logger: logger)
            if let accepted { try await Self.save(accepted, on: connection, logger: logger) }
            try await Self.save(job, on: connection, logger: logger)
            try await Self.append(event, on: connection, logger: logger)
            try await Self.notifyChange(on: connection, logger: logger)
        }
    }

    public func viewData(jobID: String) async throws -> JobViewData? {
        let logger = self.logger
        // One snapshot: a repeatable-read transaction, so the job, its attempts and its events agree.
        return try await transaction("reading the views of \(jobID)") { connection -> JobViewData? in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            var job: JobRecord?
            for try await row in try await connection.query("SELECT \(unescaped: Self.jobColumns) FROM jobs WHERE job_id = \(jobID)", logger: logger) {
                job = try Self.job(from: row)
            }
            guard let job else { return nil }
            var attempts: [AttemptRecord] = []
            for try await row in try await connection.query(
                "SELECT \(unescaped: Self.attemptColumns) FROM attempts WHERE job_id = \(jobID) ORDER BY number", logger: logger) {
                attempts.append(try Self.attempt(from: row))
            }
            var events: [EventRecord] = []
            for try await row in try await connection.query(
                "SELECT * FROM events WHERE job_id = \(jobID) ORDER BY sequence", logger: logger) {
                events.append(try Self.event(from: row))
            }
            var escalations: [EscalationRecord] = []
            for try await document in try await connection.query(
                "SELECT document FROM escalations WHERE job_id = \(jobID) ORDER BY created_at, escalation_id", logger: logger
            ).decode(String.self) {
                escalations.append(try StoreJSON.escalation(document))
            }
            return JobViewData(job: job, attempts: attempts, events: events, escalations: escalations)
        }
    }

    public func migrations() async throws -> [String] {
        try await rows("SELECT version, name FROM gaffer_migrations ORDER BY version", "reading the applied migrations") { row in
            let (version, name) = try row.decode((Int, String).self)
            return "v\(version)-\(name)"
        }
    }

    public func recordWorker(_ worker: WorkerRecord) async throws {
        let logger = self.logger
        let labels = StoreJSON.labels(worker.labels)
        try await transaction("recording worker \(worker.workerID)") { connection in
            _ = try await connection.query(
                """
                INSERT INTO workers (worker_id, host, labels, concurrency, started_at, seen_at, live_until, stopped_at,
                                     advisor_circuit_open_until)
                VALUES (\(worker.workerID), \(worker.host), \(labels), \(worker.concurrency), \(worker.startedAt), \(worker.seenAt),
                        \(worker.liveUntil), \(worker.stoppedAt), \(worker.advisorCircuitOpenUntil))
                ON CONFLICT (worker_id) DO UPDATE SET host = EXCLUDED.host, labels = EXCLUDED.labels,
                    concurrency = EXCLUDED.concurrency, started_at = EXCLUDED.started_at, seen_at = EXCLUDED.seen_at,
                    live_until = EXCLUDED.live_until, stopped_at = EXCLUDED.stopped_at,
                    advisor_circuit_open_until = EXCLUDED.advisor_circuit_open_until
                """, logger: logger)
        }
    }

    public func workers() async throws -> [WorkerRecord] {
        try await rows(
            """
            SELECT worker_id, host, labels, concurrency, started_at, seen_at, live_until, stopped_at, advisor_circuit_open_until
            FROM workers ORDER BY worker_id
            """,
            "reading workers"
        ) { row in
            let (id, host, labels, concurrency, startedAt, seenAt, liveUntil, stoppedAt, circuit) = try row.decode(
                (String, String, String, Int, String, String, String, String?, String?).self)
            return WorkerRecord(
                workerID: id, host: host, labels: try StoreJSON.labels(labels, workerID: id), concurrency: concurrency,
                startedAt: startedAt, seenAt: seenAt, liveUntil: liveUntil, stoppedAt: stoppedAt,
                advisorCircuitOpenUntil: circuit)
        }
    }

    public func handoffs() async throws -> [HandoffRegistry.Entry] {
        try await rows("SELECT entry FROM handoffs ORDER BY recorded_at, job_id, platform", "reading handoffs") {
            try StoreJSON.handoff($0.decode(String.self))
        }
    }

    public func recordHandoff(_ entry: HandoffRegistry.Entry, job: JobRecord, transition: JobTransition, event: EventRecord) async throws {
        let logger = self.logger
        let text = try StoreJSON.text(entry)
        try await transaction("recording the handoff of \(entry.jobID) to \(entry.platform)") { connection in
            try await Self.expect(transition, jobID: job.jobID, on: connection, logger: logger)
            // The registry's order: an entry keeps its place when corrected; a new one goes last.
            try await connection.query("LOCK TABLE handoffs IN SHARE ROW EXCLUSIVE MODE", logger: logger)
            var order: Int?
            for try await found in try await connection.query(
                "SELECT recorded_at FROM handoffs WHERE job_id = \(entry.jobID) AND platform = \(entry.platform)", logger: logger
            ).decode(Int.self) {
                order = found
            }
            if order == nil {
                for try await last in try await connection.query("SELECT MAX(recorded_at) FROM handoffs", logger: logger).decode(Int?.self) {
                    order = (last ?? 0) + 1
                }
            }
            try await connection.query(
                """
                INSERT INTO handoffs (job_id, platform, entry, recorded_at) VALUES (\(entry.jobID), \(entry.platform), \(text), \(order ?? 1))
                ON CONFLICT (job_id, platform) DO UPDATE SET entry = EXCLUDED.entry, recorded_at = EXCLUDED.recorded_at
                """, logger: logger)
            try await Self.save(job, on: connection, logger: logger)
            try await Self.append(event, on: connection, logger: logger)
        }
    }
}
