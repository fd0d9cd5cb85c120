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
        pool = try DatabasePool(path: path, configuration: configuration)
        try SQLiteSchema.migrator.migrate(pool)
    }

    public func insertJob(_ job: JobRecord, event: EventRecord) async throws -> Bool {
        try await pool.write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM jobs WHERE job_id = ?", arguments: [job.jobID]) == nil else {
                return false
            }
            try Self.save(job, in: db)
            try Self.append(event, in: db)
            return true
        }
    }

    public func job(_ jobID: String) async throws -> JobRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE job_id = ?", arguments: [jobID]).map(Self.job(from:))
        }
    }

    public func jobs() async throws -> [JobRecord] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM jobs ORDER BY job_id").map(Self.job(from:)) }
    }

    public func update(_ job: JobRecord, event: EventRecord?) async throws {
        try await pool.write { db in
            try Self.save(job, in: db)
            if let event { try Self.append(event, in: db) }
        }
    }

    public func beginAttempt(jobID: String, stage: StageName, sourceAttemptID: String?, at: String, runID: String) async throws -> AttemptRecord {
        try await pool.write { db in
            let number = (try Int.fetchOne(db, sql: "SELECT MAX(number) FROM attempts WHERE job_id = ?", arguments: [jobID]) ?? 0) + 1
            let attempt = AttemptRecord(
                jobID: jobID, attemptID: AttemptID.make(number), number: number, stage: stage,
                sourceAttemptID: sourceAttemptID, startedAt: at)
            try Self.save(attempt, in: db)
            guard var job = try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE job_id = ?", arguments: [jobID]).map(Self.job(from:)) else {
                throw StoreError.unknownJob(jobID)
            }
            let from = job.state
            job.state = .running
            job.stage = stage
            job.attemptID = attempt.attemptID
            job.updatedAt = at
            try Self.save(job, in: db)
            try Self.append(EventRecord(
                jobID: jobID, ts: at, runID: runID, event: "ATTEMPT_START", fromState: from, toState: .running,
                stage: stage, attemptID: attempt.attemptID,
                details: sourceAttemptID.map { ["source_attempt_id": .string($0)] } ?? [:]), in: db)
            return attempt
        }
    }

    public func recordProcess(jobID: String, attemptID: String, pid: Int32, processGroup: Int32, host: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE attempts SET pid = ?, process_group = ?, host = ? WHERE job_id = ? AND attempt_id = ?",
                arguments: [pid, processGroup, host, jobID, attemptID])
        }
    }

    public func finishAttempt(_ attempt: AttemptRecord, job: JobRecord, event: EventRecord, escalation: EscalationRecord?) async throws {
        try await pool.write { db in
            try Self.save(attempt, in: db)
            if let escalation { try Self.save(escalation, in: db) }
            try Self.save(job, in: db)
            try Self.append(event, in: db)
        }
    }

    public func attempts(jobID: String) async throws -> [AttemptRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM attempts WHERE job_id = ? ORDER BY number", arguments: [jobID])
                .map(Self.attempt(from:))
        }
    }

    public func allAttempts() async throws -> [AttemptRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM attempts ORDER BY job_id, number").map(Self.attempt(from:))
        }
    }

    public func statistics() async throws -> StoreStatistics {
        try await pool.read { db in
            var statistics = StoreStatistics()
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) FROM jobs GROUP BY state") {
                if let state = JobState(rawValue: row[0]) { statistics.jobsByState[state] = row[1] }
            }
            statistics.attempts = try Row.fetchAll(
                db, sql: "SELECT stage, status, decision_action, COUNT(*) FROM attempts GROUP BY stage, status, decision_action"
            ).compactMap { row in
                guard let status = AttemptRecord.Status(rawValue: row[1]) else { return nil }
                return .init(stage: row[0], status: status, action: (row[2] as String?).flatMap(Action.init(rawValue:)), count: row[3])
            }
            let durations = try Row.fetchCursor(db, sql: "SELECT stage, wall_seconds FROM attempts WHERE wall_seconds IS NOT NULL")
            while let row = try durations.next() {
                statistics.durations[row[0], default: []].append(row[1])
            }
            statistics.gates = try Row.fetchAll(db, sql: """
                SELECT gate.key, gate.value, COUNT(*) FROM attempts, json_each(attempts.gate_results) AS gate
                GROUP BY gate.key, gate.value
                """).map { .init(gate: $0[0], status: $0[1], count: $0[2]) }
            if let kills = try Row.fetchOne(db, sql: """
                SELECT
                  SUM(CASE WHEN json_extract(engine, '$.timed_out') = 1 THEN 1 ELSE 0 END),
                  SUM(CASE WHEN json_extract(engine, '$.timed_out') = 1 THEN 0
                           WHEN json_extract(engine, '$.stalled') = 1 THEN 1 ELSE 0 END),
                  SUM(CASE WHEN json_extract(engine, '$.timed_out') = 1 OR json_extract(engine, '$.stalled') = 1 THEN 0
                           WHEN json_extract(engine, '$.signal') IS NOT NULL THEN 1 ELSE 0 END)
                FROM attempts WHERE engine IS NOT NULL
                """) {
                statistics.timeouts = kills[0] ?? 0
                statistics.stalls = kills[1] ?? 0
                statistics.otherSignals = kills[2] ?? 0
            }
            if let open = try Row.fetchOne(db, sql: "SELECT COUNT(*), MIN(created_at) FROM escalations WHERE status = 'OPEN'") {
                statistics.openEscalations = open[0]
                statistics.oldestOpenEscalationTS = open[1]
            }
            return statistics
        }
    }

    public func runningAttempts() async throws -> [AttemptRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM attempts WHERE status = 'running' ORDER BY job_id, number")
                .map(Self.attempt(from:))
        }
    }

    public func events(jobID: String) async throws -> [EventRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM events WHERE job_id = ? ORDER BY sequence", arguments: [jobID])
                .map(Self.event(from:))
        }
    }

    public func saveEscalation(_ escalation: EscalationRecord) async throws {
        try await pool.write { db in try Self.save(escalation, in: db) }
    }

    public func escalation(_ escalationID: String) async throws -> EscalationRecord? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT document FROM escalations WHERE escalation_id = ?", arguments: [escalationID])
                .map(Self.escalation(from:))
        }
    }

    public func escalations(openOnly: Bool) async throws -> [EscalationRecord] {
        try await pool.read { db in
            try String.fetchAll(
                db,
                sql: "SELECT document FROM escalations \(openOnly ? "WHERE status = 'OPEN'" : "") ORDER BY created_at, escalation_id"
            ).map(Self.escalation(from:))
        }
    }

    public func escalations(jobID: String) async throws -> [EscalationRecord] {
        try await pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT document FROM escalations WHERE job_id = ? ORDER BY created_at, escalation_id", arguments: [jobID]
            ).map(Self.escalation(from:))
        }
    }

    public func resolveEscalation(_ escalation: EscalationRecord, job: JobRecord, event: EventRecord) async throws {
        try await pool.write { db in
            let status = try String.fetchOne(db, sql: "SELECT status FROM escalations WHERE escalation_id = ?", arguments: [escalation.escalationID])
            guard status == UserActionRequired.Status.open.rawValue else { throw StoreError.escalationNotOpen(escalation.escalationID) }
            try Self.save(escalation, in: db)
            try Self.save(job, in: db)
            try Self.append(event, in: db)
        }
    }

    public func handoffs() async throws -> [HandoffRegistry.Entry] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT entry FROM handoffs ORDER BY recorded_at, job_id, platform").map {
                try JSONDecoder().decode(HandoffRegistry.Entry.self, from: Data($0.utf8))
            }
        }
    }

    public func recordHandoff(_ entry: HandoffRegistry.Entry, job: JobRecord, event: EventRecord) async throws {
        try await pool.write { db in
            let order = try Int.fetchOne(db, sql: "SELECT recorded_at FROM handoffs WHERE job_id = ? AND platform = ?", arguments: [entry.jobID, entry.platform])
                ?? ((try Int.fetchOne(db, sql: "SELECT MAX(recorded_at) FROM handoffs") ?? 0) + 1)
            try db.execute(
                sql: "INSERT OR REPLACE INTO handoffs (job_id, platform, entry, recorded_at) VALUES (?, ?, ?, ?)",
                arguments: [entry.jobID, entry.platform, try Self.json(entry), order])
            try Self.save(job, in: db)
            try Self.append(event, in: db)
        }
    }
}

/// What the store refuses.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case unknownJob(String)
    case escalationNotOpen(String)

    public var description: String {
        switch self {
        case .unknownJob(let id): "no job \(id) in the store"
        case .escalationNotOpen(let id): "escalation \(id) is not open (already resolved)"
        }
    }
}
