import GRDB

/// The store's tables. Migrations are append-only: a released one is never edited.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE jobs (
                    job_id TEXT PRIMARY KEY NOT NULL,
                    source_path TEXT NOT NULL,
                    state TEXT NOT NULL,
                    stage TEXT,
                    attempt_id TEXT,
                    reason TEXT,
                    error TEXT,
                    workflow_id TEXT,
                    policy_path TEXT,
                    pending_decision TEXT,
                    pending_overrides TEXT NOT NULL DEFAULT '{}',
                    budget_floor INTEGER NOT NULL DEFAULT 0,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE TABLE attempts (
                    job_id TEXT NOT NULL REFERENCES jobs(job_id),
                    attempt_id TEXT NOT NULL,
                    number INTEGER NOT NULL,
                    stage TEXT NOT NULL,
                    status TEXT NOT NULL,
                    source_attempt_id TEXT,
                    started_at TEXT NOT NULL,
                    ended_at TEXT,
                    pid INTEGER,
                    process_group INTEGER,
                    host TEXT,
                    engine TEXT,
                    wall_seconds REAL,
                    peak_rss_bytes INTEGER,
                    decision_action TEXT,
                    decision_reason TEXT,
                    escalation_reason TEXT,
                    score REAL,
                    workflow_profile TEXT,
                    pose_retry INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (job_id, attempt_id),
                    UNIQUE (job_id, number)
                );
                CREATE INDEX attempts_running ON attempts(status) WHERE status = 'running';
                CREATE TABLE events (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    job_id TEXT NOT NULL,
                    ts TEXT NOT NULL,
                    run_id TEXT NOT NULL,
                    event TEXT NOT NULL,
                    from_state TEXT,
                    to_state TEXT,
                    stage TEXT,
                    attempt_id TEXT,
                    details TEXT NOT NULL DEFAULT '{}'
                );
                CREATE INDEX events_job ON events(job_id, sequence);
                CREATE TABLE escalations (
                    escalation_id TEXT PRIMARY KEY NOT NULL,
                    job_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    document TEXT NOT NULL
                );
                CREATE INDEX escalations_open ON escalations(status, created_at);
                CREATE TABLE handoffs (
                    job_id TEXT NOT NULL,
                    platform TEXT NOT NULL,
                    entry TEXT NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    PRIMARY KEY (job_id, platform)
                );
                """)
        }
        migrator.registerMigration("v2-gate-results") { db in
            try db.execute(sql: "ALTER TABLE attempts ADD COLUMN gate_results TEXT NOT NULL DEFAULT '{}'")
        }
        migrator.registerMigration("v3-escalations-by-job") { db in
            try db.execute(sql: "CREATE INDEX escalations_job ON escalations(job_id, created_at)")
        }
        return migrator
    }
}
