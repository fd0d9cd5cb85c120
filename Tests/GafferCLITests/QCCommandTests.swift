import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// `gaffer qc` end to end: the built binary, real files, the shipped default policy.
@Suite("gaffer qc")
struct QCCommandTests {
    /// One worked example of SPEC §4: the changes to the passing baseline and what must come out.
    struct WorkedExample: Sendable, CustomTestStringConvertible {
        let name: String
        var changes: [String: JSONValue] = [:]
        var removed: [String] = []
        let exitStatus: Int32
        let action: String
        /// gate_id → status, for the gates that do not PASS (every other gate must PASS).
        var failing: [String: String] = [:]
        /// gate_id → reason, where the example pins it.
        var reasons: [String: String] = [:]
        /// gate_id → failure_class.
        var classes: [String: String] = [:]
        /// gate_id → target_stage.
        var targets: [String: String] = [:]
        var testDescription: String { name }
    }

    static let workedExamples: [WorkedExample] = [
        WorkedExample(
            name: "all eight at 0.95, costume true: PROCEED, every gate PASS (audio_video 0.95 >= 0.95)",
            exitStatus: 0, action: "PROCEED", reasons: ["audio_video_gate": "score_meets_threshold"]),
        WorkedExample(
            name: "temporal_stability 0.50: SOFT_FAIL, class pose_mismatch, RETRY_STAGE targeting motion",
            changes: ["temporal_stability": 0.5], exitStatus: 3, action: "RETRY_STAGE",
            failing: ["temporal_stability_gate": "SOFT_FAIL"],
            reasons: ["temporal_stability_gate": "score_below_threshold"],
            classes: ["temporal_stability_gate": "pose_mismatch"], targets: ["temporal_stability_gate": "motion"]),
        WorkedExample(
            name: "temporal_stability 0.30: HARD_FAIL score_critically_low, RETRY_STAGE",
            changes: ["temporal_stability": 0.3], exitStatus: 3, action: "RETRY_STAGE",
            failing: ["temporal_stability_gate": "HARD_FAIL"],
            reasons: ["temporal_stability_gate": "score_critically_low"],
            classes: ["temporal_stability_gate": "pose_mismatch"]),
        WorkedExample(
            name: "costume_fidelity false: HARD_FAIL, class costume_mismatch, ESCALATE_USER",
            changes: ["costume_fidelity": false], exitStatus: 3, action: "ESCALATE_USER",
            failing: ["costume_fidelity_gate": "HARD_FAIL"], classes: ["costume_fidelity_gate": "costume_mismatch"]),
        WorkedExample(
            name: "temporal 0.50 and costume false: ESCALATE_USER wins by priority",
            changes: ["temporal_stability": 0.5, "costume_fidelity": false], exitStatus: 3, action: "ESCALATE_USER",
            failing: ["temporal_stability_gate": "SOFT_FAIL", "costume_fidelity_gate": "HARD_FAIL"],
            classes: ["temporal_stability_gate": "pose_mismatch", "costume_fidelity_gate": "costume_mismatch"]),
        WorkedExample(
            name: "background_stability and identity_drift absent: two UNKNOWN (metric_missing), ESCALATE_USER",
            removed: ["background_stability", "identity_drift"], exitStatus: 3, action: "ESCALATE_USER",
            failing: ["background_stability_gate": "UNKNOWN", "identity_drift_gate": "UNKNOWN"],
            reasons: ["background_stability_gate": "metric_missing", "identity_drift_gate": "metric_missing"]),
    ]

    @Test(arguments: workedExamples)
    func workedExampleGetsTheSpecifiedRouting(_ example: WorkedExample) async throws {
        let folder = try TemporaryFolder("qc-worked-example")
        // The job's continuity pack requires costume fidelity, so the costume gate applies (SPEC §3.1).
        let job = try folder.write("job.json", json: ArtifactFixtures.costumeRequiredJob())
        let run = try await GafferProcess.qcReport(
            in: folder, metrics: ArtifactFixtures.productionMetrics(
                ArtifactFixtures.scores(changing: example.changes, removing: example.removed)),
            extraArguments: ["--job", job])
        let report = run.report
        #expect(run.result.status == example.exitStatus,
                "exit status should be \(example.exitStatus) (0 pass / 3 QC failure)\n\(run.result)")
        #expect(report["overall"]?["recommended_action"]?.stringValue == example.action,
                "recommended_action in \(run.reportPath)")
        #expect(report["overall"]?["pass"]?.boolValue == example.failing.isEmpty, "overall.pass")

        let gates = report["gates"]?.arrayValue ?? []
        #expect(gates.map { $0["gate_id"]?.stringValue ?? "?" } == [
            "identity_consistency_gate", "mask_edge_bleed_gate", "temporal_stability_gate", "loop_seam_gate",
            "audio_video_gate", "costume_fidelity_gate", "background_stability_gate", "identity_drift_gate",
        ], "the report lists the policy's eight gates in policy order")
        for gate in gates {
            let id = gate["gate_id"]?.stringValue ?? "?"
            let expected = example.failing[id] ?? "PASS"
            #expect(gate["status"]?.stringValue == expected, "status of \(id)")
            if let reason = example.reasons[id] { #expect(gate["reason"]?.stringValue == reason, "reason of \(id)") }
            if let failureClass = example.classes[id] {
                #expect(gate["failure_class"]?.stringValue == failureClass, "failure_class of \(id)")
            }
            if let target = example.targets[id] { #expect(gate["target_stage"]?.stringValue == target, "target_stage of \(id)") }
        }
        let expectedFailedIDs = gates.compactMap { $0["gate_id"]?.stringValue }.filter { example.failing[$0] != nil }
        #expect(report["overall"]?["failed_gate_ids"]?.arrayValue?.compactMap(\.stringValue) == expectedFailedIDs,
                "failed_gate_ids lists every failing gate in policy order")
        #expect(report["overall"]?["failed_failure_classes"]?.arrayValue?.compactMap(\.stringValue)
                == Set(example.classes.values).sorted(), "failed_failure_classes: sorted, unique")

        let validation = try await GafferProcess.runDetached(["validate", run.reportPath])
        #expect(validation.status == 0, "the report gaffer qc wrote must pass gaffer validate\n\(validation)")
    }

    @Test func reportGoesToStdoutWhenNoOutIsGiven() async throws {
        let folder = try TemporaryFolder("qc-stdout")
        let metrics = try folder.write("metrics.json", json: ArtifactFixtures.productionMetrics(ArtifactFixtures.healthyScores))
        let result = try await GafferProcess.runDetached(["qc", "--policy", ArtifactFixtures.defaultPolicyPath, "--metrics", metrics])
        #expect(result.status == 0, "\(result)")
        let report = try #require(try? JSONValue.parse(result.stdout), "stdout is not one JSON document:\n\(result)")
        #expect(report["version"]?.stringValue == "qc_report.v1")
        #expect(report["job_id"]?.stringValue == "job-e2e-000001", "the job id comes from the metrics file")
        #expect(folder.entries() == ["metrics.json"], "without --out nothing is written beside the inputs")
    }

    /// The original's own example recast report on its own policy file (read from `../shared/reference`): the
    /// scores route as its worked examples say (SPEC §14).
    @Test func originalSystemsPolicyAndRecastMetricsLoadUnchanged() async throws {
        let original = RepositoryPaths.originalFiles
        let folder = try TemporaryFolder("qc-original")
        let out = folder.path("report.json")
        let result = try await GafferProcess.runDetached([
            "qc", "--policy", original + "/repo/shared/qc_policy.v1.json",
            "--metrics", original + "/repo/examples/recast_quality_report.v1.example.json", "--out", out,
        ])
        // Its scores: temporal 0.66 and loop_seam 0.64 under 0.7; background_stability and identity_drift absent.
        #expect(result.status == 3, "\(result)")
        let report = try #require(try? folder.readJSON("report.json"), "no report written\n\(result)")
        let statuses = Dictionary(uniqueKeysWithValues: (report["gates"]?.arrayValue ?? []).compactMap { gate in
            gate["gate_id"]?.stringValue.map { ($0, gate["status"]?.stringValue ?? "?") }
        })
        #expect(statuses == [
            "identity_consistency_gate": "PASS", "mask_edge_bleed_gate": "PASS", "temporal_stability_gate": "SOFT_FAIL",
            "loop_seam_gate": "SOFT_FAIL", "audio_video_gate": "PASS", "costume_fidelity_gate": "PASS",
            "background_stability_gate": "UNKNOWN", "identity_drift_gate": "UNKNOWN",
        ], "\(statuses)")
        #expect(report.gate("costume_fidelity_gate")?["reason"]?.stringValue == "not_required_by_continuity")
        #expect(report["overall"]?["recommended_action"]?.stringValue == "ESCALATE_USER", "UNKNOWN beats RETRY_STAGE by priority")
        let validation = try await GafferProcess.runDetached(["validate", out])
        #expect(validation.status == 0, "\(validation)")
    }

    /// The original's policy file, unchanged, its own job files and its two metric sources (SPEC §14).
    @Test func theOriginalsPolicyJobsAndTwoMetricSourcesDecideAsItsSmokesIntend() async throws {
        let original = RepositoryPaths.originalFiles
        let policy = original + "/repo/shared/qc_policy.v1.json"
        let hero = original + "/sandbox/jobs/hero_kittens/mochi-kitten-dancing-in-dance-loop-comfy.job.json"
        let folder = try TemporaryFolder("qc-original-files")
        func recast(_ changes: [String: Double]) throws -> String {
            var metrics: [String: JSONValue] = [:]
            for name in ["identity_consistency", "mask_edge_bleed", "temporal_stability", "loop_seam", "audio_video", "background_stability", "identity_drift"] {
                metrics[name] = ["score": .number(changes[name] ?? 0.95)]
            }
            return try folder.write("recast-\(changes.keys.sorted().joined(separator: "-")).json",
                                    json: ["version": "recast_quality_report.v1", "job_id": "mochi-kitten-dancing-in-dance-loop-comfy", "metrics": .object(metrics)])
        }
        let costumeFailed = try folder.write("costume_fidelity.v1.json", #"{"pass": false}"#)
        func qc(_ arguments: [String]) async throws -> (ProcessResult, JSONValue) {
            let out = folder.path("report-\(UUID().uuidString).json")
            let result = try await GafferProcess.runDetached(["qc", "--policy", policy, "--out", out] + arguments)
            return (result, try JSONValue.read(out))
        }
        // The hero job's pack (identity only) does not require costume, so a failed costume report changes nothing.
        let (healthy, healthyReport) = try await qc(["--metrics", try recast([:]), "--metrics", costumeFailed, "--job", hero])
        #expect(healthy.status == 0 && healthyReport["overall"]?["recommended_action"] == "PROCEED", "\(healthy)")
        #expect(healthyReport.gate("costume_fidelity_gate")?["reason"] == "not_required_by_continuity")
        #expect(healthyReport.gate("temporal_stability_gate")?["threshold"] == 0.9, "the job's quality_target.relpath (motion_strict_v1)")
        // 0.85: passes the policy's 0.7, fails the job's strict 0.9.
        let (_, strict) = try await qc(["--metrics", try recast(["temporal_stability": 0.85]), "--job", hero])
        #expect(strict["overall"]?["recommended_action"] == "RETRY_STAGE" && strict.gate("temporal_stability_gate")?["status"] == "SOFT_FAIL")
        // A job whose pack requires costume: the failed report escalates; no report at all fails closed.
        let job = try folder.write("sandbox/jobs/costume-required-01.job.json", #"{"job_id": "costume-required-01", "continuity_pack": {"relpath": "repo/shared/smoke_continuity_pack.v1.json"}}"#)
        let (failed, failedReport) = try await qc(["--metrics", try recast([:]), "--metrics", costumeFailed, "--job", job, "--root", original])
        #expect(failed.status == 3 && failedReport["overall"]?["recommended_action"] == "ESCALATE_USER", "\(failed)")
        #expect(failedReport.gate("costume_fidelity_gate")?["status"] == "HARD_FAIL" && failedReport.gate("costume_fidelity_gate")?["score"] == 0)
        let (_, missing) = try await qc(["--metrics", try recast([:]), "--job", job, "--root", original])
        #expect(missing.gate("costume_fidelity_gate")?["reason"] == "costume_report_missing")
        // A relpath that names nothing is invalid input naming the job file and the JSON path.
        let refused = try await GafferProcess.runDetached(["qc", "--policy", policy, "--metrics", try recast([:]), "--job", job, "--root", folder.root])
        #expect(refused.status == 2 && refused.stderr.contains("costume-required-01.job.json: /continuity_pack/relpath"), "\(refused)")
    }

    @Test func jobThresholdsReplaceThePolicysAndNameTheJob() async throws {
        let folder = try TemporaryFolder("qc-job-threshold")
        let out = folder.path("report.json")
        // A job that sets quality_target.thresholds.temporal_stability = 0.8, with fields of the original's jobs.
        let job = try folder.write("mochi-dance-001.job.json", #"""
            {"job_id": "mochi-dance-001", "lane": "dance_loop", "niche": "cats", "video": {"fps": 30, "aspect_ratio": "9:16"},
             "quality_target": {"thresholds": {"temporal_stability": 0.8}}}
            """#)
        let metrics = try folder.write("metrics.json", json: ArtifactFixtures.productionMetrics(
            ArtifactFixtures.scores(changing: ["temporal_stability": 0.75])))
        let result = try await GafferProcess.runDetached([
            "qc", "--policy", ArtifactFixtures.defaultPolicyPath, "--metrics", metrics, "--job", job, "--out", out,
        ])
        #expect(result.status == 3, "0.75 passes the policy's 0.7 but not the job's 0.8\n\(result)")
        let report = try #require(try? folder.readJSON("report.json"), "\(result)")
        let gate = try #require(report.gate("temporal_stability_gate"))
        #expect(gate["threshold"]?.doubleValue == 0.8, "the effective threshold is the job's")
        #expect(gate["status"]?.stringValue == "SOFT_FAIL")
        #expect(report["job_id"]?.stringValue == "mochi-dance-001", "the job file names the job")
    }

    @Test func stageOptionEvaluatesOnlyThatStagesGates() async throws {
        let folder = try TemporaryFolder("qc-stage")
        let run = try await GafferProcess.qcReport(
            in: folder, metrics: ArtifactFixtures.productionMetrics(ArtifactFixtures.scores(changing: ["costume_fidelity": false])),
            extraArguments: ["--stage", "motion"])
        #expect(run.result.status == 0, "the failing costume gate targets stage artifact, not motion\n\(run.result)")
        #expect((run.report["gates"]?.arrayValue ?? []).compactMap { $0["gate_id"]?.stringValue }
                == ["temporal_stability_gate", "loop_seam_gate", "background_stability_gate"])
        #expect(run.report["stage"]?.stringValue == "motion")
    }

    @Test(arguments: ["NaN", "Infinity", "null", "\"0.9\""])
    func unusableScoreIsUnknownScoreInvalidNeverAPass(_ literal: String) async throws {
        let folder = try TemporaryFolder("qc-score-invalid")
        // Written as text: NaN and Infinity are what Python's json module writes, and JSONValue cannot serialise them.
        let text = ArtifactFixtures.productionMetrics(ArtifactFixtures.scores(changing: ["temporal_stability": "__SCORE__"])).text
            .replacingOccurrences(of: "\"__SCORE__\"", with: literal)
        let metrics = try folder.write("metrics.json", text)
        let out = folder.path("report.json")
        let result = try await GafferProcess.runDetached(["qc", "--policy", ArtifactFixtures.defaultPolicyPath, "--metrics", metrics, "--out", out])
        if literal.hasPrefix("\"") {
            // A string is not a score at all: production_metrics.v1 allows number, boolean or null.
            #expect(result.status == 2, "a string score breaks the metrics contract\n\(result)")
            #expect(result.stderr.contains("/quality_metrics/temporal_stability"), "\(result)")
            return
        }
        #expect(result.status == 3, "an unusable score is a QC failure\n\(result)")
        let report = try #require(try? folder.readJSON("report.json"), "no report\n\(result)")
        let gate = try #require(report.gate("temporal_stability_gate"))
        #expect(gate["status"]?.stringValue == "UNKNOWN", "temporal_stability \(literal) must be UNKNOWN")
        #expect(gate["reason"]?.stringValue == "score_invalid", "temporal_stability \(literal): reason")
        #expect(gate["score"] == .null, "the report never carries \(literal) as a score")
        #expect(report["overall"]?["recommended_action"]?.stringValue == "ESCALATE_USER", "the missing-report action")
    }
}
