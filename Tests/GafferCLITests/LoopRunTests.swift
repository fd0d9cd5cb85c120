import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// `gaffer run` with real subprocess engines: budgets, kills, hostile input, exit codes.
@Suite(.serialized)
struct LoopRunTests {
    static func shellWorkflow(_ id: String = "shell_v1", stages: [(name: String, script: String, timeout: Double)], stall: Double? = nil) -> String {
        var text = "workflow_id: \(id)\nengine_env: [PATH]\nstages:\n"
        for stage in stages {
            text += "  - name: \(stage.name)\n    command: [\"/bin/sh\", \"-c\", \(String(decoding: JSONValue.string(stage.script).serialized(pretty: false), as: UTF8.self))]\n"
            text += "    output: out.txt\n    timeout_seconds: \(stage.timeout)\n    grace_seconds: 0.5\n    analyze: none\n"
            if let stall { text += "    stall_seconds: \(stall)\n" }
        }
        return text
    }

    @Test func aLongReasonIsCutWithAnEllipsisInTheStatusTableAndWholeInJSON() async throws {
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        try sandbox.write("workflows/shell.yaml", Self.shellWorkflow(stages: [("video", "exit 1", 10)]))
        // An unknown workflow makes the job INVALID with a reason far longer than the column.
        try sandbox.writeJob("long-reason-001", ["workflow": "a_workflow_whose_name_alone_is_longer_than_the_reason_column_of_the_table_v1"])
        _ = try await sandbox.gafferDetached(["run", "--once"])
        let table = try await sandbox.gafferDetached(["status"])
        let row = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("long-reason-001") })
        #expect(row.hasSuffix("…"), "\(row)")
        let reason = try JSONValue.parse(try await sandbox.gafferDetached(["status", "--json"]).stdout)[0]?["reason"]?.stringValue ?? ""
        #expect(reason.count > 70 && !reason.hasSuffix("…"), "the JSON keeps the whole reason: \(reason)")
    }

    @Test func aTwoStageJobCompletesAndTheSecondStageReadsTheFirstsOutput() async throws {
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        try sandbox.write("workflows/shell.yaml", Self.shellWorkflow(stages: [
            ("frame", "echo frame-$GAFFER_JOB_ID > {output}", 10),
            ("video", "cat {input} > {output}; echo video >> {output}", 10),
        ]))
        try sandbox.writeJob("two-stage-001")
        let result = try await sandbox.gafferDetached(["run", "--once"])
        #expect(result.status == 0, "\(result)")
        let state = try sandbox.json("logs/two-stage-001/state.json")
        #expect(state["state"] == "COMPLETED")
        let final = try String(contentsOfFile: sandbox.path("output/two-stage-001/out.txt"), encoding: .utf8)
        #expect(final == "frame-two-stage-001\nvideo\n")
        let lineage = try sandbox.json("logs/two-stage-001/attempt_lineage.v1.json")
        #expect(lineage["attempts"]?.arrayValue?.map { $0["attempt_id"]?.stringValue } == ["run-0001", "run-0002"])
    }

    @Test func aHangingEngineWithAGrandchildIsKilledRetriedAndEscalated() async throws {
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        // Distinctive sleep lengths mark the engine's processes so the test can look for survivors.
        let seconds = Int.random(in: 1_000_000...9_000_000)
        let marker = "sleep \(seconds)"
        try sandbox.write("workflows/hang.yaml", Self.shellWorkflow(stages: [
            ("video", "sleep \(seconds) & sleep \(seconds + 1); wait", 1.5),
        ]))
        try sandbox.writeJob("hangs-forever-001")
        let result = try await sandbox.gafferDetached(["run", "--once", "--max-retries", "1"])
        #expect(result.status == 3, "escalated → 3: \(result)")
        #expect(SandboxBuilder.processes(containing: marker).isEmpty, "no process of the engine survives")
        let lineage = try sandbox.json("logs/hangs-forever-001/attempt_lineage.v1.json")
        #expect(lineage["attempts"]?.arrayValue?.count == 2, "one attempt and one retry")
        let escalations = try FileManager.default.contentsOfDirectory(atPath: sandbox.path("logs/hangs-forever-001/escalations"))
            .filter { $0.hasSuffix(".json") }
        let escalation = try sandbox.json("logs/hangs-forever-001/escalations/\(try #require(escalations.first))")
        #expect(escalation["reason"] == "RETRY_BUDGET_EXCEEDED")
        #expect(escalation["evidence"]?["engine"]?["timed_out"] == true)
        let metrics = try sandbox.json("logs/hangs-forever-001/attempts/run-0001/production_metrics.v1.json")
        #expect(metrics["engine_metrics"]?["timed_out"] == true)
    }

    @Test func aStalledEngineIsKilledAtTheStallTimeoutNotTheWallTimeout() async throws {
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        try sandbox.write("workflows/stall.yaml", Self.shellWorkflow(stages: [("video", "echo starting; sleep 1000", 60)], stall: 1))
        try sandbox.writeJob("stalls-quietly-001")
        let started = Date()
        let result = try await sandbox.gafferDetached(["run", "--once", "--max-retries", "0"])
        #expect(result.status == 3, "\(result)")
        #expect(Date().timeIntervalSince(started) < 30, "killed at the 1 s stall, not the 60 s timeout")
        let metrics = try sandbox.json("logs/stalls-quietly-001/attempts/run-0001/production_metrics.v1.json")
        #expect(metrics["engine_metrics"]?["stalled"] == true)
    }

    @Test func invalidJobsAreRecordedAndNothingIsWrittenOutsideTheSandbox() async throws {
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        try sandbox.write("workflows/ok.yaml", Self.shellWorkflow(stages: [("video", "echo ok > {output}", 10)]))
        let escape = "gaffer-escape-\(UInt32.random(in: 0...UInt32.max))"
        try sandbox.write("jobs/escape.job.json", #"{"job_id": "../../../tmp/\#(escape)"}"#)
        try sandbox.write("jobs/broken.job.json", "{ this is not json")
        try sandbox.writeJob("fine-job-001")
        let result = try await sandbox.gafferDetached(["run", "--once"])
        #expect(result.status == 2, "an INVALID job makes --once exit 2: \(result)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/\(escape)"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.path("../\(escape)")))
        let status = try await sandbox.gafferDetached(["status", "--json"])
        let jobs = try JSONValue.parse(status.stdout).arrayValue ?? []
        #expect(jobs.filter { $0["state"] == "INVALID" }.count == 2)
        #expect(jobs.first { $0["job_id"] == "fine-job-001" }?["state"] == "COMPLETED")
        let reasons = jobs.compactMap { $0["reason"]?.stringValue }.joined(separator: "\n")
        #expect(reasons.contains("/job_id"), "the reason names the field: \(reasons)")
        #expect(reasons.contains("malformed JSON"))
    }

    @Test func aWorkflowNamingAnUnknownStageIsRefusedWithItsPath() async throws {
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        try sandbox.write("workflows/bad.yaml", """
            workflow_id: bad_v1
            stages:
              - name: video
                command: ["/bin/true"]
                output: out.txt
                input_from: nowhere
            """)
        try sandbox.writeJob("any-job-0001")
        let result = try await sandbox.gafferDetached(["run", "--once"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("bad.yaml: /stages/0/input_from"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.path("logs/any-job-0001/attempts")), "no attempt was started")
        let state = try sandbox.json("logs/any-job-0001/state.json")
        #expect(state["state"] == "INVALID", "only the job that uses the broken workflow is INVALID")
        #expect(state["reason"]?.stringValue?.contains("bad.yaml: /stages/0/input_from") == true, "\(state)")
    }

    @Test func aSecondRunOnTheSameSandboxIsBusy() async throws {
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        try sandbox.write("workflows/slow.yaml", Self.shellWorkflow(stages: [("video", "sleep 3; echo ok > {output}", 30)]))
        try sandbox.writeJob("slow-job-0001")
        let first = try ChildProcess.start(try GafferProcess.binary().path, ["run", "--once", "--sandbox", sandbox.root])
        try await Task.sleep(for: .seconds(1))
        let second = try await sandbox.gafferDetached(["run", "--once"])
        #expect(second.status == 5, "\(second)")
        await first.exited()
        #expect(first.terminationStatus == 0)
    }
}

/// SIGTERM: intake stops, the running attempt gets the grace period, then it is killed and recorded as
/// interrupted (not failed), and the next run picks the job up again.
@Suite(.serialized)
struct GracefulStopTests {
    @Test func sigtermInterruptsTheRunningAttemptWithoutCountingItAsAFailure() async throws {
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        let seconds = Int.random(in: 1_000_000...9_000_000)
        // First attempt: hangs (until stopped). Any later attempt: finishes at once.
        try sandbox.write("workflows/slow.yaml", LoopRunTests.shellWorkflow(stages: [
            ("video", "if [ -e ../../first-done ]; then echo ok > {output}; else : > ../../first-done; sleep \(seconds); fi", 600),
        ]))
        try sandbox.writeJob("stopped-job-001")
        let run = try ChildProcess.start(try GafferProcess.binary().path, ["run", "--once", "--grace", "0.5", "--sandbox", sandbox.root])
        var waited = 0
        while SandboxBuilder.processes(containing: "sleep \(seconds)").isEmpty && waited < 300 {
            try await Task.sleep(for: .milliseconds(100))
            waited += 1
        }
        kill(run.processIdentifier, SIGTERM)
        await run.exited()
        #expect(run.terminationReason == .exit, "gaffer exits by itself on SIGTERM")
        #expect(SandboxBuilder.processes(containing: "sleep \(seconds)").isEmpty, "the engine was killed after the grace period")
        let lineage = try sandbox.json("logs/stopped-job-001/attempt_lineage.v1.json")
        #expect(lineage["attempts"]?[0]?["outcome"] == "interrupted", "\(lineage)")

        let resumed = try await sandbox.gafferDetached(["run", "--once", "--max-retries", "0"])
        #expect(resumed.status == 0, "the interrupted attempt did not use up the zero-retry budget: \(resumed)")
        #expect(try sandbox.json("logs/stopped-job-001/state.json")["state"] == "COMPLETED")
    }
}

/// One process runs the loop and the server; SIGTERM stops both. Logs are JSON lines when stderr is not a terminal.
@Suite(.serialized)
struct RunServeAndLogTests {
    @Test func runServeWorksJobsAndServesThemUntilSigterm() async throws {
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        try sandbox.write("workflows/quick.yaml", LoopRunTests.shellWorkflow(stages: [("video", "echo ok > {output}", 10)]))
        try sandbox.writeJob("served-job-0001")
        let server = try await ServedSandbox.start(sandbox: sandbox.root, command: ["run", "--serve", "--grace", "1"])
        var state = ""
        for _ in 0..<100 where state != "COMPLETED" {
            try await Task.sleep(for: .milliseconds(100))
            let reply = try await HTTP.request("GET", server.baseURL + "/api/jobs/served-job-0001")
            state = reply.status == 200 ? (try reply.json()["state"].string ?? "") : ""
        }
        #expect(state == "COMPLETED", "the loop worked the job while the server answered")
        let health = try await HTTP.request("GET", server.baseURL + "/healthz")
        #expect(health.status == 200)
        // A job dropped into the inbox later is picked up by the same running process.
        try sandbox.writeJob("served-job-0002")
        var second = ""
        for _ in 0..<100 where second != "COMPLETED" {
            try await Task.sleep(for: .milliseconds(100))
            let reply = try await HTTP.request("GET", server.baseURL + "/api/jobs/served-job-0002")
            second = reply.status == 200 ? (try reply.json()["state"].string ?? "") : ""
        }
        #expect(second == "COMPLETED")
        #expect(await server.stop() == 0, "SIGTERM stops the loop and the server cleanly")
    }

    @Test func aFaultInOneJobLeavesTheServerAndTheOtherJobsRunning() async throws {
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        try sandbox.write("workflows/quick.yaml", LoopRunTests.shellWorkflow("quick_v1", stages: [("video", "echo ok > {output}", 10)]))
        try sandbox.write("workflows/broken.yaml", "workflow_id: broken\nstages: [ {name: video")
        try sandbox.writeJob("uses-broken-001", ["workflow": "broken"])
        try sandbox.writeJob("undeliverable-1", ["workflow": "quick_v1"])
        try sandbox.write("output/undeliverable-1", "a file where the output folder should be")
        try sandbox.writeJob("fine-served-001", ["workflow": "quick_v1"])
        let server = try await ServedSandbox.start(sandbox: sandbox.root, command: ["run", "--serve", "--grace", "1", "--poll", "0.2"])
        func state(_ id: String) async throws -> String {
            let reply = try await HTTP.request("GET", server.baseURL + "/api/jobs/\(id)")
            return reply.status == 200 ? (try reply.json()["state"].string ?? "") : ""
        }
        var states: [String] = []
        for _ in 0..<150 {
            states = [try await state("uses-broken-001"), try await state("undeliverable-1"), try await state("fine-served-001")]
            if states == ["INVALID", "ESCALATED", "COMPLETED"] { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(states == ["INVALID", "ESCALATED", "COMPLETED"], "each fault stays on its job: \(states)")
        // The server still answers, and a job dropped in now still runs.
        #expect(try await HTTP.request("GET", server.baseURL + "/healthz").status == 200)
        try sandbox.writeJob("after-faults-01", ["workflow": "quick_v1"])
        var later = ""
        for _ in 0..<100 where later != "COMPLETED" {
            try await Task.sleep(for: .milliseconds(100))
            later = try await state("after-faults-01")
        }
        #expect(later == "COMPLETED")
        let escalations = try await HTTP.request("GET", server.baseURL + "/api/escalations")
        #expect(escalations.status == 200)
        #expect(String(decoding: escalations.body, as: UTF8.self).contains("output/undeliverable-1"), "the operator-facing text names the folder")
        #expect(await server.stop() == 0)
    }

    @Test func logsAreJSONLinesWithTheJobsFieldsWhenStderrIsNotATerminal() async throws {
        let sandbox = try SandboxBuilder()
        try sandbox.writeOpenPolicy()
        try sandbox.write("workflows/quick.yaml", LoopRunTests.shellWorkflow(stages: [("video", "echo ENGINE-OUTPUT-MARKER; echo ok > {output}", 10)]))
        try sandbox.writeJob("logged-job-0001")
        let result = try await sandbox.gafferDetached(["run", "--once"])
        #expect(result.status == 0, "\(result)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try JSONValue.parse(line)
            for key in ["ts", "level", "msg", "component", "run_id"] {
                #expect(object[key]?.stringValue != nil, "\(key) missing in \(line)")
            }
        }
        let started = try lines.map(JSONValue.parse).first { $0["msg"] == "attempt started" }
        #expect(started?["job_id"] == "logged-job-0001")
        #expect(started?["stage"] == "video")
        #expect(started?["attempt_id"] == "run-0001")
        #expect(!result.stderr.contains("ENGINE-OUTPUT-MARKER"), "engine output stays in the attempt's log")
        let engineLog = try String(contentsOfFile: sandbox.path("logs/logged-job-0001/attempts/run-0001/engine.log"), encoding: .utf8)
        #expect(engineLog.contains("ENGINE-OUTPUT-MARKER"))
    }
}
