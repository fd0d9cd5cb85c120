import Dispatch
import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// `engine: comfyui` through `gaffer run`, against the loopback ComfyUI stand-in: a render that completes and is
/// analyzed, an error quoted in the escalation, a preflight refusal, and a Gaffer killed mid-prompt that does not
/// post the prompt twice.
@Suite(.serialized) struct ComfyUIRunTests {
    /// One gate the noise clip passes when it decodes completely.
    static let policy = """
        {"version": "qc_policy.v1", "policy_id": "comfy-integrity", "max_retries_default": 2,
         "gates": [{"gate_id": "integrity_gate", "metric": "integrity", "dimension": "technical", "threshold": 1.0, "direction": "min",
                    "severity": "CRITICAL", "repairable": true, "failure_action": "RETRY_STAGE", "target_stage": "render"}],
         "routing": {"failure_action_priority": ["ABORT", "ESCALATE_USER", "RETRY_STAGE", "SWITCH_POLICY", "PROCEED"], "fallback_action": "ESCALATE_USER"}}
        """

    static func workflow(server: String, graph: String = "graph.json", output: String = "clip.mp4", analyze: String = "builtin", timeout: Double = 120) -> String {
        """
        workflow_id: comfy_v1
        stages:
          - name: render
            engine: comfyui
            comfyui:
              server: \(server)
              graph: \(graph)
              inputs: {seed: noise.seed}
            output: \(output)
            timeout_seconds: \(timeout)
            grace_seconds: 5
            analyze: \(analyze)
            params: {seed: 5}

        """
    }

    func sandbox(_ standIn: ComfyUIStandIn, graph: String, output: String = "clip.mp4", analyze: String = "builtin") throws -> SandboxBuilder {
        let sandbox = try SandboxBuilder()
        try sandbox.write("policies/qc_policy.v1.json", Self.policy)
        try sandbox.write("workflows/graph.json", graph)
        try sandbox.write("workflows/comfy.yaml", Self.workflow(server: standIn.url, output: output, analyze: analyze))
        return sandbox
    }

    @Test func aComfyUIRenderCompletesAnalyzedAndItsPromptIsInTheMetrics() async throws {
        let folder = try TemporaryFolder("comfy-run")
        let standIn = try await ComfyUIStandIn(root: folder.path("server"))
        let sandbox = try sandbox(standIn, graph: ComfyUIGraphs.video)
        try sandbox.writeJob("comfy-clip-001", ["params": ["seed": 41]])
        let result = try await sandbox.gafferDetached(["run", "--once"])
        #expect(result.status == 0, "\(result)")
        #expect(try sandbox.json("logs/comfy-clip-001/state.json")["state"] == "COMPLETED")
        let metrics = try sandbox.json("logs/comfy-clip-001/attempts/run-0001/production_metrics.v1.json")
        #expect(metrics["quality_metrics"]?["decoded_frames"] == 24, "the built-in analyzer measured the fetched clip")
        #expect(metrics["engine_metrics"]?["engine_id"] == "comfyui")
        let promptID = try #require(metrics["engine_metrics"]?["engine_reported"]?["prompt_id"]?.stringValue)
        let history = try JSONParser.parse(try await HTTP.request("GET", standIn.url + "/history/" + promptID).text)
        #expect(history[promptID]?["prompt"]?[2]?["2"]?["inputs"]?["seed"] == 41, "the job's seed reached the graph")
        #expect(FileManager.default.fileExists(atPath: sandbox.path("output/comfy-clip-001/clip.mp4")))
    }

    @Test func aRuntimeErrorEscalatesWithComfyUIsExceptionInTheEvidence() async throws {
        let folder = try TemporaryFolder("comfy-run-error")
        let standIn = try await ComfyUIStandIn(root: folder.path("server"))
        let graph = """
            {"1": {"class_type": "EmptyImage", "inputs": {"width": 32, "height": 32, "batch_size": 1, "color": 0}},
             "2": {"class_type": "ImageAddNoise", "inputs": {"image": ["1", 0], "seed": 1, "strength": 0.5}, "_meta": {"title": "noise"}},
             "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "../escape"}}}
            """
        let sandbox = try sandbox(standIn, graph: graph, output: "out.png", analyze: "none")
        try sandbox.writeJob("comfy-error-001")
        let result = try await sandbox.gafferDetached(["run", "--once", "--max-retries", "0"])
        #expect(result.status == 3, "\(result)")
        #expect(try sandbox.json("logs/comfy-error-001/state.json")["state"] == "ESCALATED")
        let folder2 = sandbox.path("logs/comfy-error-001/escalations")
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder2).first { $0.hasSuffix(".json") })
        let escalation = try sandbox.json("logs/comfy-error-001/escalations/" + file)
        let error = escalation["evidence"]?["engine"]?["error"]?.stringValue ?? ""
        #expect(error.contains("node 3 (SaveImage) raised Exception: **** ERROR: Saving image outside the output folder is not allowed."), "\(escalation)")
        #expect(escalation["cause"] == "budget_exhausted", "no retry was allowed (--max-retries 0)")
    }

    @Test func preflightRefusesTheOriginalsCheckpointGraphAsAContractViolationWithNothingPosted() async throws {
        let folder = try TemporaryFolder("comfy-run-preflight")
        let standIn = try await ComfyUIStandIn(root: folder.path("server"))
        let sandbox = try sandbox(standIn, graph: ComfyUIGraphs.checkpointWrapper, output: "out.png", analyze: "none")
        try sandbox.writeJob("caf-like-001")
        let result = try await sandbox.gafferDetached(["run", "--once"])
        #expect(result.status == 3, "\(result)")
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: sandbox.path("logs/caf-like-001/escalations")).first { $0.hasSuffix(".json") })
        let escalation = try sandbox.json("logs/caf-like-001/escalations/" + file)
        #expect(escalation["reason"] == "CONTRACT_VIOLATION")
        #expect(escalation["cause"] == "engine_invalid_input")
        let log = try String(contentsOfFile: sandbox.path("logs/caf-like-001/attempts/run-0001/engine.log"), encoding: .utf8)
        #expect(log.contains("ckpt_name \"sd_xl_base_1.0.safetensors\" — no such model file on the server (it has: none)"), "\(log)")
        let lineage = try sandbox.json("logs/caf-like-001/attempt_lineage.v1.json")["attempts"]?.arrayValue ?? []
        #expect(lineage.count == 1, "refused input is not retried")
        #expect(standIn.logLines(containing: "queued").isEmpty, "nothing was posted")
    }

    @Test func aDecisionNamingARegistryWorkflowOfComfyUISwapsTheGraph() async throws {
        let folder = try TemporaryFolder("comfy-run-switch")
        let standIn = try await ComfyUIStandIn(root: folder.path("server"))
        let sandbox = try SandboxBuilder()
        // The metric: low unless the attempt runs under the registry workflow the preset names.
        let measure = #"["python3", "-c", "import json,sys; p=json.load(open(sys.argv[1])); json.dump({'version': '1.0', 'job_id': sys.argv[3], 'attempt_id': sys.argv[4], 'ts': '2026-01-01T00:00:00Z', 'visual_metrics': {}, 'quality_metrics': {'grain': 0.9 if p.get('workflow_profile') == 'comfy_alt_v1' else 0.2}}, open(sys.argv[2], 'w'))", "{params}", "{metrics}", "{job_id}", "{attempt_id}"]"#
        try sandbox.write("workflows/graph.json", ComfyUIGraphs.video)
        try sandbox.write("workflows/alt_graph.json", ComfyUIGraphs.video.replacingOccurrences(of: "gaffer/clip", with: "gaffer/alt"))
        try sandbox.write("workflows/comfy.yaml", Self.workflow(server: standIn.url, analyze: measure))
        try sandbox.write("workflows/workflow_registry.v1.json", """
            {"version": "workflow_registry.v1", "workflows": [
              {"workflow_id": "comfy_alt_v1", "engine": "comfyui", "relpath": "alt_graph.json", "tags": ["grain"],
               "default_parameters": {"noise": {"strength": 0.1}}}]}
            """)
        try sandbox.write("policies/qc_policy.v1.json", """
            {"version": "qc_policy.v1", "policy_id": "grain", "max_retries_default": 2,
             "gates": [{"gate_id": "grain_gate", "metric": "grain", "dimension": "technical", "threshold": 0.5, "direction": "min",
                        "severity": "HIGH", "repairable": true, "failure_action": "RETRY_STAGE", "target_stage": "render"}],
             "failure_classification": {"classes": [{"class_id": "grainy", "metrics": ["grain"], "action": "RETRY_STAGE"}]},
             "workflow_presets": {"class_to_preset": [{"class_id": "grainy", "preset_id": "alt_v1", "workflow_id": "comfy_alt_v1", "parameter_overrides": {"seed": 77}}]},
             "routing": {"failure_action_priority": ["ABORT", "ESCALATE_USER", "RETRY_STAGE", "SWITCH_POLICY", "PROCEED"], "fallback_action": "ESCALATE_USER"}}
            """)
        try sandbox.writeJob("comfy-switch-001")
        let result = try await sandbox.gafferDetached(["run", "--once"])
        #expect(result.status == 0, "\(result)")
        #expect(try sandbox.json("logs/comfy-switch-001/state.json")["state"] == "COMPLETED")
        let first = try sandbox.json("logs/comfy-switch-001/attempts/run-0001/comfyui_prompt.json")["prompt"]
        let second = try sandbox.json("logs/comfy-switch-001/attempts/run-0002/comfyui_prompt.json")["prompt"]
        #expect(first?["4"]?["inputs"]?["filename_prefix"] == "gaffer/clip")
        #expect(second?["4"]?["inputs"]?["filename_prefix"] == "gaffer/alt", "the registry workflow's graph was posted")
        #expect(second?["2"]?["inputs"]?["seed"] == 77, "the preset's parameter reached it")
        #expect(second?["2"]?["inputs"]?["strength"] == 0.1, "and the registry workflow's node-keyed default")
    }

    @Test func aRunningAttemptsProgressIsInStatus() async throws {
        let folder = try TemporaryFolder("comfy-run-progress")
        let standIn = try await ComfyUIStandIn(root: folder.path("server"))
        // The video first, then 120 previews over a WebSocket node (progress 0…119 of 120, 0.1 s apart).
        let graph = """
            {"1": {"class_type": "EmptyImage", "inputs": {"width": 160, "height": 120, "batch_size": 24, "color": 3381606}},
             "2": {"class_type": "ImageAddNoise", "inputs": {"image": ["1", 0], "seed": 5, "strength": 0.4}, "_meta": {"title": "noise"}},
             "3": {"class_type": "CreateVideo", "inputs": {"images": ["2", 0], "fps": 12}},
             "4": {"class_type": "SaveVideo", "inputs": {"video": ["3", 0], "filename_prefix": "gaffer/progress", "format": "mp4", "codec": "h264"}},
             "8": {"class_type": "EmptyImage", "inputs": {"width": 32, "height": 32, "batch_size": 120, "color": 0}},
             "9": {"class_type": "SaveImageWebsocket", "inputs": {"images": ["8", 0]}}}
            """
        let sandbox = try sandbox(standIn, graph: graph)
        try sandbox.writeJob("comfy-progress-001")
        let binary = try GafferProcess.binary().path
        let run = try ChildProcess.start(binary, ["run", "--once", "--sandbox", sandbox.root])
        // Once the engine has reported progress (the file appears), status shows it while the previews go on.
        let file = sandbox.path("logs/comfy-progress-001/attempts/run-0001/progress.json")
        for _ in 0..<600 where !FileManager.default.fileExists(atPath: file) {
            try await Task.sleep(for: .milliseconds(50))
        }
        let status = try await sandbox.gafferDetached(["status", "--json"])
        let seen = try? JSONParser.parse(status.stdout)[0]
        let table = try await sandbox.gafferDetached(["status"])
        #expect(table.stdout.contains("RUNNING ") && table.stdout.contains("%"), "\(table.stdout)")
        await run.exited()
        let progress = try #require(seen?["progress"], "status never showed the attempt's progress")
        #expect(progress["max"] == 120 && (progress["value"]?.doubleValue ?? -1) >= 0, "\(progress)")
        #expect(try sandbox.json("logs/comfy-progress-001/state.json")["state"] == "COMPLETED")
    }

    @Test func gafferKilledMidPromptFindsThePromptAfterTheRestartAndDoesNotPostItTwice() async throws {
        let folder = try TemporaryFolder("comfy-run-kill")
        let standIn = try await ComfyUIStandIn(root: folder.path("server"))
        let sandbox = try sandbox(standIn, graph: ComfyUIGraphs.slow)
        try sandbox.writeJob("comfy-kill-001")
        let binary = try GafferProcess.binary().path
        let run = try ChildProcess.start(binary, ["run", "--once", "--sandbox", sandbox.root])
        for _ in 0..<100 where standIn.logLines(containing: "started").isEmpty {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(!standIn.logLines(containing: "started").isEmpty, "the prompt runs on the server")
        kill(run.processIdentifier, SIGKILL)
        await run.exited()

        let resumed = try await sandbox.gafferDetached(["run", "--once"])
        #expect(resumed.status == 0, "\(resumed)")
        #expect(try sandbox.json("logs/comfy-kill-001/state.json")["state"] == "COMPLETED")
        #expect(standIn.logLines(containing: "queued").count == 1, "posted once: \(standIn.logLines(containing: "prompt"))")
        let attempts = try sandbox.json("logs/comfy-kill-001/attempt_lineage.v1.json")["attempts"]?.arrayValue ?? []
        #expect(attempts.map { $0["outcome"]?.stringValue } == ["interrupted", "decided"], "\(attempts)")
        let log = try String(contentsOfFile: sandbox.path("logs/comfy-kill-001/attempts/run-0002/engine.log"), encoding: .utf8)
        #expect(log.contains("following it, not posting it again") || log.contains("fetching its output, not posting it again"), "\(log)")
    }
}

/// Model-free graphs for the runs (API format).
enum ComfyUIGraphs {
    static let video = """
        {"1": {"class_type": "EmptyImage", "inputs": {"width": 160, "height": 120, "batch_size": 24, "color": 3381606}},
         "2": {"class_type": "ImageAddNoise", "inputs": {"image": ["1", 0], "seed": 5, "strength": 0.4}, "_meta": {"title": "noise"}},
         "3": {"class_type": "CreateVideo", "inputs": {"images": ["2", 0], "fps": 12}},
         "4": {"class_type": "SaveVideo", "inputs": {"video": ["3", 0], "filename_prefix": "gaffer/clip", "format": "mp4", "codec": "h264"}}}
        """

    /// Four radius-31 blurs (~12 s on the stand-in) before the same video.
    static let slow = """
        {"1": {"class_type": "EmptyImage", "inputs": {"width": 160, "height": 120, "batch_size": 24, "color": 0}},
         "2": {"class_type": "ImageAddNoise", "inputs": {"image": ["1", 0], "seed": 5, "strength": 0.4}, "_meta": {"title": "noise"}},
         "5": {"class_type": "ImageBlur", "inputs": {"image": ["2", 0], "blur_radius": 31, "sigma": 10.0}},
         "6": {"class_type": "ImageBlur", "inputs": {"image": ["5", 0], "blur_radius": 31, "sigma": 10.0}},
         "7": {"class_type": "ImageBlur", "inputs": {"image": ["6", 0], "blur_radius": 31, "sigma": 10.0}},
         "8": {"class_type": "ImageBlur", "inputs": {"image": ["7", 0], "blur_radius": 31, "sigma": 10.0}},
         "3": {"class_type": "CreateVideo", "inputs": {"images": ["8", 0], "fps": 12}},
         "4": {"class_type": "SaveVideo", "inputs": {"video": ["3", 0], "filename_prefix": "gaffer/slow", "format": "mp4", "codec": "h264"}}}
        """

    /// The shape of the original system's graphs (`{workflow_id, caf_capabilities, nodes}`) with the checkpoint
    /// loader its dance-loop graph starts from; its own graph file is not among the reference files.
    static let checkpointWrapper = """
        {"workflow_id": "caf_dance_loop_v1", "caf_capabilities": {"supports_pose": true},
         "nodes": {"4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd_xl_base_1.0.safetensors"}, "_meta": {"title": "checkpoint"}},
                   "2": {"class_type": "ImageAddNoise", "inputs": {"image": ["5", 0], "seed": 1, "strength": 0.2}, "_meta": {"title": "noise"}},
                   "5": {"class_type": "EmptyImage", "inputs": {"width": 64, "height": 64, "batch_size": 1, "color": 0}},
                   "9": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "gaffer/ckpt"}}}}
        """
}
