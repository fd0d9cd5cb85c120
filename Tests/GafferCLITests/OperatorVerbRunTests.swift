import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// `gaffer jobs` against a real `gaffer run`: a cancel stops the running engine's process group at once.
@Suite(.serialized) struct OperatorVerbRunTests {
    @Test func cancellingARunningJobStopsItsEngineAtOnceAndTheRunRecordsNothingAfter() async throws {
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        let marker = "gaffer-cancel-\(UInt32.random(in: 0...UInt32.max))"
        try sandbox.write("workflows/slow.yaml", LoopRunTests.shellWorkflow(stages: [("video", "sleep 120; echo \(marker)", 300)]))
        try sandbox.writeJob("cancel-run-001")
        // A long lease (heartbeat every 20 s): the engine gone when the verb returns was stopped by the verb, not by
        // the worker finding its lease lost.
        let run = try ChildProcess.start(try GafferProcess.binary().path, ["run", "--lease", "120", "--sandbox", sandbox.root])
        defer { if run.isRunning { kill(run.processIdentifier, SIGKILL) } }
        let deadline = Date().addingTimeInterval(60)
        while SandboxBuilder.processes(containing: marker).isEmpty {
            try #require(Date() < deadline, "the engine never started")
            try await Task.sleep(for: .milliseconds(100))
        }
        let cancel = try await sandbox.gafferDetached(["jobs", "cancel", "cancel-run-001", "--note", "wrong brief", "--by", "ana"])
        #expect(cancel.status == 0, "\(cancel)")
        #expect(cancel.stdout.contains("ABORTED") && cancel.stdout.contains("process group was stopped"), "\(cancel.stdout)")
        #expect(SandboxBuilder.processes(containing: marker).isEmpty, "the engine is gone when the verb returns")
        // The worker saw its engine end and found its lease gone: it records nothing more for the job.
        try await Task.sleep(for: .seconds(2))
        kill(run.processIdentifier, SIGTERM)
        await run.exited()
        let status = try JSONValue.parse(try await sandbox.gafferDetached(["status", "--json"]).stdout)
        #expect(status[0]?["state"] == "ABORTED", "\(status)")
        let events = try String(contentsOfFile: sandbox.path("logs/cancel-run-001/events.ndjson"), encoding: .utf8)
            .split(separator: "\n").compactMap { try? JSONValue.parse(String($0)) }
        #expect(events.last?["event"] == "CANCELLED" && events.last?["details"]?["by"] == "ana", "\(events.last.map { "\($0)" } ?? "")")
        #expect(events.filter { $0["event"] == "ATTEMPT_START" }.count == 1, "it was not run again")
    }
}
