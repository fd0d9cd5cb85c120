import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// The scheduler with the real binary and real engines: the unit of work is one attempt, so nothing waits for
/// another job's long engine.
@Suite(.serialized)
struct SchedulerRunTests {
    @Test func aNewJobAndAnAnsweredEscalationDoNotWaitForAThirtySecondEngine() async throws {
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        // At least the issue's 30 s; 60 s keeps the proof valid when the whole suite loads both cores.
        let seconds = 60
        let marker = "sleep \(seconds).\(Int.random(in: 100_000...999_999))"
        // slow-*: sleeps 30 s. flaky-*: fails its first attempt (→ escalated with --max-retries 0), then succeeds.
        try sandbox.write("workflows/mixed.yaml", LoopRunTests.shellWorkflow(stages: [(
            "video",
            "case $GAFFER_JOB_ID in slow*) \(marker);; flaky*) [ -e ../../flaky-seen ] || { : > ../../flaky-seen; exit 1; };; esac; echo ok > {output}",
            120
        )]))
        try sandbox.writeJob("slow-engine-01")
        try sandbox.writeJob("flaky-engine-1")
        let started = Date()
        let run = try ChildProcess.start(try GafferProcess.binary().path, [
            "run", "--concurrency", "2", "--max-retries", "0", "--poll", "0.2", "--grace", "0.5", "--sandbox", sandbox.root,
        ])
        func state(_ id: String) -> String? { (try? sandbox.json("logs/\(id)/state.json"))?["state"]?.stringValue }
        func waitFor(_ what: String, _ condition: () -> Bool) async throws {
            let deadline = Date().addingTimeInterval(45)
            while !condition() {
                guard Date() < deadline else { Issue.record("timed out waiting for \(what)"); return }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        try await waitFor("the flaky job to escalate") { state("flaky-engine-1") == "ESCALATED" }
        #expect(!SandboxBuilder.processes(containing: marker).isEmpty, "the slow engine runs meanwhile")

        // Answer the escalation from another process: the job resumes at the next poll, not after the slow engine.
        let escalations = try FileManager.default.contentsOfDirectory(atPath: sandbox.path("logs/flaky-engine-1/escalations"))
        let id = try #require(escalations.first { $0.hasSuffix(".json") }).replacingOccurrences(of: ".user_action_required.v1.json", with: "")
        let answered = try await sandbox.gafferDetached(["escalations", "resolve", id, "--action", "RETRY_STAGE", "--by", "test"])
        #expect(answered.status == 0, "\(answered)")
        try await waitFor("the answered job to complete") { state("flaky-engine-1") == "COMPLETED" }

        // A job dropped into the inbox now completes too.
        try sandbox.writeJob("dropped-late-1")
        try await waitFor("the new job to complete") { state("dropped-late-1") == "COMPLETED" }
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < Double(seconds), "both finished while the \(seconds) s engine still ran (\(elapsed) s)")
        #expect(!SandboxBuilder.processes(containing: marker).isEmpty, "the slow engine is still running")
        let status = try await sandbox.gafferDetached(["status", "slow-engine-01", "--json"])
        #expect(status.stdout.contains("\"RUNNING\""), "RUNNING while its attempt runs: \(status.stdout)")

        kill(run.processIdentifier, SIGTERM)
        await run.exited()
        #expect(run.terminationReason == .exit)
        #expect(SandboxBuilder.processes(containing: marker).isEmpty, "SIGTERM stopped the slow engine after the grace period")
        #expect(state("slow-engine-01") == "VALIDATED", "interrupted, queued again")
    }
}
