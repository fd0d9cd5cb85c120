import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// SPEC §4.1 with the original system's own policy file, unchanged: no blocking gate is skipped.
struct GatePlacementRunTests {
    static let originalPolicy = RepositoryPaths.path("../shared/reference/original-files/repo/shared/qc_policy.v1.json")

    @Test func withTheOriginalsPolicyAOneStageWorkflowEvaluatesEveryBlockingGate() async throws {
        let sandbox = try SandboxBuilder()
        let policy = try String(contentsOfFile: Self.originalPolicy, encoding: .utf8)
        try sandbox.write("policies/qc_policy.v1.json", policy)
        // The analyzer reports a clip that fails identity and costume; every other score passes.
        let metrics = #"{"version": "1.0", "job_id": "$GAFFER_JOB_ID", "attempt_id": "$GAFFER_ATTEMPT_ID", "ts": "2026-12-01T10:00:00Z", "visual_metrics": {}, "quality_metrics": {"identity_consistency": 0.1, "costume_fidelity": false, "mask_edge_bleed": 0.9, "temporal_stability": 0.9, "loop_seam": 0.9, "audio_video": 0.99, "background_stability": 0.9, "identity_drift": 0.9}}"#
        try sandbox.write("workflows/one.yaml", """
            workflow_id: one_stage_v1
            engine_env: [PATH]
            stages:
              - name: video
                command: ["/bin/sh", "-c", "echo clip > {output}"]
                output: clip.txt
                analyze: ["/bin/sh", "-c", \(String(decoding: JSONValue.string("cat > {metrics} <<EOF\n\(metrics)\nEOF").serialized(pretty: false), as: UTF8.self))]
            """)
        try sandbox.writeJob("identity-fails-1")

        let validate = try await GafferProcess.runDetached(["validate", sandbox.path("workflows/one.yaml"), "--policy", Self.originalPolicy])
        #expect(validate.status == 0, "\(validate)")
        #expect(validate.stdout.contains("identity_consistency_gate [identity_consistency]: evaluated at video (last_stage); retry → video"), "\(validate.stdout)")
        #expect(validate.stdout.contains("audio_video_gate [audio_video]: evaluated at video (target_stage)"), "\(validate.stdout)")

        let run = try await sandbox.gafferDetached(["run", "--once"])
        #expect(run.status == 3, "escalated, not COMPLETED: \(run)")
        #expect(try sandbox.json("logs/identity-fails-1/state.json")["state"] == "ESCALATED")
        let report = try sandbox.json("logs/identity-fails-1/attempts/run-0001/qc_report.v1.json")
        let evaluated = Set(report["gates"]?.arrayValue?.compactMap { $0["gate_id"]?.stringValue } ?? [])
        let blocking = Set(try JSONValue.parse(policy)["gates"]?.arrayValue?.compactMap { $0["gate_id"]?.stringValue } ?? [])
        #expect(blocking.count == 8)
        #expect(evaluated == blocking, "every blocking gate of the policy appears in the stage's report")
        #expect(report["overall"]?["failed_gate_ids"]?.arrayValue?.contains("identity_consistency_gate") == true)
    }
}
