import Foundation
import Testing

@testable import GafferContracts

/// Loading rules beyond the schemas: kind detection, the two metrics shapes, semantic checks, refusing bad output.
struct ContractLoadingTests {
    @Test(arguments: [
        (#"{"version": "qc_policy.v1"}"#, "x.json", ArtifactKind?.some(.qcPolicy)),
        (#"{"version": "1.0", "decision": {}}"#, "x.json", .productionDecision),
        (#"{"version": "1.0", "visual_metrics": {}}"#, "x.json", .productionMetrics),
        (#"{"version": "1.0"}"#, "x.json", nil),
        (#"{"job_id": "abc-123456"}"#, "abc.job.json", .job),
        (#"{"metrics": {}}"#, "recast.json", .recastQualityReport),
        (#"{"version": "job.v1"}"#, "x.json", nil),
        (#"{"anything": 1}"#, "x.json", nil),
    ])
    func kindIsToldByVersionShapeOrName(json: String, fileName: String, expected: ArtifactKind?) throws {
        #expect(ArtifactKind.detect(try JSONParser.parse(Data(json.utf8)), fileName: fileName) == expected)
    }

    @Test func recastMetricsKeepInvalidScoresInvalid() throws {
        let json = #"{"version": "recast_quality_report.v1", "metrics": {"a": {"score": 0.9}, "b": {"score": NaN}, "c": {"score": "high"}, "d": {}, "e": 7}}"#
        let document = try MetricsDocument.load(Data(json.utf8), source: "r.json")
        #expect(document.qualityMetrics["a"] == .number(0.9))
        #expect(document.qualityMetrics["b"]?.doubleValue?.isNaN == true, "NaN stays NaN, so its gate is UNKNOWN")
        #expect(document.qualityMetrics["c"] == .string("high"))
        #expect(document.qualityMetrics["d"] == .null)
        #expect(document.qualityMetrics["e"] == nil, "an entry that is not an object counts as missing")
    }

    @Test func productionMetricsProvideScoresAndPose() throws {
        let json = #"""
        {"version": "1.0", "job_id": "job-000001", "attempt_id": "run-0002", "ts": "2026-11-21T00:00:00Z",
         "visual_metrics": {"feline_detected": {"present": true, "pose_detection_ratio": 0.2}},
         "quality_metrics": {"temporal_stability": 0.5, "costume_fidelity": true}}
        """#
        let document = try MetricsDocument.load(Data(json.utf8), source: "m.json")
        #expect(document.kind == .productionMetrics)
        #expect(document.qualityMetrics["costume_fidelity"] == .bool(true))
        #expect(document.productionMetrics?.poseObservation(maxFrames: 64) == PoseObservation(poseDetectionRatio: 0.2, maxFrames: 64))
    }

    @Test func aMetricsFileOfAnotherKindIsRefusedWithItsName() {
        let error = #expect(throws: ContractError.self) {
            try MetricsDocument.load(Data(#"{"version": "qc_policy.v1"}"#.utf8), source: "wrong.json")
        }
        #expect(error?.description.hasPrefix("wrong.json: /: not a metrics document") == true)
    }

    @Test func inlineScenarioPolicyFaultsAreReportedUnderPolicy() throws {
        let json = #"""
        {"version": "smoke_scenario.v1", "name": "x", "metrics": {}, "expect": {"recommended_action": "PROCEED"},
         "policy": {"version": "qc_policy.v1", "policy_id": "p", "routing": {},
                    "gates": [{"gate_id": "g", "metric": "m", "threshold": 1, "failure_action": "retry_motion"}]}}
        """#
        let value = try JSONParser.parse(Data(json.utf8))
        #expect(throws: ContractError.violations(source: "s.json", [SchemaViolation(
            path: JSONPointer(tokens: ["policy", "gates", "0", "failure_action"]),
            message: #""retry_motion" is not one of "PROCEED", "RETRY_STAGE", "SWITCH_POLICY", "ESCALATE_USER", "ABORT""#)])) {
            try ContractDecoder.validate(value, as: .smokeScenario, source: "s.json")
        }
    }

    @Test func policyCrossReferencesAreChecked() throws {
        let json = #"""
        {"version": "qc_policy.v1", "policy_id": "p", "routing": {},
         "gates": [{"gate_id": "g", "metric": "m", "threshold": 1, "failure_action": "RETRY_STAGE"}],
         "failure_classification": {"classes": [{"class_id": "c", "metrics": ["nope"], "action": "RETRY_STAGE"}]},
         "workflow_presets": {"class_to_preset": [{"class_id": "ghost", "preset_id": "x", "workflow_id": "w"}]}}
        """#
        let error = #expect(throws: ContractError.self) {
            try ContractDecoder.policy(from: Data(json.utf8), source: "p.json")
        }
        guard case .violations(_, let violations)? = error else {
            Issue.record("expected violations, got \(String(describing: error))")
            return
        }
        #expect(violations.map(\.path.description) == ["/failure_classification/classes/0/metrics", "/workflow_presets/class_to_preset/0/class_id"])
    }

    @Test func theEncoderRefusesAnArtifactThatBreaksItsSchema() {
        var decision = ProductionDecision.Decision(action: .retryStage, reasoning: "r")
        decision.policyOverrides.maxFramesOverride = 0  // schema: 1...256
        #expect(throws: ContractError.self) {
            try ContractEncoder.encode(ProductionDecision(jobID: "job-000001", attemptID: "run-0001", decision: decision), as: .productionDecision)
        }
    }

    @Test func handoffLedgerRefusesDuplicatePosts() throws {
        let json = #"""
        {"version": "handoff_registry.v1", "updated_at": "2026-11-21T00:00:00Z", "entries": [
          {"job_id": "job-000001", "platform": "youtube", "post_url": "https://youtu.be/a", "posted_at": "2026-11-21T00:00:00Z"},
          {"job_id": "job-000001", "platform": "youtube", "post_url": "https://youtu.be/b", "posted_at": "2026-11-21T00:00:00Z"}]}
        """#
        #expect(throws: ContractError.self) {
            try ContractDecoder.validate(try JSONParser.parse(Data(json.utf8)), as: .handoffRegistry, source: "h.json")
        }
    }

    @Test func jobFieldsGafferDoesNotKnowAreKept() throws {
        let json = #"{"job_id": "mochi-dance-001", "lane": "dance_loop", "shots": [{"id": 1}], "quality_target": {"thresholds": {"temporal_stability": 0.8}}}"#
        let job = try ContractDecoder.job(from: Data(json.utf8), source: "j.json")
        #expect(job.raw["shots"] == [["id": 1]])
        #expect(job.qualityThresholds == ["temporal_stability": 0.8])
        #expect(job.lane == "dance_loop")
    }

    @Test(arguments: ["../../../tmp/caf-escape", "ABC-123456", "short", "-leading-dash", "has space 123"])
    func jobIDsThatCouldEscapeTheSandboxAreRefused(id: String) {
        #expect(throws: ContractError.self) {
            try ContractDecoder.job(from: Data(#"{"job_id": "\#(id)"}"#.utf8), source: "j.json")
        }
    }
}
