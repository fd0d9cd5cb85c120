import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// `gaffer demo` end to end with the built-in ffmpeg engines: the four outcomes, and every artifact valid.
@Suite(.serialized)
struct DemoTests {
    @Test func theDemoShowsAPassARepairAnEscalationAndAPost() async throws {
        let folder = try TemporaryFolder()
        let dir = folder.path("demo")
        let result = try await GafferProcess.runDetached(["demo", "--dir", dir], cwd: RepositoryPaths.root.path)
        #expect(result.status == 0, "\(result)")
        func state(_ id: String) throws -> JSONValue { try JSONValue.read(dir + "/logs/\(id)/state.json") }

        #expect(try state("demo-clean-pass")["state"] == "POSTED")
        #expect(FileManager.default.fileExists(atPath: dir + "/dist_artifacts/demo-clean-pass/youtube.state.json"))

        #expect(try state("demo-frozen-motion")["state"] == "COMPLETED")
        let first = try JSONValue.read(dir + "/logs/demo-frozen-motion/attempts/run-0001/production_decision.v1.json")
        #expect(first["decision"]?["action"] == "RETRY_STAGE")
        #expect(first["decision"]?["parameter_adjustments"]?["pose_weight"] == 0.95)
        let retryParams = try JSONValue.read(dir + "/logs/demo-frozen-motion/attempts/run-0002/params.json")
        #expect(retryParams["pose_weight"] == 0.95, "the decision of attempt 1 reached the engine of attempt 2")
        let retryDecision = try JSONValue.read(dir + "/logs/demo-frozen-motion/attempts/run-0002/production_decision.v1.json")
        #expect(retryDecision["decision"]?["action"] == "PROCEED")
        #expect(FileManager.default.fileExists(atPath: dir + "/output/demo-frozen-motion/video.mp4"))

        #expect(try state("demo-silent-audio")["state"] == "ESCALATED")
        let escalations = try FileManager.default.contentsOfDirectory(atPath: dir + "/logs/demo-silent-audio/escalations").filter { $0.hasSuffix(".json") }
        let escalation = try JSONValue.read(dir + "/logs/demo-silent-audio/escalations/" + (try #require(escalations.first)))
        #expect(escalation["status"] == "OPEN")
        #expect(escalation["evidence"]?["failing_gates"]?.arrayValue?.contains { $0["gate_id"] == "silence_ratio_gate" } == true)
        #expect(result.stdout.contains("silence_ratio_gate"), "the demo shows why it escalated")

        // Every artifact the demo produced satisfies its schema.
        let files = (FileManager.default.subpaths(atPath: dir) ?? []).filter {
            $0.hasSuffix(".json") && !$0.hasPrefix("jobs/") && !$0.hasSuffix("params.json") && !$0.hasSuffix(".state.json")
        }
        #expect(files.count > 15)
        let validate = try await GafferProcess.runDetached(["validate"] + files.map { dir + "/" + $0 })
        #expect(validate.status == 0, "\(validate)")

        try await replayTheDemo(dir, in: folder)

        // The operator answers; the job continues on the next pass.
        let id = escalation["escalation_id"]?.stringValue ?? ""
        let refused = try await GafferProcess.runDetached(["escalations", "resolve", id, "--action", "ESCALATE_USER", "--sandbox", dir])
        #expect(refused.status == 2, "an answer outside allowed_responses is refused: \(refused)")
        #expect(try state("demo-silent-audio")["state"] == "ESCALATED", "and nothing changed")
        let resolved = try await GafferProcess.runDetached(["escalations", "resolve", id, "--action", "ABORT", "--note", "no sound source", "--by", "test", "--sandbox", dir])
        #expect(resolved.status == 0, "\(resolved)")
        #expect(try state("demo-silent-audio")["state"] == "ABORTED")
        #expect(FileManager.default.fileExists(atPath: dir + "/logs/demo-silent-audio/escalations/history/\(id).user_action_required.v1.json"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/logs/demo-silent-audio/escalations/\(id).user_action_required.v1.json"), "no stale open escalation")
    }

    /// `gaffer replay` on the demo's recorded attempts: its own policy changes nothing; a changed policy is listed
    /// attempt by attempt with exit 3, and nothing in the sandbox is touched.
    func replayTheDemo(_ dir: String, in folder: TemporaryFolder) async throws {
        let policyPath = dir + "/policies/technical_v1.json"
        func listing() -> [String: Int] {
            var sizes: [String: Int] = [:]
            // The SQLite file is compared through `gaffer status --json`: a reader's checkpoint may move its pages.
            for path in FileManager.default.subpaths(atPath: dir) ?? [] where !path.hasPrefix("gaffer.sqlite") {
                sizes[path] = (try? FileManager.default.attributesOfItem(atPath: dir + "/" + path)[.size] as? Int) ?? -1
            }
            return sizes
        }
        func variant(_ name: String, _ change: (inout [String: JSONValue]) -> Void) throws -> String {
            guard var policy = try JSONValue.read(policyPath).objectValue else { throw CocoaError(.fileReadCorruptFile) }
            change(&policy)
            let path = folder.path(name)
            try JSONValue.object(policy).serialized().write(to: URL(fileURLWithPath: path))
            return path
        }
        func gate(_ id: String, _ key: String, _ value: JSONValue) -> (inout [String: JSONValue]) -> Void {
            { policy in
                policy["gates"] = .array((policy["gates"]?.arrayValue ?? []).map { gate in
                    guard gate["gate_id"]?.stringValue == id, var object = gate.objectValue else { return gate }
                    object[key] = value
                    return .object(object)
                })
            }
        }
        let before = listing()
        let statusBefore = try await GafferProcess.runDetached(["status", "--json", "--sandbox", dir]).stdout

        let same = try await GafferProcess.runDetached(["replay", "--sandbox", dir, "--policy", policyPath])
        #expect(same.status == 0, "the policy the demo ran under decides every attempt as recorded: \(same)")
        #expect(same.stdout.contains("4 attempts, 0 would change under technical-v1, 0 skipped"), "\(same.stdout)")
        #expect(same.stdout.contains("demo-frozen-motion run-0001 [video]: same RETRY_STAGE → video"), "\(same.stdout)")

        // Silence tolerated: the silent clip would have passed.
        let lenient = try variant("lenient.json", gate("silence_ratio_gate", "threshold", 1.0))
        let changed = try await GafferProcess.runDetached(["replay", "--sandbox", dir, "--policy", lenient])
        #expect(changed.status == 3, "\(changed)")
        #expect(changed.stdout.contains("demo-silent-audio run-0001 [video]: CHANGES ESCALATE_USER (ARTIFACT_CORRUPTED) ⇒ PROCEED; gates: silence_ratio_gate HARD_FAIL → PASS"), "\(changed.stdout)")
        #expect(changed.stdout.contains("4 attempts, 1 would change"), "\(changed.stdout)")

        // No retry budget: the frozen clip's repair would have been an escalation — the budget is read from history.
        let noRetries = try variant("no-retries.json") { $0["max_retries_default"] = 0 }
        let budget = try await GafferProcess.runDetached(["replay", "--sandbox", dir, "--policy", noRetries, "--json", "--quiet"])
        #expect(budget.status == 3, "\(budget)")
        let lines = budget.stdout.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
        let frozen = lines.first { $0["job_id"] == "demo-frozen-motion" && $0["attempt_id"] == "run-0001" }
        #expect(frozen?["recorded"]?["action"] == "RETRY_STAGE", "\(budget.stdout)")
        #expect(frozen?["replayed"]?["action"] == "ESCALATE_USER", "\(budget.stdout)")
        #expect(!lines.contains { $0["job_id"] == "demo-clean-pass" }, "--quiet lists only what changes")

        // A gate on a metric nothing measured: UNKNOWN, which fails closed on every attempt it is placed on.
        let renamed = try variant("renamed.json", gate("black_ratio_gate", "metric", "no_such_metric"))
        let unknown = try await GafferProcess.runDetached(["replay", "--sandbox", dir, "--policy", renamed])
        #expect(unknown.status == 3, "\(unknown)")
        #expect(unknown.stdout.contains("demo-clean-pass run-0001 [video]: CHANGES PROCEED ⇒ ESCALATE_USER"), "\(unknown.stdout)")
        // An invalid policy: exit 2 naming the file, not a silent pass.
        let broken = try variant("broken.json") { $0["gates"] = "none" }
        let invalid = try await GafferProcess.runDetached(["replay", "--sandbox", dir, "--policy", broken])
        #expect(invalid.status == 2, "\(invalid)")
        #expect(invalid.stderr.contains("broken.json"), "the error names the file: \(invalid.stderr)")

        #expect(listing() == before, "replay writes nothing in the sandbox")
        #expect(try await GafferProcess.runDetached(["status", "--json", "--sandbox", dir]).stdout == statusBefore, "nor in its store")
    }

    @Test func aTruncatedVideoThatExitsZeroIsCaughtAsCorrupted() async throws {
        let sandbox = try SandboxBuilder()
        try sandbox.copyPolicy("technical_v1.json")
        try sandbox.write("workflows/render.yaml", """
            workflow_id: render_v1
            engine_env: [PATH]
            qc_policy: technical_v1.json
            stages:
              - name: video
                command: ["gaffer", "engine", "render", "--params", "{params}", "--out", "{output}"]
                output: video.mp4
                timeout_seconds: 60
                params: {duration: 2, width: 320, height: 180, fps: 24, truncate_fraction: 0.5}
            """)
        try sandbox.writeJob("truncated-clip-01")
        let result = try await sandbox.gafferDetached(["run", "--once", "--max-retries", "0"])
        #expect(result.status == 3, "\(result)")
        let decision = try sandbox.json("logs/truncated-clip-01/attempts/run-0001/production_decision.v1.json")
        #expect(decision["decision"]?["escalation_reason"] == "ARTIFACT_CORRUPTED", "\(decision)")
        let metrics = try sandbox.json("logs/truncated-clip-01/attempts/run-0001/production_metrics.v1.json")
        #expect(metrics["engine_metrics"]?["exit_code"] == 0, "the engine itself claimed success")
    }
}
