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
        migrator.registerMigration("v4-store-of-record") { db in
            try db.execute(sql: """
                ALTER TABLE jobs ADD COLUMN content TEXT;
                ALTER TABLE jobs ADD COLUMN content_digest TEXT;
                ALTER TABLE jobs ADD COLUMN reported_digest TEXT;
                ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE jobs ADD COLUMN next_decision TEXT;
                ALTER TABLE jobs ADD COLUMN operator_overrides TEXT NOT NULL DEFAULT '{}';
                ALTER TABLE jobs ADD COLUMN not_before TEXT;
                ALTER TABLE jobs ADD COLUMN snoozes INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE jobs ADD COLUMN fence INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE attempts ADD COLUMN worker_id TEXT;
                ALTER TABLE attempts ADD COLUMN fence INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE attempts ADD COLUMN lease_expires_at TEXT;
                CREATE TABLE accepted_outputs (
                    job_id TEXT NOT NULL,
                    stage TEXT NOT NULL,
                    attempt_id TEXT NOT NULL,
                    path TEXT NOT NULL,
                    PRIMARY KEY (job_id, stage)
                );
                CREATE INDEX jobs_runnable ON jobs(state, priority DESC, created_at);
                -- RUNNING now means "an attempt runs now": a job left RUNNING between attempts by an older Gaffer is queued.
                UPDATE jobs SET state = 'VALIDATED'
                  WHERE state = 'RUNNING'
                    AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.job_id = jobs.job_id AND a.status = 'running');
                """)
        }
        migrator.registerMigration("v5-workers") { db in
            try db.execute(sql: """
                CREATE TABLE workers (
                    worker_id TEXT PRIMARY KEY,
                    host TEXT NOT NULL,
                    labels TEXT NOT NULL,
                    concurrency INTEGER NOT NULL,
                    started_at TEXT NOT NULL,
                    seen_at TEXT NOT NULL,
                    live_until TEXT NOT NULL,
                    stopped_at TEXT
                )
                """)
        }
        migrator.registerMigration("v6-advisor") { db in
            try db.execute(sql: """
                ALTER TABLE attempts ADD COLUMN advisor TEXT;
                ALTER TABLE workers ADD COLUMN advisor_circuit_open_until TEXT;
                """)
        }
        migrator.registerMigration("v7-operator") { db in
            try db.execute(sql: """
                ALTER TABLE jobs ADD COLUMN operator_state TEXT NOT NULL DEFAULT '{}';
                ALTER TABLE jobs ADD COLUMN expires_at TEXT;
                CREATE INDEX jobs_expiry ON jobs(expires_at) WHERE expires_at IS NOT NULL;
                CREATE INDEX events_kind ON events(event);
                CREATE TABLE notification_cursors (
                    hook TEXT PRIMARY KEY NOT NULL,
                    sequence INTEGER NOT NULL,
                    failures INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at TEXT,
                    last_error TEXT,
                    updated_at TEXT NOT NULL,
                    owner TEXT,
                    owner_until TEXT
                );
                """)
        }
        return migrator
    }
}
