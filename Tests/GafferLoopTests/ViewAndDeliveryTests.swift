import Foundation
import GafferContracts
import GafferStore
import GafferTestSupport
import Testing

@testable import GafferLoop

/// The files an operator reads (views, written without fsync and rebuilt when stale) and the delivered output.
@Suite struct ViewAndDeliveryTests {
    static let good: [String: JSONValue] = ["quality": 0.9]

    static func stateView(_ harness: LoopHarness, _ id: String) -> JSONValue? {
        FileManager.default.contents(atPath: harness.layout.statePath(id)).flatMap { try? JSONParser.parse($0) }
    }

    @Test func anAttemptThatLastsShowsRunningInItsViewAndItsEndShowsCompleted() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["video"]))
        try harness.writeJob("long-job-0001")
        // The first attempt fails its gate (a retry); the second one lasts until the test opens the gate, so only
        // the refresh made while an attempt runs can show it RUNNING.
        let gate = Gate()
        let launcher = ScriptedLauncher { call in
            if call.attemptID == "run-0002" && !call.isAnalysis { await gate.wait() }
            return ScriptAnswer(scores: call.attemptID == "run-0001" ? ["quality": 0.1] : Self.good)
        }
        let scheduler = harness.scheduler(launcher, once: false)
        let loop = Task { try await scheduler.run() }
        try await waitFor { launcher.calls(job: "long-job-0001").count == 2 }
        try await waitFor {
            let view = Self.stateView(harness, "long-job-0001")
            return view?["state"]?.stringValue == "RUNNING" && view?["attempt_id"]?.stringValue == "run-0002"
        }
        gate.open()
        try await waitFor { Self.stateView(harness, "long-job-0001")?["state"]?.stringValue == "COMPLETED" }
        scheduler.requestStop()
        try await loop.value
    }

    @Test func viewsThatDoNotMatchTheStoreAreRebuiltWhenTheLoopStarts() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["video"]))
        try harness.writeJob("torn-view-001")
        try harness.writeJob("kept-view-001")
        let launcher = ScriptedLauncher { _ in ScriptAnswer(scores: Self.good) }
        _ = try await harness.scheduler(launcher).runOnce()
        // What a machine crash can leave of files written without fsync: an empty state.json, a missing event log.
        try Data().write(to: URL(fileURLWithPath: harness.layout.statePath("torn-view-001")))
        try FileManager.default.removeItem(atPath: harness.layout.eventsPath("torn-view-001"))
        let kept = try #require(FileManager.default.attributesOfItem(atPath: harness.layout.statePath("kept-view-001"))[.modificationDate] as? Date)
        try await Task.sleep(for: .milliseconds(20))

        _ = try await harness.scheduler(launcher).runOnce()
        #expect(Self.stateView(harness, "torn-view-001")?["state"]?.stringValue == "COMPLETED")
        let lines = try String(contentsOfFile: harness.layout.eventsPath("torn-view-001"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == (try await harness.store.events(jobID: "torn-view-001")).count)
        let after = try #require(FileManager.default.attributesOfItem(atPath: harness.layout.statePath("kept-view-001"))[.modificationDate] as? Date)
        #expect(after == kept, "a view that matches the store is left alone")
    }

    @Test func theDeliveredOutputIsTheAcceptedAttemptsFileMadeReadOnly() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["video"]))
        try harness.writeJob("linked-job-01")
        _ = try await harness.scheduler(ScriptedLauncher { _ in ScriptAnswer(scores: Self.good) }).runOnce()
        #expect(try await harness.job("linked-job-01").state == .completed)
        let accepted = try #require(try await harness.store.acceptedOutputs(jobID: "linked-job-01").first)
        let delivered = try FileManager.default.attributesOfItem(atPath: harness.layout.outputFolder("linked-job-01") + "/out.txt")
        let source = try FileManager.default.attributesOfItem(atPath: harness.layout.path(accepted.path))
        #expect(delivered[.systemFileNumber] as? UInt64 == source[.systemFileNumber] as? UInt64, "one file, not a copy")
        #expect((delivered[.posixPermissions] as? Int).map { $0 & 0o222 } == 0, "read-only")
    }

    @Test func anOutputFolderOnAnotherFileSystemGetsACopy() async throws {
        let elsewhere = "/dev/shm/gaffer-delivery-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        let harness = try LoopHarness()
        let device = { (path: String) in try FileManager.default.attributesOfItem(atPath: path)[.systemNumber] as? Int }
        try #require(try device(elsewhere) != device(harness.folder.root), "/dev/shm is a second file system here")
        try FileManager.default.createSymbolicLink(atPath: harness.folder.path("output"), withDestinationPath: elsewhere)
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["video"]))
        try harness.writeJob("copied-job-01")
        _ = try await harness.scheduler(ScriptedLauncher { _ in ScriptAnswer(scores: Self.good) }).runOnce()
        #expect(try await harness.job("copied-job-01").state == .completed)
        let accepted = try #require(try await harness.store.acceptedOutputs(jobID: "copied-job-01").first)
        let delivered = elsewhere + "/copied-job-01/out.txt"
        #expect(FileManager.default.contents(atPath: delivered) == FileManager.default.contents(atPath: harness.layout.path(accepted.path)))
        #expect(FileManager.default.contents(atPath: delivered)?.isEmpty == false)
    }
}
