import Dispatch
import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// SIGKILL at several points of a multi-job run, then `gaffer run --once` again: nothing lost, nothing doubled.
@Suite(.serialized)
struct CrashSafetyTests {
    @Test(arguments: [0.3, 1.2, 2.1])
    func killedRunsResumeWithoutLossOrDuplicates(afterSeconds delay: Double) async throws {
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        try sandbox.write("workflows/steps.yaml", LoopRunTests.shellWorkflow(stages: [
            ("frame", "sleep 0.6; echo frame > {output}", 20),
            ("video", "sleep 0.6; cat {input} > {output}", 20),
        ]))
        let ids = (1...8).map { "crash-job-\(String(format: "%04d", $0))" }
        for id in ids { try sandbox.writeJob(id) }

        let binary = try GafferProcess.binary().path
        let run = try ChildProcess.start(binary, ["run", "--once", "--concurrency", "2", "--sandbox", sandbox.root])
        let pid = run.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { kill(pid, SIGKILL) }
        await run.exited()
        #expect(run.terminationReason == .uncaughtSignal, "the first run was killed mid-flight")

        let resumed = try await sandbox.gafferDetached(["run", "--once", "--concurrency", "2"])
        #expect(resumed.status == 0, "\(resumed)")

        for id in ids {
            let state = try sandbox.json("logs/\(id)/state.json")
            #expect(state["state"] == "COMPLETED", "\(id): \(state)")
            let attempts = try sandbox.json("logs/\(id)/attempt_lineage.v1.json")["attempts"]?.arrayValue ?? []
            let numbers = attempts.compactMap { $0["attempt_id"]?.stringValue }
            #expect(numbers == (1...numbers.count).map { String(format: "run-%04d", $0) }, "\(id): attempt ids continue without gaps: \(numbers)")
            let decided = attempts.filter { $0["outcome"] == "decided" }.compactMap { $0["stage"]?.stringValue }
            #expect(decided == ["frame", "video"], "\(id): each stage decided exactly once: \(decided)")
            let interrupted = attempts.filter { $0["outcome"] == "interrupted" }.count
            #expect(interrupted + 2 == attempts.count, "\(id): anything else was recorded as interrupted")

            let lines = try String(contentsOfFile: sandbox.path("logs/\(id)/events.ndjson"), encoding: .utf8)
                .split(separator: "\n").map { try JSONValue.parse(String($0)) }
            let starts = lines.filter { $0["event"] == "ATTEMPT_START" }.compactMap { $0["attempt_id"]?.stringValue }
            #expect(starts == numbers, "\(id): one ATTEMPT_START per attempt, none duplicated")
            #expect(lines.filter { $0["event"] == "DECIDED" }.count == 2)
            #expect(Set(lines.compactMap { $0["run_id"]?.stringValue }).count >= 1)
        }
        for file in sandbox.jsonFiles() {
            #expect(throws: Never.self, "\(file) parses") { try sandbox.json(file) }
        }
    }
}

/// Fifty registrations from separate processes at once: fifty entries and a valid ledger.
struct HandoffConcurrencyTests {
    @Test func fiftyConcurrentRegistrationsLeaveFiftyEntries() async throws {
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        try sandbox.write("workflows/quick.yaml", LoopRunTests.shellWorkflow(stages: [("video", "echo ok > {output}", 10)]))
        let ids = (1...50).map { "post-job-\(String(format: "%04d", $0))" }
        for id in ids { try sandbox.writeJob(id) }
        let run = try await sandbox.gafferDetached(["run", "--once", "--concurrency", "4"])
        #expect(run.status == 0, "\(run)")

        let binary = try GafferProcess.binary().path
        let registrations = try ids.map { id in
            try ChildProcess.start(binary, [
                "handoff", "register", "--job-id", id, "--platform", "tiktok",
                "--post-url", "https://www.tiktok.com/@gaffer/video/\(id)", "--sandbox", sandbox.root,
            ])
        }
        for process in registrations { await process.exited() }
        #expect(registrations.allSatisfy { $0.terminationStatus == 0 })

        let validate = try await GafferProcess.runDetached(["validate", sandbox.path("handoff_registry.v1.json")])
        #expect(validate.status == 0, "\(validate)")
        let entries = try sandbox.json("handoff_registry.v1.json")["entries"]?.arrayValue ?? []
        #expect(entries.count == 50)
        #expect(Set(entries.compactMap { $0["job_id"]?.stringValue }) == Set(ids))
        let status = try JSONValue.parse(try await sandbox.gafferDetached(["status", "--json"]).stdout).arrayValue ?? []
        #expect(status.allSatisfy { $0["state"] == "POSTED" })

        // The same registration again is a no-op; a different URL is refused unless forced.
        let again = try await sandbox.gafferDetached(["handoff", "register", "--job-id", ids[0], "--platform", "tiktok", "--post-url", "https://www.tiktok.com/@gaffer/video/\(ids[0])"])
        #expect(again.status == 0 && again.stdout.contains("nothing changed"), "\(again)")
        let conflicting = try await sandbox.gafferDetached(["handoff", "register", "--job-id", ids[0], "--platform", "tiktok", "--post-url", "https://www.tiktok.com/@gaffer/video/other"])
        #expect(conflicting.status == 2, "\(conflicting)")
        let forced = try await sandbox.gafferDetached(["handoff", "register", "--job-id", ids[0], "--platform", "tiktok", "--post-url", "https://www.tiktok.com/@gaffer/video/other", "--force"])
        #expect(forced.status == 0, "\(forced)")
        #expect(try sandbox.json("handoff_registry.v1.json")["entries"]?.arrayValue?.count == 50)
        let badURL = try await sandbox.gafferDetached(["handoff", "register", "--job-id", ids[1], "--platform", "youtube", "--post-url", "youtu.be/x"])
        #expect(badURL.status == 2)
        let unknownJob = try await sandbox.gafferDetached(["handoff", "register", "--job-id", "never-existed-01", "--platform", "youtube", "--post-url", "https://youtu.be/x"])
        #expect(unknownJob.status == 2)
    }
}

/// A post on a platform the job does not list is refused (nothing written); forced, it is registered and says so.
struct HandoffPlatformTests {
    @Test func aPlatformTheJobDoesNotListIsRefusedUnlessForcedAndTheForcingIsRecorded() async throws {
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        try sandbox.write("workflows/quick.yaml", LoopRunTests.shellWorkflow(stages: [("video", "echo ok > {output}", 10)]))
        try sandbox.writeJob("for-tiktok-001", ["platforms": ["tiktok"]])
        #expect(try await sandbox.gafferDetached(["run", "--once"]).status == 0)
        let before = sandbox.jsonFiles()

        let refused = try await sandbox.gafferDetached(["handoff", "register", "--job-id", "for-tiktok-001", "--platform", "youtube", "--post-url", "https://youtu.be/x1"])
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("the job is for tiktok only; pass --force"), "\(refused)")
        #expect(sandbox.jsonFiles() == before, "nothing was written")
        #expect(try sandbox.json("logs/for-tiktok-001/state.json")["state"] == "COMPLETED")

        let forced = try await sandbox.gafferDetached(["handoff", "register", "--job-id", "for-tiktok-001", "--platform", "youtube", "--post-url", "https://youtu.be/x1", "--force"])
        #expect(forced.status == 0, "\(forced)")
        #expect(try sandbox.json("logs/for-tiktok-001/state.json")["state"] == "POSTED")
        let events = try String(contentsOfFile: sandbox.path("logs/for-tiktok-001/events.ndjson"), encoding: .utf8)
            .split(separator: "\n").map { try JSONValue.parse(String($0)) }
        let posted = try #require(events.last { $0["details"]?["platform"] == "youtube" })
        #expect(posted["details"]?["forced"] == "the job lists tiktok, not youtube", "\(posted)")

        let listed = try await sandbox.gafferDetached(["handoff", "register", "--job-id", "for-tiktok-001", "--platform", "tiktok", "--post-url", "https://www.tiktok.com/@g/video/1"])
        #expect(listed.status == 0, "a listed platform needs no force: \(listed)")
    }
}

/// SPEC §8: a sandbox that already holds the original's ledger keeps its entries — nulls dropped on rewrite, its
/// `file://` URL kept and flagged by `handoff list` — while `gaffer validate` still names what breaks the schema.
struct OriginalLedgerTests {
    @Test func theOriginalsLedgerKeepsItsEntries() async throws {
        let original = RepositoryPaths.originalFiles
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        try sandbox.write("workflows/quick.yaml", LoopRunTests.shellWorkflow(stages: [("video", "echo ok > {output}", 10)]))
        try sandbox.writeJob("post-after-original")
        let run = try await sandbox.gafferDetached(["run", "--once"])
        #expect(run.status == 0, "\(run)")
        try FileManager.default.copyItem(atPath: original + "/repo/shared/handoff_registry.v1.json", toPath: sandbox.path("handoff_registry.v1.json"))

        let list = try await sandbox.gafferDetached(["handoff", "list"])
        #expect(list.status == 0 && list.stdout.contains("smoke-posted") && list.stdout.contains("(legacy: not an http(s) URL)"), "\(list)")
        let strict = try await GafferProcess.runDetached(["validate", sandbox.path("handoff_registry.v1.json")])
        #expect(strict.status == 2 && strict.stdout.contains("/entries/0/platform_post_id") && strict.stdout.contains("/entries/1/post_url"), "\(strict)")

        let register = try await sandbox.gafferDetached([
            "handoff", "register", "--job-id", "post-after-original", "--platform", "youtube", "--post-url", "https://youtu.be/gaffer-1",
        ])
        #expect(register.status == 0, "\(register)")
        let ledger = try sandbox.json("handoff_registry.v1.json")
        let entries = ledger["entries"]?.arrayValue ?? []
        #expect(entries.map { $0["job_id"]?.stringValue } == ["smoke-posted", "pr-val-01-dialogue", "post-after-original"], "\(ledger)")
        #expect(entries.allSatisfy { $0["platform_post_id"] == nil }, "nulls are dropped on rewrite")
        #expect(entries[1]["post_url"]?.stringValue?.hasPrefix("file://") == true, "the legacy URL is kept")
        let after = try await GafferProcess.runDetached(["validate", sandbox.path("handoff_registry.v1.json")])
        #expect(after.status == 2 && after.stdout.contains("/entries/1/post_url") && !after.stdout.contains("platform_post_id"), "\(after)")
    }
}
