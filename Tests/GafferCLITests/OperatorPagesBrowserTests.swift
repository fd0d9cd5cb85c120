import Crypto
import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// The operator's day in a real browser (headless Chromium at 1280×800) against a real `gaffer serve` and a real
/// `gaffer run`: queue → job page → pick run-0001 of a job whose later attempts crashed → it COMPLETES with
/// run-0001's output; waive a failing gate → the job proceeds and its report says waived; approve a clip waiting for
/// approval; the page shows a running attempt's progress. The answer buttons are on screen without scrolling.
@Suite(.serialized)
struct OperatorPagesBrowserTests {
    /// An engine and an analyzer in shell: the engine writes its take (or crashes on the attempts `crash` names), the
    /// analyzer scores it `score`.
    static func workflow(_ id: String, score: Double, crash: String = "", extra: String = "") -> String {
        let engine = "case {attempt_id} in \(crash.isEmpty ? "none" : crash)) echo out of memory >&2; exit 1;; *) echo take {attempt_id} > {output};; esac"
        let metrics = #"{"version":"1.0","job_id":"{job_id}","attempt_id":"{attempt_id}","ts":"2026-12-01T10:00:00.000Z","visual_metrics":{},"quality_metrics":{"quality":\#(score)}}"#
        return """
            workflow_id: \(id)
            engine_env: [PATH]
            stages:
              - name: video
                command: ["/bin/sh", "-c", \(String(decoding: JSONValue.string(engine).serialized(pretty: false), as: UTF8.self))]
                output: take.txt
                timeout_seconds: 20
                analyze: ["/bin/sh", "-c", \(String(decoding: JSONValue.string("printf '%s' '\(metrics)' > {metrics}").serialized(pretty: false), as: UTF8.self))]
            \(extra)
            """
    }

    static func sha256(_ path: String) throws -> String {
        SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }.joined()
    }

    @Test func anOperatorPicksWaivesApprovesAndWatchesProgressThroughThePages() async throws {
        let sandbox = try SandboxBuilder()
        try sandbox.write("policies/qc_policy.v1.json", String(decoding: ArtifactFixtures.singleGatePolicy(metric: "quality", action: .retryStage).serialized(), as: UTF8.self))
        try sandbox.write("workflows/pick.yaml", Self.workflow("pick_v1", score: 0.4, crash: "run-0002|run-0003"))
        try sandbox.write("workflows/waive.yaml", Self.workflow("waive_v1", score: 0.4))
        try sandbox.write("workflows/approve.yaml", Self.workflow("approve_v1", score: 0.9, extra: "    approval: required\n"))
        try sandbox.write("workflows/slow.yaml", LoopRunTests.shellWorkflow("slow_v1", stages: [
            ("video", #"printf '{"value": 42, "max": 100}' > {attempt_dir}/progress.json; sleep 600; echo late > {output}"#, 900),
        ]))
        for (id, workflow) in [("pick-job-0001", "pick_v1"), ("waive-job-0001", "waive_v1"), ("approve-job-01", "approve_v1")] {
            try sandbox.writeJob(id, ["workflow": .string(workflow)])
        }
        let first = try await sandbox.gafferDetached(["run", "--once"])
        #expect(first.status == 3, "two escalations and an approval wait: \(first)")
        // The slow job runs in a loop of its own, beside the server, until the test stops it (a loaded host took more
        // than a minute over the steps before its progress is read: the attempt must still be running then).
        try sandbox.writeJob("slow-job-0001", ["workflow": "slow_v1"])
        let loop = try ChildProcess.start(try GafferProcess.binary().path, ["run", "--job", "slow-job-0001", "--grace", "0", "--sandbox", sandbox.root])
        defer { if loop.isRunning { kill(loop.processIdentifier, SIGKILL) } }

        let server = try await ServedSandbox.start(sandbox: sandbox.root)
        let browser: WebDriver
        do {
            browser = try await WebDriver.start()
        } catch {
            _ = await server.stop()
            throw error
        }
        let shots = RepositoryPaths.path(".build/test-artifacts")
        do {
            try await browser.setViewport(width: 1280, height: 800)
            // The queue: both escalations and the approval, cause first.
            try await browser.open(server.baseURL + "/")
            let queue = try await browser.text("#queue")
            #expect(queue.contains("pick-job-0001") && queue.contains("waive-job-0001") && queue.contains("approve-job-01"), "\(queue)")
            #expect(queue.contains("approval_requested"))
            try await browser.screenshot(to: shots + "/queue-1280x800.png")

            // Pick run-0001 of the job whose later attempts crashed.
            try await browser.click("a[href='/jobs/pick-job-0001']")
            #expect(try await browser.currentURL.hasSuffix("/jobs/pick-job-0001"))
            #expect(try await browser.isOnScreen("#verb-pick"), "the action buttons are on screen at 1280×800")
            #expect(try await browser.text("#attempts").contains("engine failed"), "the lineage shows the crashed attempts")
            try await browser.screenshot(to: shots + "/job-page-1280x800.png")
            _ = try await browser.script("document.querySelector('#verb-attempt').value = 'run-0001'; return true")
            try await browser.type(server.token, into: "#verb-token")
            try await browser.type("the first take is the one", into: "#verb-note")
            try await browser.click("#verb-pick")
            try await waitForState(browser, "COMPLETED")

            // Waive the failing gate of the other escalated job.
            try await browser.open(server.baseURL + "/jobs/waive-job-0001")
            _ = try await browser.script("document.querySelector('#verb-gate').value = 'quality_gate'; return true")
            try await browser.type("creative intent: the haze is wanted", into: "#verb-note")
            try await browser.click("#verb-waive")
            try await waitForState(browser, "COMPLETED")

            // Approve the clip that waits for a sign-off; it plays on the page.
            try await browser.open(server.baseURL + "/jobs/approve-job-01")
            _ = try await browser.element("#approval-clip")
            #expect(try await browser.isOnScreen("#verb-approve"))
            try await browser.click("#verb-approve")
            try await waitForState(browser, "COMPLETED")

            // The running attempt's progress.
            var progress = ""
            for _ in 0..<100 where !progress.contains("42%") {
                try await browser.open(server.baseURL + "/jobs/slow-job-0001")
                progress = (try? await browser.text("#job-facts")) ?? ""
                if !progress.contains("42%") { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(progress.contains("42%"), "\(progress)")
            #expect(try await browser.isOnScreen("#verb-pause-now"))

            // An escalation page: its answers are on screen without scrolling too.
            try await browser.open(server.baseURL + "/")
            let answered = try await browser.text("body")
            #expect(answered.contains("Nothing waits for a person") || !answered.contains("pick-job-0001"), "the queue emptied")
        } catch {
            Issue.record("browser step failed: \(error)")
        }
        await browser.quit()
        kill(loop.processIdentifier, SIGTERM)
        await loop.exited()
        #expect(await server.stop() == 0)

        // What the pages did, read back from the sandbox.
        let picked = try JSONValue.read(sandbox.path("logs/pick-job-0001/state.json"))
        #expect(picked["state"] == "COMPLETED", "\(picked)")
        #expect(try Self.sha256(sandbox.path("output/pick-job-0001/take.txt")) == Self.sha256(sandbox.path("logs/pick-job-0001/attempts/run-0001/take.txt")),
                "the delivered output is run-0001's")
        let events = try String(contentsOfFile: sandbox.path("logs/pick-job-0001/events.ndjson"), encoding: .utf8)
        #expect(events.contains(#""event":"PICKED""#) && events.contains("the first take is the one"))

        #expect(try JSONValue.read(sandbox.path("logs/waive-job-0001/state.json"))["state"] == "COMPLETED")
        let report = try JSONValue.read(sandbox.path("logs/waive-job-0001/attempts/run-0003/qc_report.v1.json"))
        #expect(report["gates"]?[0]?["status"] == "PASS" && report["gates"]?[0]?["waived"]?["note"] == "creative intent: the haze is wanted", "\(report)")
        #expect(report["overall"]?["pass"] == .bool(true))
        #expect(try await GafferProcess.runDetached(["validate", sandbox.path("logs/waive-job-0001/attempts/run-0003/qc_report.v1.json")]).status == 0,
                "the waived report is a valid qc_report.v1")

        #expect(try JSONValue.read(sandbox.path("logs/approve-job-01/state.json"))["state"] == "COMPLETED")
        #expect(FileManager.default.fileExists(atPath: sandbox.path("output/approve-job-01/take.txt")))
    }

    /// Waits for the page to show the job in `state`: the verb's answer, then the page's own reload (so no reload is
    /// still pending when the test opens the next page).
    func waitForState(_ browser: WebDriver, _ state: String) async throws {
        var result = ""
        for _ in 0..<100 {
            try await Task.sleep(for: .milliseconds(200))
            if let said = try? await browser.text("#verb-result"), !said.isEmpty { result = said }
            if (try? await browser.text("#job-state")) == state { return }
        }
        Issue.record("the page never showed \(state); the verb said: \(result)")
    }
}
