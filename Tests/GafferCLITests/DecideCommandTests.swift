import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// `gaffer decide` end to end: a report made by `gaffer qc`, then the supervisor's decision and exit code.
@Suite("gaffer decide")
struct DecideCommandTests {
    /// Runs `gaffer decide` on `report` writing the decision (and any escalation) into `folder`.
    static func decide(
        _ report: String, in folder: TemporaryFolder, _ arguments: [String] = []
    ) async throws -> (result: ProcessResult, decision: JSONValue?, escalation: JSONValue?) {
        let result = try await GafferProcess.runDetached(
            ["decide", "--report", report, "--out", folder.path("decision.json"),
             "--escalation-out", folder.path("escalation.json")] + arguments)
        return (result, try? folder.readJSON("decision.json"), try? folder.readJSON("escalation.json"))
    }

    /// Both artifacts `decide` wrote must pass `gaffer validate`.
    static func expectValid(_ paths: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let validation = try await GafferProcess.runDetached(["validate"] + paths)
        #expect(validation.status == 0, "gaffer decide wrote an artifact that gaffer validate rejects\n\(validation)",
                sourceLocation: sourceLocation)
    }

    /// SPEC §14: a report in the shape the original's runner writes (no attempt id, no Gaffer fields, its `inputs`
    /// names) and its `retry_attempt_lineage.v1` as history; its example report in the legacy lowercase vocabulary
    /// is refused with the path; its job files are recognised by content.
    @Test func theOriginalsReportsLineageAndJobFilesAreRead() async throws {
        let original = RepositoryPaths.originalFiles
        let folder = try TemporaryFolder("decide-original")
        let report = try folder.write("qc_report.v1.json", #"""
            {"version": "qc_report.v1", "job_id": "smoke-motion-jitter", "generated_at": "2026-02-18T00:00:00Z",
             "inputs": {"qc_policy_relpath": "repo/shared/qc_policy.v1.json",
                        "quality_report_relpath": "sandbox/logs/smoke-motion-jitter/qc/recast_quality_report.v1.json",
                        "costume_report_relpath": null, "two_pass_orchestration_relpath": null},
             "gates": [
               {"gate_id": "temporal_stability_gate", "metric": "temporal_stability", "dimension": "motion", "status": "SOFT_FAIL",
                "severity": "MEDIUM", "repairable": true, "score": 0.5, "threshold": 0.7, "failure_action": "RETRY_STAGE",
                "failure_class": "pose_mismatch", "target_stage": "motion"},
               {"gate_id": "costume_fidelity_gate", "metric": "costume_fidelity", "dimension": "costume", "status": "PASS",
                "severity": "CRITICAL", "repairable": false, "score": 1.0, "threshold": 1.0, "failure_action": "ESCALATE_USER",
                "failure_class": null, "reason": "not_required_by_continuity"}],
             "overall": {"pass": false, "failed_gate_ids": ["temporal_stability_gate"], "failed_failure_classes": ["pose_mismatch"],
                         "recommended_action": "RETRY_STAGE"}}
            """#)
        let policy = original + "/repo/shared/qc_policy.v1.json"
        let retry = try await GafferProcess.runDetached(["decide", "--report", report, "--policy", policy, "--out", folder.path("d1.json")])
        #expect(retry.status == 3, "\(retry)")
        let first = try JSONValue.read(folder.path("d1.json"))
        #expect(first["decision"]?["action"] == "RETRY_STAGE" && first["attempt_id"] == "run-0001", "\(first)")
        // Its lineage example holds one retry_motion attempt: with max_retries 1 the budget is spent.
        let history = original + "/repo/examples/retry_attempt_lineage.v1.example.json"
        let spent = try await GafferProcess.runDetached([
            "decide", "--report", report, "--policy", policy, "--history", history, "--max-retries", "1", "--out", folder.path("d2.json"),
        ])
        let second = try JSONValue.read(folder.path("d2.json"))
        #expect(spent.status == 3 && second["decision"]?["escalation_reason"] == "RETRY_BUDGET_EXCEEDED", "\(spent)\n\(second)")
        #expect(second["decision"]?["budget"]?["job_attempts"] == 2, "the original's attempt counts")
        let legacy = try await GafferProcess.runDetached(["decide", "--report", original + "/repo/examples/qc_report.v1.example.json", "--policy", policy])
        #expect(legacy.status == 2 && legacy.stderr.contains("qc_report.v1.example.json: /gates/0/status"), "\(legacy)")
        let jobs = try await GafferProcess.runDetached([
            "validate", original + "/sandbox/jobs/kitten-dancing-disco-24s-wanlocal.smoke.json", original + "/repo/examples/job.v1.square_dev.example.json",
        ])
        #expect(jobs.status == 0 && jobs.stdout.components(separatedBy: "ok (job.v1)").count == 3, "\(jobs)")
    }

    @Test func passingReportProceedsWithExitZero() async throws {
        let folder = try TemporaryFolder("decide-proceed")
        let qc = try await GafferProcess.qcReport(in: folder, metrics: ArtifactFixtures.productionMetrics(ArtifactFixtures.healthyScores))
        let (result, decision, escalation) = try await Self.decide(qc.reportPath, in: folder)
        #expect(result.status == 0, "PROCEED exits 0\n\(result)")
        #expect(decision?["decision"]?["action"]?.stringValue == "PROCEED", "\(result)")
        #expect(escalation == nil, "no escalation file when proceeding")
        try await Self.expectValid([folder.path("decision.json")])
    }

    @Test func repairableFailureRetriesTheGatesStageWithExitThree() async throws {
        let folder = try TemporaryFolder("decide-retry")
        let qc = try await GafferProcess.qcReport(
            in: folder, metrics: ArtifactFixtures.productionMetrics(ArtifactFixtures.scores(changing: ["temporal_stability": 0.5])))
        let (result, decision, escalation) = try await Self.decide(qc.reportPath, in: folder)
        #expect(result.status == 3, "RETRY_STAGE exits 3\n\(result)")
        let body = try #require(decision?["decision"], "no decision written\n\(result)")
        #expect(body["action"]?.stringValue == "RETRY_STAGE")
        #expect(body["target_stage"]?.stringValue == "motion", "the failing gate's target_stage")
        #expect(body["workflow_profile"]?.stringValue == "comfy_motion_safe_v1", "the pose_mismatch preset's workflow")
        #expect(body["parameter_adjustments"]?["pose_weight"]?.doubleValue == 0.95, "the preset's overrides")
        #expect(escalation == nil, "a retry writes no escalation")
        try await Self.expectValid([folder.path("decision.json")])
    }

    @Test func identityFailureEscalatesWithExitThreeAndAValidEscalation() async throws {
        let folder = try TemporaryFolder("decide-escalate")
        let job = try folder.write("job.json", json: ArtifactFixtures.costumeRequiredJob())
        let qc = try await GafferProcess.qcReport(
            in: folder, metrics: ArtifactFixtures.productionMetrics(ArtifactFixtures.scores(changing: ["costume_fidelity": false])),
            extraArguments: ["--job", job])
        let (result, decision, escalation) = try await Self.decide(qc.reportPath, in: folder)
        #expect(result.status == 3, "ESCALATE_USER exits 3\n\(result)")
        #expect(decision?["decision"]?["action"]?.stringValue == "ESCALATE_USER")
        #expect(decision?["decision"]?["escalation_reason"]?.stringValue == "IDENTITY_CONFLICT", "costume is an identity dimension")
        let written = try #require(escalation, "--escalation-out was not written\n\(result)")
        #expect(written["version"]?.stringValue == "user_action_required.v1")
        #expect(written["reason"]?.stringValue == "IDENTITY_CONFLICT")
        #expect(written["status"]?.stringValue == "OPEN")
        let failing = written["evidence"]?["failing_gates"]?.arrayValue ?? []
        #expect(failing.compactMap { $0["gate_id"]?.stringValue } == ["costume_fidelity_gate"], "evidence names the failing gate")
        try await Self.expectValid([folder.path("decision.json"), folder.path("escalation.json")])
    }

    @Test func abortActionExitsFour() async throws {
        let folder = try TemporaryFolder("decide-abort")
        let policy = try folder.write("abort-policy.json", json: ArtifactFixtures.singleGatePolicy(action: .abort))
        let qc = try await GafferProcess.qcReport(
            in: folder, metrics: ArtifactFixtures.productionMetrics(["custom_metric": 0.1]), policy: policy)
        #expect(qc.result.status == 3, "a failing gate is a QC failure\n\(qc.result)")
        #expect(qc.report["overall"]?["recommended_action"]?.stringValue == "ABORT")
        let (result, decision, escalation) = try await Self.decide(qc.reportPath, in: folder)
        #expect(result.status == 4, "ABORT exits 4\n\(result)")
        #expect(decision?["decision"]?["action"]?.stringValue == "ABORT", "\(result)")
        #expect(escalation == nil, "an abort is not an escalation")
        try await Self.expectValid([folder.path("decision.json")])
    }

    @Test func lastAllowedAttemptStillRetries() async throws {
        let folder = try TemporaryFolder("decide-budget-left")
        let qc = try await GafferProcess.qcReport(
            in: folder, metrics: ArtifactFixtures.productionMetrics(ArtifactFixtures.scores(changing: ["temporal_stability": 0.5])))
        let (result, decision, _) = try await Self.decide(qc.reportPath, in: folder, ["--stage-attempts", "2", "--max-retries", "2"])
        #expect(result.status == 3, "\(result)")
        #expect(decision?["decision"]?["action"]?.stringValue == "RETRY_STAGE", "attempt 2 of 3 may still retry\n\(result)")
    }

    @Test func spentBudgetEscalatesWithRetryBudgetExceeded() async throws {
        let folder = try TemporaryFolder("decide-budget-spent")
        let qc = try await GafferProcess.qcReport(
            in: folder, metrics: ArtifactFixtures.productionMetrics(ArtifactFixtures.scores(changing: ["temporal_stability": 0.5])))
        let (result, decision, escalation) = try await Self.decide(
            qc.reportPath, in: folder, ["--stage-attempts", "3", "--max-retries", "2"])
        #expect(result.status == 3, "ESCALATE_USER exits 3\n\(result)")
        let body = try #require(decision?["decision"], "no decision written\n\(result)")
        #expect(body["action"]?.stringValue == "ESCALATE_USER", "attempt 3 with max_retries 2 has no retry left")
        #expect(body["escalation_reason"]?.stringValue == "RETRY_BUDGET_EXCEEDED")
        #expect(body["budget"]?["stage_attempts"]?.doubleValue == 3)
        #expect(body["budget"]?["max_retries"]?.doubleValue == 2)
        let written = try #require(escalation, "--escalation-out was not written\n\(result)")
        #expect(written["reason"]?.stringValue == "RETRY_BUDGET_EXCEEDED")
        let allowed = written["allowed_responses"]?.arrayValue ?? []
        #expect(allowed.count > 0, "an escalation lists the answers it accepts")
        try await Self.expectValid([folder.path("decision.json"), folder.path("escalation.json")])
    }

    @Test(arguments: [
        (0.99, "run-0001"),
        (0.10, "run-0002"),
    ])
    func escalationNamesTheBestAttemptNotTheLast(earlierScore: Double, best: String) async throws {
        let folder = try TemporaryFolder("decide-history")
        // This attempt (run-0002) scores (0.5 + 0.95 + 0.95) / 3 = 0.8 on the motion stage's blocking gates.
        let qc = try await GafferProcess.qcReport(
            in: folder,
            metrics: ArtifactFixtures.productionMetrics(
                ArtifactFixtures.scores(changing: ["temporal_stability": 0.5]), attemptID: "run-0002", stage: "motion"),
            extraArguments: ["--stage", "motion"])
        let history = try folder.write("attempt_lineage.v1.json", json: ArtifactFixtures.lineage(attempts: [
            ArtifactFixtures.lineageEntry("run-0001", stage: "motion", score: earlierScore),
        ]))
        let (result, decision, escalation) = try await Self.decide(
            qc.reportPath, in: folder, ["--history", history, "--max-retries", "1"])
        #expect(result.status == 3, "\(result)")
        #expect(decision?["decision"]?["escalation_reason"]?.stringValue == "RETRY_BUDGET_EXCEEDED",
                "the history's earlier motion attempt plus this one spend max_retries 1\n\(result)")
        #expect(decision?["decision"]?["budget"]?["stage_attempts"]?.doubleValue == 2, "stage attempts counted from the history")
        let written = try #require(escalation, "--escalation-out was not written\n\(result)")
        #expect(written["best_attempt_id"]?.stringValue == best,
                "earlier attempt scored \(earlierScore) vs 0.8 for run-0002: best_attempt_id must be \(best)")
        try await Self.expectValid([folder.path("decision.json"), folder.path("escalation.json")])
    }
}
