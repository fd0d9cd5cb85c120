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
