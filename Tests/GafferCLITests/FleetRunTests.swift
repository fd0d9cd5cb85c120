import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// Several `gaffer run` workers on one sandbox and one PostgreSQL store (SPEC §9), with the real binary, real
/// engines and a real server (the test process's throw-away cluster).
@Suite(.serialized)
struct FleetRunTests {
    struct AttemptRow {
        let job: String
        let attempt: String
        let number: Int
        let stage: String
        let status: String
        let worker: String
        let started: String
        let ended: String
    }

    static func attempts(_ server: PostgresTestServer, _ url: String) async throws -> [AttemptRow] {
        let database = PostgresTestServer.database(of: url)
        let text = try await server.psql(
            "SELECT job_id, attempt_id, number, stage, status, coalesce(worker_id, ''), started_at, coalesce(ended_at, '') FROM attempts ORDER BY job_id, number",
            database: database)
        return text.split(separator: "\n").map { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            return AttemptRow(job: cells[0], attempt: cells[1], number: Int(cells[2]) ?? -1, stage: cells[3], status: cells[4],
                              worker: cells[5], started: cells[6], ended: cells[7])
        }
    }

    @Test func threeWorkersShareTheStoreAndEachStageOfEachJobIsAcceptedOnce() async throws {
        let server = try await PostgresTestServer.shared()
        let url = try await server.createDatabase("fleet")
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        try sandbox.write("workflows/steps.yaml", LoopRunTests.shellWorkflow(stages: [
            ("frame", "sleep 0.$(( $$ % 3 + 1 )); echo frame > {output}", 20),
            ("video", "sleep 0.$(( $$ % 3 + 1 )); cat {input} > {output}", 20),
        ]))
        let ids = (1...12).map { "fleet-job-\(String(format: "%04d", $0))" }
        for id in ids { try sandbox.writeJob(id) }

        let binary = try GafferProcess.binary().path
        let workers = try (1...3).map { index in
            try ChildProcess.start(binary, [
                "run", "--once", "--concurrency", "2", "--store", url, "--worker-id", "worker-\(index)", "--sandbox", sandbox.root,
            ])
        }
        for worker in workers { await worker.exited() }
        // A worker's --once ends when nothing is left for it; the last job may be finishing on another one.
        let last = try await sandbox.gafferDetached(["run", "--once", "--store", url, "--worker-id", "worker-1"])
        #expect(last.status == 0, "\(last)")

        let status = try await sandbox.gafferDetached(["status", "--json", "--store", url])
        #expect(status.stdout.components(separatedBy: "\"COMPLETED\"").count - 1 == ids.count, "\(status.stdout)")
        let rows = try await Self.attempts(server, url)
        for id in ids {
            let mine = rows.filter { $0.job == id }
            #expect(mine.map(\.number) == Array(1...mine.count), "\(id): contiguous attempt numbers")
            #expect(mine.filter { $0.status == "decided" }.map(\.stage) == ["frame", "video"], "\(id): each stage decided once")
            for (earlier, later) in zip(mine, mine.dropFirst()) {
                #expect(earlier.ended <= later.started, "\(id): \(earlier.attempt) and \(later.attempt) never ran at once")
            }
        }
        #expect(Set(rows.map(\.worker)).count >= 2, "the work was shared: \(Set(rows.map(\.worker)))")
        // The sandbox's run lock is not taken with a shared store: the three ran side by side.
        #expect(!FileManager.default.fileExists(atPath: sandbox.path(".gaffer-run.lock")))
    }

    @Test func aRestartedWorkerRecoversItsOwnOrphanAtOnceAndLeavesAnotherWorkersAttemptAlone() async throws {
        let server = try await PostgresTestServer.shared()
        let url = try await server.createDatabase("fleet_restart")
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        let marker = "sleep 120.\(Int.random(in: 100_000...999_999))"
        // The first attempt of each job sleeps (until killed); later attempts finish at once.
        try sandbox.write("workflows/slow.yaml", LoopRunTests.shellWorkflow(stages: [(
            "video", "[ \"$GAFFER_ATTEMPT_ID\" = run-0001 ] && \(marker); echo ok > {output}", 300
        )]))
        try sandbox.writeJob("orphaned-job-1")
        let binary = try GafferProcess.binary().path
        let first = try ChildProcess.start(binary, ["run", "--store", url, "--worker-id", "worker-a", "--sandbox", sandbox.root])
        let deadline = Date().addingTimeInterval(30)
        while SandboxBuilder.processes(containing: marker).isEmpty && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        try #require(!SandboxBuilder.processes(containing: marker).isEmpty, "worker-a's engine started")
        // Killed once the engine's process group is in the store (before that, no restart could know what to stop).
        let database = PostgresTestServer.database(of: url)
        try await Self.waitFor("the engine's process group to be recorded") {
            try await server.psql("SELECT count(*) FROM attempts WHERE process_group IS NOT NULL", database: database)
                .trimmingCharacters(in: .whitespacesAndNewlines) == "1"
        }
        kill(first.processIdentifier, SIGKILL)
        await first.exited()

        // Another worker: the attempt's lease (30 s) has not expired, so it is worker-a's still; nothing is touched.
        let other = try await sandbox.gafferDetached(["run", "--once", "--store", url, "--worker-id", "worker-b"])
        #expect(other.status == 4, "the job is still running elsewhere: \(other)")
        #expect(try await Self.attempts(server, url).map(\.status) == ["running"])

        // worker-a again: its own orphan is recovered at once (engine killed, attempt interrupted), then the job runs.
        let restarted = try await sandbox.gafferDetached(["run", "--once", "--store", url, "--worker-id", "worker-a"])
        #expect(restarted.status == 0, "\(restarted)")
        #expect(SandboxBuilder.processes(containing: marker).isEmpty, "the orphaned engine was stopped")
        let rows = try await Self.attempts(server, url)
        #expect(rows.map(\.status) == ["interrupted", "decided"])
        #expect(rows.map(\.worker) == ["worker-a", "worker-a"])
    }

    /// Polls `condition` until it holds; past `seconds` records an issue (with the tail of `log`, a worker's stderr).
    static func waitFor(
        _ what: String, seconds: Double = 45, log: String? = nil, _ condition: () async throws -> Bool
    ) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !((try? await condition()) ?? false) {
            guard Date() < deadline else {
                let tail = log.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }.map { "\n" + $0.suffix(4000) } ?? ""
                Issue.record("timed out waiting for \(what)\(tail)")
                throw PostgresTestServer.ServerError("timed out waiting for \(what)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func anIdleWorkerStartsAnEscalationAnsweredElsewhereWithinASecondNotAtItsNextPoll() async throws {
        let server = try await PostgresTestServer.shared()
        let url = try await server.createDatabase("fleet_notify")
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        // The first attempt fails (escalated with --max-retries 0); the retry succeeds.
        try sandbox.write("workflows/flaky.yaml", LoopRunTests.shellWorkflow(stages: [(
            "video", "[ \"$GAFFER_ATTEMPT_ID\" = run-0001 ] && exit 1; echo ok > {output}", 20
        )]))
        try sandbox.writeJob("answered-job-1")
        let worker = try ChildProcess.start(try GafferProcess.binary().path, [
            "run", "--store", url, "--worker-id", "idle-worker", "--poll", "30", "--max-retries", "0", "--grace", "0.5",
            "--sandbox", sandbox.root,
        ])
        defer { kill(worker.processIdentifier, SIGKILL) }
        func state() -> String? { (try? sandbox.json("logs/answered-job-1/state.json"))?["state"]?.stringValue }
        try await Self.waitFor("the job to escalate") { state() == "ESCALATED" }
        let files = try FileManager.default.contentsOfDirectory(atPath: sandbox.path("logs/answered-job-1/escalations"))
        let id = try #require(files.first { $0.hasSuffix(".json") }).replacingOccurrences(of: ".user_action_required.v1.json", with: "")

        // Answered by another process; the worker polls only every 30 s, so only the store's notice can wake it.
        let answered = try await sandbox.gafferDetached(["escalations", "resolve", id, "--action", "RETRY_STAGE", "--by", "test", "--store", url])
        #expect(answered.status == 0, "\(answered)")
        let since = Date()
        try await Self.waitFor("the retry to start", seconds: 10) {
            try await Self.attempts(server, url).count == 2
        }
        let latency = Date().timeIntervalSince(since)
        #expect(latency < 1, "the idle worker claimed the answered job \(latency) s after the answer")
        try await Self.waitFor("the retry to complete", seconds: 10) { state() == "COMPLETED" }
        kill(worker.processIdentifier, SIGTERM)
        await worker.exited()
    }

    @Test func aDrainingWorkerHandsItsAttemptOverWithinTheGracePeriod() async throws {
        let server = try await PostgresTestServer.shared()
        let url = try await server.createDatabase("fleet_drain")
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        let marker = "sleep 90.\(Int.random(in: 100_000...999_999))"
        try sandbox.write("workflows/slow.yaml", LoopRunTests.shellWorkflow(stages: [(
            "video", "[ \"$GAFFER_ATTEMPT_ID\" = run-0001 ] && \(marker); echo ok > {output}", 300
        )]))
        try sandbox.writeJob("handed-over-1")
        let binary = try GafferProcess.binary().path
        let draining = try ChildProcess.start(binary, [
            "run", "--store", url, "--worker-id", "draining", "--grace", "1", "--poll", "0.2", "--sandbox", sandbox.root,
        ])
        defer { kill(draining.processIdentifier, SIGKILL) }
        try await Self.waitFor("the first engine to start") { !SandboxBuilder.processes(containing: marker).isEmpty }
        let taking = try ChildProcess.start(binary, [
            "run", "--store", url, "--worker-id", "taking", "--poll", "30", "--sandbox", sandbox.root,
        ])
        defer { kill(taking.processIdentifier, SIGKILL) }
        try await Task.sleep(for: .milliseconds(500))  // the second worker is up and idle

        let stopped = Date()
        kill(draining.processIdentifier, SIGTERM)
        try await Self.waitFor("the other worker to finish the job", seconds: 20) {
            try await Self.attempts(server, url).contains { $0.worker == "taking" && $0.status == "decided" }
        }
        let handedOver = Date().timeIntervalSince(stopped)
        #expect(handedOver < 1 + 1.5, "handed over and finished \(handedOver) s after SIGTERM (grace 1 s)")
        await draining.exited()
        #expect(draining.terminationReason == .exit)
        #expect(SandboxBuilder.processes(containing: marker).isEmpty, "the draining worker's engine was stopped")
        let rows = try await Self.attempts(server, url)
        #expect(rows.map(\.status) == ["interrupted", "decided"])
        #expect(rows.map(\.worker) == ["draining", "taking"])
        kill(taking.processIdentifier, SIGTERM)
        await taking.exited()
    }

    /// The issue's proof: three workers, sixty two-stage jobs, one worker killed twice (restarted once in between).
    @Test func killingAWorkerTwiceLosesNothingAndRunsNothingTwice() async throws {
        let server = try await PostgresTestServer.shared()
        let url = try await server.createDatabase("fleet_kill")
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        try sandbox.write("workflows/steps.yaml", LoopRunTests.shellWorkflow(stages: [
            ("frame", "sleep 0.$(( $$ % 8 + 2 )); echo frame > {output}", 30),
            ("video", "sleep 0.$(( $$ % 8 + 2 )); cat {input} > {output}", 30),
        ]))
        let ids = (1...60).map { "killed-job-\(String(format: "%04d", $0))" }
        for id in ids { try sandbox.writeJob(id) }
        let binary = try GafferProcess.binary().path
        func worker(_ id: String) throws -> Process {
            try ChildProcess.start(binary, [
                "run", "--store", url, "--worker-id", id, "--lease", "3", "--poll", "0.3", "--concurrency", "2", "--grace", "1",
                "--sandbox", sandbox.root,
            ])
        }
        var steady = [try worker("steady-1"), try worker("steady-2")]
        var victim = try worker("victim")
        defer { for process in steady + [victim] { kill(process.processIdentifier, SIGKILL) } }
        func runningOnVictim() async throws -> Bool {
            try await Self.attempts(server, url).contains { $0.worker == "victim" && $0.status == "running" }
        }
        try await Self.waitFor("the victim to run an attempt") { try await runningOnVictim() }
        kill(victim.processIdentifier, SIGKILL)  // mid-attempt; restarted at once with the same id
        await victim.exited()
        victim = try worker("victim")
        try await Task.sleep(for: .seconds(2))
        try await Self.waitFor("the restarted victim to run an attempt") { try await runningOnVictim() }
        kill(victim.processIdentifier, SIGKILL)  // mid-attempt again; this time it stays dead: its lease expires
        await victim.exited()

        let database = PostgresTestServer.database(of: url)
        try await Self.waitFor("every job to complete", seconds: 120) {
            try await server.psql("SELECT count(*) FROM jobs WHERE state = 'COMPLETED'", database: database)
                .trimmingCharacters(in: .whitespacesAndNewlines) == "\(ids.count)"
        }
        for process in steady { kill(process.processIdentifier, SIGTERM) }
        for process in steady { await process.exited() }
        steady = []

        let rows = try await Self.attempts(server, url)
        for id in ids {
            let mine = rows.filter { $0.job == id }
            #expect(mine.map(\.number) == Array(1...mine.count), "\(id): contiguous attempt numbers")
            #expect(mine.filter { $0.status == "decided" }.map(\.stage) == ["frame", "video"], "\(id): each stage accepted once")
            #expect(mine.allSatisfy { $0.status == "decided" || $0.status == "interrupted" }, "\(id): \(mine.map(\.status))")
            for (earlier, later) in zip(mine, mine.dropFirst()) {
                #expect(!earlier.ended.isEmpty && earlier.ended <= later.started, "\(id): \(earlier.attempt) and \(later.attempt) overlap")
            }
        }
        let victims = rows.filter { $0.worker == "victim" }
        #expect(victims.contains { $0.status == "interrupted" }, "the killed worker's attempts are recorded interrupted")
        #expect(!victims.contains { $0.status == "failed" })
        // No event twice: one ATTEMPT_START per attempt, one decision per decided attempt.
        let duplicated = try await server.psql(
            "SELECT job_id, attempt_id, event, count(*) FROM events WHERE attempt_id IS NOT NULL GROUP BY job_id, attempt_id, event HAVING count(*) > 1",
            database: database)
        #expect(duplicated.isEmpty, "duplicated events: \(duplicated)")
        let starts = try await server.psql("SELECT count(*) FROM events WHERE event = 'ATTEMPT_START'", database: database)
        #expect(Int(starts.trimmingCharacters(in: .whitespacesAndNewlines)) == rows.count)
    }

    @Test func aDatabaseThatGoesAwayMakesTheServerUnreadyAndTheAttemptsResultWaitsForIt() async throws {
        let server = try await PostgresTestServer.startPrivate()
        let url = try await server.createDatabase("outage")
        let database = PostgresTestServer.database(of: url)
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        let marker = "sleep 3.\(Int.random(in: 100_000...999_999))"
        try sandbox.write("workflows/slow.yaml", LoopRunTests.shellWorkflow(stages: [("video", "\(marker); echo ok > {output}", 60)]))
        try sandbox.writeJob("outlasting-job-1")
        let served = try await ServedSandbox.start(
            sandbox: sandbox.root, command: ["run", "--serve", "--store", url, "--worker-id", "outage-worker", "--poll", "0.2"])
        try await Self.waitFor("the engine to start") { !SandboxBuilder.processes(containing: marker).isEmpty }
        #expect(try await HTTP.request("GET", served.baseURL + "/readyz").status == 200)

        // The database goes away while the engine runs; the engine ends meanwhile; its result must wait, not vanish.
        try await server.stop()
        let asked = Date()
        let unready = try await HTTP.request("GET", served.baseURL + "/readyz", timeout: 10)
        #expect(unready.status == 503, "\(unready.text)")
        #expect(unready.text.contains("store"), "\(unready.text)")
        #expect(Date().timeIntervalSince(asked) < 5, "answered promptly")
        try await Self.waitFor("the engine to end") { SandboxBuilder.processes(containing: marker).isEmpty }
        try await Task.sleep(for: .seconds(1))

        try await server.start()
        try await Self.waitFor("the job to complete once the database is back", seconds: 40) {
            try await server.psql("SELECT state FROM jobs WHERE job_id = 'outlasting-job-1'", database: database)
                .trimmingCharacters(in: .whitespacesAndNewlines) == "COMPLETED"
        }
        let rows = try await Self.attempts(server, url)
        #expect(rows.map(\.status) == ["decided"], "the one attempt's result was recorded, not run again: \(rows.map(\.status))")
        #expect(try await HTTP.request("GET", served.baseURL + "/readyz").status == 200)
        #expect(await served.stop() == 0)
    }

    @Test func aWorkerPausedPastItsLeaseHasItsWritesRefusedAndItsEngineStopped() async throws {
        let server = try await PostgresTestServer.shared()
        let url = try await server.createDatabase("fleet_fencing")
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        let marker = "sleep 60.\(Int.random(in: 100_000...999_999))"
        // The paused worker's attempt (run-0001) would run for a minute; the next holder's finishes at once.
        try sandbox.write("workflows/slow.yaml", LoopRunTests.shellWorkflow(stages: [(
            "video", "[ \"$GAFFER_ATTEMPT_ID\" = run-0001 ] && \(marker); echo \"$GAFFER_ATTEMPT_ID\" > {output}", 120
        )]))
        try sandbox.writeJob("fenced-job-001")
        let binary = try GafferProcess.binary().path
        let paused = try ChildProcess.start(binary, [
            "run", "--store", url, "--worker-id", "paused", "--lease", "2", "--poll", "0.2", "--grace", "1", "--sandbox", sandbox.root,
        ], stderrPath: sandbox.path("paused-worker.log"))
        defer { kill(paused.processIdentifier, SIGKILL) }
        try await Self.waitFor("the first engine to start") { !SandboxBuilder.processes(containing: marker).isEmpty }
        kill(paused.processIdentifier, SIGSTOP)
        try await Task.sleep(for: .seconds(3))

        // Past the 2 s lease, another worker sweeps the attempt and runs the job itself.
        let holder = try await sandbox.gafferDetached(["run", "--once", "--store", url, "--worker-id", "holder", "--lease", "2", "--poll", "0.2"])
        #expect(holder.status == 0, "\(holder)")
        kill(paused.processIdentifier, SIGCONT)
        // Resumed, the paused worker finds its lease lost: it stops its engine and records nothing.
        try await Self.waitFor("the paused worker's engine to be stopped", seconds: 15, log: sandbox.path("paused-worker.log")) {
            SandboxBuilder.processes(containing: marker).isEmpty
        }
        try await Task.sleep(for: .seconds(1))
        let rows = try await Self.attempts(server, url)
        #expect(rows.map(\.status) == ["interrupted", "decided"], "\(rows.map(\.status))")
        #expect(rows.map(\.worker) == ["paused", "holder"])
        let database = PostgresTestServer.database(of: url)
        let state = try await server.psql("SELECT state FROM jobs WHERE job_id = 'fenced-job-001'", database: database)
        #expect(state.trimmingCharacters(in: .whitespacesAndNewlines) == "COMPLETED")
        #expect(try String(contentsOfFile: sandbox.path("output/fenced-job-001/out.txt"), encoding: .utf8) == "run-0002\n",
                "the outcome is the new holder's")
        kill(paused.processIdentifier, SIGTERM)
        await paused.exited()
    }

    @Test func storeMigrateAppliesAndListsTheMigrationsOfEitherStore() async throws {
        let server = try await PostgresTestServer.shared()
        let url = try await server.createDatabase("store_migrate")
        let sandbox = try SandboxBuilder()
        let onPostgres = try await sandbox.gafferDetached(["store", "migrate", "--store", url])
        #expect(onPostgres.status == 0, "\(onPostgres)")
        #expect(onPostgres.stdout.contains("4 migrations applied") && onPostgres.stdout.contains("v4-operator"), "\(onPostgres.stdout)")
        let tables = try await server.psql(
            "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('jobs', 'workers')", database: PostgresTestServer.database(of: url))
        #expect(tables.trimmingCharacters(in: .whitespacesAndNewlines) == "2", "the schema is there before any worker ran")
        let again = try await sandbox.gafferDetached(["store", "migrate", "--store", url])
        #expect(again.stdout == onPostgres.stdout, "a second run applies nothing more")
        let onSQLite = try await sandbox.gafferDetached(["store", "migrate"])
        #expect(onSQLite.status == 0 && onSQLite.stdout.contains("gaffer.sqlite: 7 migrations applied") && onSQLite.stdout.contains("v7-operator"),
                "\(onSQLite)")
        let bad = try await sandbox.gafferDetached(["store", "migrate", "--store", "mysql://x@y/z"])
        #expect(bad.status != 0 && bad.stderr.contains("not a postgres:// URL"), "\(bad)")
    }

    @Test func aJobNoWorkerHereCanRunStaysQueuedAndStatusSaysWhatItWaitsFor() async throws {
        let server = try await PostgresTestServer.shared()
        let url = try await server.createDatabase("fleet_labels")
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        try sandbox.write("workflows/gpu.yaml", LoopRunTests.shellWorkflow("gpu_v1", stages: [("video", "echo ok > {output}", 10)])
            + "    requires: {gpu: a100}\n")
        try sandbox.writeJob("needs-a100-01")
        let cpu = try await sandbox.gafferDetached(["run", "--once", "--store", url, "--worker-id", "cpu", "--label", "gpu=t4"])
        #expect(cpu.status == 4, "left queued: \(cpu)")
        let status = try await sandbox.gafferDetached(["status", "--store", url])
        #expect(status.stdout.contains("VALIDATED"), "\(status.stdout)")
        #expect(status.stdout.contains("no live worker has gpu=a100"), "the cpu worker has stopped: \(status.stdout)")
        let json = try await sandbox.gafferDetached(["status", "--json", "--store", url])
        #expect(json.stdout.contains("\"needs_labels\""), "\(json.stdout)")

        // A live worker with the labels, busy with a job of its own (one slot): the queued job waits for it.
        try sandbox.write("workflows/busy.yaml", LoopRunTests.shellWorkflow("busy_v1", stages: [(
            "video", "[ \"$GAFFER_ATTEMPT_ID\" = run-0001 ] && sleep 30; echo ok > {output}", 60
        )]) + "    requires: {gpu: a100}\n")
        try sandbox.writeJob("busy-a100-001", ["workflow": .string("busy_v1"), "priority": .number(5)])
        let busy = try ChildProcess.start(try GafferProcess.binary().path, [
            "run", "--store", url, "--worker-id", "gpu-busy", "--label", "gpu=a100", "--concurrency", "1", "--poll", "0.2", "--grace", "1",
            "--sandbox", sandbox.root,
        ])
        defer { kill(busy.processIdentifier, SIGKILL) }
        try await Self.waitFor("the busy worker's job to start") {
            try await server.psql("SELECT state FROM jobs WHERE job_id = 'busy-a100-001'", database: PostgresTestServer.database(of: url))
                .trimmingCharacters(in: .whitespacesAndNewlines) == "RUNNING"
        }
        let waiting = try await sandbox.gafferDetached(["status", "--store", url])
        #expect(waiting.stdout.contains("waits for a worker with gpu=a100 (live: gpu-busy)"), "\(waiting.stdout)")
        kill(busy.processIdentifier, SIGTERM)
        await busy.exited()
        let afterStop = try await sandbox.gafferDetached(["status", "--store", url])
        #expect(afterStop.stdout.contains("no live worker has gpu=a100"), "a worker that stopped says so: \(afterStop.stdout)")

        let gpu = try await sandbox.gafferDetached(["run", "--once", "--store", url, "--worker-id", "gpu", "--label", "gpu=a100"])
        #expect(gpu.status == 0, "\(gpu)")
        #expect(try await Self.attempts(server, url).filter { $0.job == "needs-a100-01" }.map(\.worker) == ["gpu"])
        let bad = try await sandbox.gafferDetached(["run", "--once", "--store", url, "--label", "gpu"])
        #expect(bad.status != 0 && bad.stderr.contains("--label gpu"), "\(bad)")
    }

    /// The demo's outcomes, an answered escalation and a handoff: the same on the PostgreSQL store as on SQLite.
    @Test func theDemoEndsTheSameOnBothStores() async throws {
        let seed = try TemporaryFolder("demo-seed")
        let demo = try await GafferProcess.runDetached(["demo", "--dir", seed.path("demo")])
        try #require(demo.status == 0, "\(demo)")
        func states(_ status: ProcessResult) throws -> [String: String] {
            let rows = try JSONValue.parse(status.stdout).arrayValue ?? []
            return Dictionary(uniqueKeysWithValues: rows.compactMap { row in
                row["job_id"]?.stringValue.flatMap { id in row["state"]?.stringValue.map { (id, $0) } }
            })
        }
        let onSQLite = try states(try await GafferProcess.runDetached(["status", "--json", "--sandbox", seed.path("demo")]))
        #expect(onSQLite == ["demo-clean-pass": "POSTED", "demo-frozen-motion": "COMPLETED", "demo-silent-audio": "ESCALATED"])

        let server = try await PostgresTestServer.shared()
        let url = try await server.createDatabase("demo")
        let sandbox = try SandboxBuilder()
        for folder in ["jobs", "workflows", "policies"] {
            try? FileManager.default.removeItem(atPath: sandbox.path(folder))
            try FileManager.default.copyItem(atPath: seed.path("demo/\(folder)"), toPath: sandbox.path(folder))
        }
        let run = try await sandbox.gafferDetached(["run", "--once", "--store", url])
        #expect(run.status == 3, "one job escalated: \(run)")
        let register = try await sandbox.gafferDetached([
            "handoff", "register", "--job-id", "demo-clean-pass", "--platform", "youtube", "--post-url", "https://youtu.be/gaffer-demo", "--store", url,
        ])
        #expect(register.status == 0, "\(register)")
        let onPostgres = try states(try await sandbox.gafferDetached(["status", "--json", "--store", url]))
        #expect(onPostgres == onSQLite)
        let attempts = try await Self.attempts(server, url)
        #expect(attempts.filter { $0.job == "demo-frozen-motion" }.map(\.status) == ["decided", "decided"], "a retry that repairs")

        // The escalation, answered from another process, on the shared store.
        let list = try await sandbox.gafferDetached(["escalations", "list", "--store", url])
        #expect(list.stdout.contains("esc-demo-silent-audio-run-0001"), "\(list)")
        let abort = try await sandbox.gafferDetached(["escalations", "resolve", "esc-demo-silent-audio-run-0001", "--action", "ABORT", "--by", "test", "--store", url])
        #expect(abort.status == 0, "\(abort)")
        #expect(try states(try await sandbox.gafferDetached(["status", "--json", "--store", url]))["demo-silent-audio"] == "ABORTED")
    }
}
