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
        let database = String(url.split(separator: "/").last!)
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
}
