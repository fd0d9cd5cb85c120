import Foundation
import GafferContracts
import GafferStore
import GafferTestSupport
import Glibc
import Testing

@testable import GafferLoop

/// Recovery after a crash (SPEC §6.4): an engine never outlives the Gaffer that started it by more than a restart.
@Suite struct RecoveryTests {
    /// Gaffer died between the spawn and recording the engine's process group: the restart still finds the engine
    /// (by the attempt folder in its environment) and stops it, and leaves an unrelated look-alike alone.
    @Test func anEngineWhoseGroupWasNeverRecordedIsFoundByItsAttemptFolderAndStopped() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["video"]))
        try harness.writeJob("crashed-job-1")
        let configuration = harness.configuration()
        // The first Gaffer admitted and claimed the job, spawned the engine, and died before recording it.
        _ = await harness.scheduler(ScriptedLauncher { _ in ScriptAnswer() }, once: true).scan()
        let claim = try await harness.store.claim(
            jobID: "crashed-job-1", stage: "video", worker: configuration.worker, now: Timestamp.now(), leaseSeconds: 30, runID: "r0")
        let folder = configuration.layout.attemptFolder("crashed-job-1", claim.attempt.attemptID)
        let marker = "sleep 300.\(Int.random(in: 100_000...999_999))"
        func engine(_ attemptDir: String) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            process.arguments = ["/bin/sh", "-c", "\(marker); :"]
            process.environment = ["PATH": "/usr/bin:/bin", "GAFFER_ATTEMPT_DIR": attemptDir]
            try process.run()
            return process
        }
        let orphan = try engine(folder)
        let lookAlike = try engine(folder + "-other")
        defer {
            kill(orphan.processIdentifier, SIGKILL)
            kill(lookAlike.processIdentifier, SIGKILL)
            for pid in SandboxBuilder.processes(containing: marker) { kill(pid, SIGKILL) }
        }
        let deadline = Date().addingTimeInterval(10)
        // Both shells and both sleeps: recovery must not race an engine still starting its child.
        while SandboxBuilder.processes(containing: marker).count < 4 {
            try #require(Date() < deadline, "the engines never started")
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await harness.store.attempts(jobID: "crashed-job-1").first?.processGroup == nil, "no group was recorded")

        try await harness.scheduler(ScriptedLauncher { _ in ScriptAnswer() }, once: true).recover()
        // Each engine is a shell and its sleep; what is left must be the look-alike's, all of it.
        let survivors = SandboxBuilder.processes(containing: marker).map { pid in
            String(decoding: FileManager.default.contents(atPath: "/proc/\(pid)/environ") ?? Data(), as: UTF8.self)
        }
        #expect(survivors.count == 2 && survivors.allSatisfy { $0.contains("GAFFER_ATTEMPT_DIR=\(folder)-other") },
                "the orphan is stopped, its look-alike of another attempt folder is not: \(survivors)")
        #expect(try await harness.store.attempts(jobID: "crashed-job-1").map(\.status) == [.interrupted])
    }
}
