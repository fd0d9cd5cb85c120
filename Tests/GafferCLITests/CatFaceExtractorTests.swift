import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// The external extractor of examples/extractors (SPEC §13.4), a cat-face detector on OpenCV's bundled cascades, as a
/// stage's analyzer: it tells a clip with a cat from one without, and its coverage drives the pose audit (SPEC §5.2).
@Suite(.serialized) struct CatFaceExtractorTests {
    /// The clips, made once (off the cooperative pool: a blocked pool thread would starve the loop tests beside).
    static let clips: TemporaryFolder = {
        let folder = try! TemporaryFolder("cat-clips")
        let made = try! ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", RepositoryPaths.path("scripts/cat_clips.py"), folder.root])
        precondition(made.status == 0, "scripts/cat_clips.py failed: \(made)")
        return folder
    }()

    static func madeClips() async throws -> TemporaryFolder { try await offThePool { clips } }

    static let extractor = RepositoryPaths.path("examples/extractors/cat_face.py")

    func measure(_ clip: String) async throws -> JSONValue {
        let clips = try await Self.madeClips()
        let out = clips.path(clip + ".metrics.json")
        let arguments = ["python3", Self.extractor, "--video", clips.path(clip + ".mp4"), "--metrics", out, "--job-id", "cat-test", "--attempt-id", "run-0001"]
        let result = try await offThePool { try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), arguments) }
        #expect(result.status == 0, "\(result)")
        return try JSONValue.read(out)
    }

    @Test func aCatIsPresentAndAPersonIsNot() async throws {
        let cat = try await measure("cat")["visual_metrics"]?["feline_detected"]
        #expect(cat?["present"] == true)
        #expect((cat?["pose_detection_ratio"]?.doubleValue ?? 0) > 0.6, "\(String(describing: cat))")
        let person = try await measure("no_cat")["visual_metrics"]?["feline_detected"]
        #expect(person?["present"] == false && person?["pose_detection_ratio"] == 0, "\(String(describing: person))")
        let validated = try await GafferProcess.runDetached(["validate", Self.clips.path("cat.metrics.json"), Self.clips.path("no_cat.metrics.json")])
        #expect(validated.status == 0, "the extractor writes production_metrics.v1: \(validated)")
    }

    static func workflow(clip: String) -> String {
        """
        workflow_id: cats_v1
        engine_env: [PATH, HOME]
        stages:
          - name: render
            command: ["cp", "\(clips.path(clip + ".mp4"))", "{output}"]
            output: clip.mp4
            timeout_seconds: 60
            analyze: ["python3", "\(extractor)", "--video", "{output}", "--metrics", "{metrics}", "--params", "{params}",
                      "--job-id", "{job_id}", "--attempt-id", "{attempt_id}", "--stage", "{stage}"]
            params: {max_frames: 16}

        """
    }

    static let policy = """
        {"version": "qc_policy.v1", "policy_id": "cats", "max_retries_default": 2,
         "gates": [{"gate_id": "feline_present_gate", "metric": "feline_present", "dimension": "identity", "threshold": 1, "direction": "min",
                    "severity": "HIGH", "repairable": true, "failure_action": "RETRY_STAGE", "target_stage": "render"}],
         "routing": {"failure_action_priority": ["ABORT", "ESCALATE_USER", "RETRY_STAGE", "SWITCH_POLICY", "PROCEED"], "fallback_action": "ESCALATE_USER"}}
        """

    @Test func aClipWithTheCatThroughoutCompletes() async throws {
        _ = try await Self.madeClips()
        let sandbox = try SandboxBuilder()
        try sandbox.write("policies/qc_policy.v1.json", Self.policy)
        try sandbox.write("workflows/cats.yaml", Self.workflow(clip: "cat"))
        try sandbox.writeJob("cat-clip-001")
        let result = try await sandbox.gafferDetached(["run", "--once"])
        #expect(result.status == 0, "\(result)")
        #expect(try sandbox.json("logs/cat-clip-001/state.json")["state"] == "COMPLETED")
    }

    @Test func lowCoverageRetriesWithHalfTheFramesThenEscalatesAsLowConfidence() async throws {
        _ = try await Self.madeClips()
        let sandbox = try SandboxBuilder()
        try sandbox.write("policies/qc_policy.v1.json", Self.policy)
        try sandbox.write("workflows/cats.yaml", Self.workflow(clip: "low_coverage"))
        try sandbox.writeJob("cat-low-001")
        let result = try await sandbox.gafferDetached(["run", "--once"])
        #expect(result.status == 3, "\(result)")
        let first = try sandbox.json("logs/cat-low-001/attempts/run-0001/production_decision.v1.json")["decision"]
        #expect(first?["action"] == "RETRY_STAGE")
        #expect(first?["policy_overrides"]?["max_frames_override"] == 8, "half of max_frames 16: \(String(describing: first))")
        let second = try sandbox.json("logs/cat-low-001/attempts/run-0002/production_metrics.v1.json")
        #expect(second["engine_metrics"]?["engine_reported"]?["max_frames"] == 8, "the retry's extractor read the halved max_frames")
        let last = try sandbox.json("logs/cat-low-001/attempts/run-0002/production_decision.v1.json")["decision"]
        #expect(last?["action"] == "ESCALATE_USER" && last?["escalation_reason"] == "LOW_CONFIDENCE_DETECTION", "\(String(describing: last))")
        #expect(try sandbox.json("logs/cat-low-001/state.json")["state"] == "ESCALATED")
    }
}
