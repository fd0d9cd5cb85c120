import Logging
import PostgresNIO

/// The store's tables on PostgreSQL, the same rows as the SQLite store. Migrations are append-only (a released one
/// is never edited) and applied at start inside one transaction that holds an advisory lock, so workers starting
/// together apply each exactly once. Text columns use the "C" collation: timestamps are fixed-width UTC strings
/// compared and sorted byte by byte, as SQLite does, whatever the database's locale.
enum PostgresSchema {
    /// `pg_advisory_xact_lock` key: "gaffer" in ASCII.
    static let migrationLock: Int64 = 0x6761_6666_6572
    /// `pg_advisory_xact_lock` key every event insert takes: events commit in the order of their sequence, so a
    /// notification cursor that passed an event never leaves behind a lower one still uncommitted ("gaffev").
    static let eventOrderLock: Int64 = 0x6761_6666_6576

    struct Migration {
        let version: Int
        let name: String
        let statements: [String]
    }

    static let migrations: [Migration] = [
        Migration(version: 1, name: "store-of-record", statements: [
            """
            CREATE TABLE jobs (
                job_id TEXT COLLATE "C" PRIMARY KEY,
                source_path TEXT COLLATE "C" NOT NULL,
                state TEXT COLLATE "C" NOT NULL,
                stage TEXT COLLATE "C",
                attempt_id TEXT COLLATE "C",
                reason TEXT,
                error TEXT,
                workflow_id TEXT COLLATE "C",
                policy_path TEXT COLLATE "C",
                budget_floor BIGINT NOT NULL DEFAULT 0,
                created_at TEXT COLLATE "C" NOT NULL,
                updated_at TEXT COLLATE "C" NOT NULL,
                content TEXT,
                content_digest TEXT COLLATE "C",
                reported_digest TEXT COLLATE "C",
                priority BIGINT NOT NULL DEFAULT 0,
                next_decision TEXT,
                operator_overrides TEXT NOT NULL DEFAULT '{}',
                not_before TEXT COLLATE "C",
                snoozes BIGINT NOT NULL DEFAULT 0,
                fence BIGINT NOT NULL DEFAULT 0
            )
            """,
            "CREATE INDEX jobs_runnable ON jobs (state, priority DESC, created_at, job_id)",
            """
            CREATE TABLE attempts (
                job_id TEXT COLLATE "C" NOT NULL REFERENCES jobs (job_id),
                attempt_id TEXT COLLATE "C" NOT NULL,
                number BIGINT NOT NULL,
                stage TEXT COLLATE "C" NOT NULL,
                status TEXT COLLATE "C" NOT NULL,
                source_attempt_id TEXT COLLATE "C",
                started_at TEXT COLLATE "C" NOT NULL,
                ended_at TEXT COLLATE "C",
                pid BIGINT,
                process_group BIGINT,
                host TEXT COLLATE "C",
                engine TEXT,
                wall_seconds DOUBLE PRECISION,
                peak_rss_bytes BIGINT,
                decision_action TEXT COLLATE "C",
                decision_reason TEXT,
                escalation_reason TEXT COLLATE "C",
                score DOUBLE PRECISION,
                workflow_profile TEXT COLLATE "C",
                pose_retry BOOLEAN NOT NULL DEFAULT FALSE,
                gate_results TEXT NOT NULL DEFAULT '{}',
                worker_id TEXT COLLATE "C",
                fence BIGINT NOT NULL DEFAULT 0,
                lease_expires_at TEXT COLLATE "C",
                PRIMARY KEY (job_id, attempt_id),
                UNIQUE (job_id, number)
            )
            """,
            "CREATE INDEX attempts_running ON attempts (status) WHERE status = 'running'",
            """
            CREATE TABLE events (
                sequence BIGSERIAL PRIMARY KEY,
                job_id TEXT COLLATE "C" NOT NULL,
                ts TEXT COLLATE "C" NOT NULL,
                run_id TEXT COLLATE "C" NOT NULL,
                event TEXT COLLATE "C" NOT NULL,
                from_state TEXT COLLATE "C",
                to_state TEXT COLLATE "C",
                stage TEXT COLLATE "C",
                attempt_id TEXT COLLATE "C",
                details TEXT NOT NULL DEFAULT '{}'
            )
            """,
            "CREATE INDEX events_job ON events (job_id, sequence)",
            """
            CREATE TABLE escalations (
                escalation_id TEXT COLLATE "C" PRIMARY KEY,
                job_id TEXT COLLATE "C" NOT NULL,
                status TEXT COLLATE "C" NOT NULL,
                created_at TEXT COLLATE "C" NOT NULL,
                document TEXT NOT NULL
            )
            """,
            "CREATE INDEX escalations_open ON escalations (status, created_at)",
            "CREATE INDEX escalations_job ON escalations (job_id, created_at)",
            """
            CREATE TABLE handoffs (
                job_id TEXT COLLATE "C" NOT NULL,
                platform TEXT COLLATE "C" NOT NULL,
                entry TEXT NOT NULL,
                recorded_at BIGINT NOT NULL,
                PRIMARY KEY (job_id, platform)
            )
            """,
            """
            CREATE TABLE accepted_outputs (
                job_id TEXT COLLATE "C" NOT NULL,
                stage TEXT COLLATE "C" NOT NULL,
                attempt_id TEXT COLLATE "C" NOT NULL,
                path TEXT NOT NULL,
                PRIMARY KEY (job_id, stage)
            )
            """,
        ]),
        Migration(version: 2, name: "workers", statements: [
            """
            CREATE TABLE workers (
                worker_id TEXT COLLATE "C" PRIMARY KEY,
                host TEXT NOT NULL,
                labels TEXT NOT NULL,
                concurrency BIGINT NOT NULL,
                started_at TEXT COLLATE "C" NOT NULL,
                seen_at TEXT COLLATE "C" NOT NULL,
                live_until TEXT COLLATE "C" NOT NULL,
                stopped_at TEXT COLLATE "C"
            )
            """,
        ]),
        Migration(version: 3, name: "advisor", statements: [
            "ALTER TABLE attempts ADD COLUMN advisor TEXT",
            "ALTER TABLE workers ADD COLUMN advisor_circuit_open_until TEXT COLLATE \"C\"",
        ]),
        Migration(version: 4, name: "operator", statements: [
            "ALTER TABLE jobs ADD COLUMN operator_state TEXT NOT NULL DEFAULT '{}'",
            "ALTER TABLE jobs ADD COLUMN expires_at TEXT COLLATE \"C\"",
            "CREATE INDEX jobs_expiry ON jobs(expires_at) WHERE expires_at IS NOT NULL",
            "CREATE INDEX events_kind ON events (event)",
            """
            CREATE TABLE notification_cursors (
                hook TEXT COLLATE "C" PRIMARY KEY,
                sequence BIGINT NOT NULL,
                failures BIGINT NOT NULL DEFAULT 0,
                next_attempt_at TEXT COLLATE "C",
                last_error TEXT,
                updated_at TEXT COLLATE "C" NOT NULL,
                owner TEXT COLLATE "C",
                owner_until TEXT COLLATE "C"
            )
            """,
        ]),
    ]

    /// Applies the migrations this database lacks; returns the versions applied now.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws -> [Int] {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS gaffer_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                logger: logger)
            var applied: Set<Int> = []
            for try await version in try await connection.query("SELECT version FROM gaffer_migrations", logger: logger).decode(Int.self) {
                applied.insert(version)
            }
            var now: [Int] = []
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO gaffer_migrations (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
                now.append(migration.version)
            }
            return now
        }
    }
}
