import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// `gaffer advise`, `gaffer decide --advice/--advisor` and `gaffer run --advisor --authority-trial` against the
/// loopback chat-completions stand-in, with the original's authority-trial policy (translated).
@Suite("advisor commands", .serialized)
struct AdvisorCommandTests {
    static let policy = RepositoryPaths.path("policies/qc_policy.authority_trial.v1.json")

    /// A QC report of the authority-trial policy on temporal 0.52 (RETRY_STAGE), made by `gaffer qc`.
    static func report(in folder: TemporaryFolder) async throws -> String {
        let metrics = try folder.write("metrics.json", #"{"metrics": {"identity_consistency": {"score": 0.9}, "temporal_stability": {"score": 0.52}}}"#)
        let report = folder.path("report.json")
        let qc = try await GafferProcess.runDetached(["qc", "--policy", policy, "--metrics", metrics, "--out", report])
        #expect(qc.status == 3, "\(qc)")
        return report
    }

    static func settings(_ folder: TemporaryFolder, _ server: AdvisorStandIn, _ behaviour: String, timeout: Double = 5) throws -> String {
        try folder.write("advisor.yaml", "kind: openai\nbase_url: \(server.baseURL(behaviour))\nmodel: stand-in-7b\ntimeout_seconds: \(timeout)\n")
    }

    @Test func advisePrintsTheProposalTheLatencyAndWhatThePolicyMakesOfIt() async throws {
        let folder = try TemporaryFolder("advise")
        let server = try await AdvisorStandIn()
        let report = try await Self.report(in: folder)
        let result = try await GafferProcess.runDetached(["advise", "--report", report, "--advisor", try Self.settings(folder, server, "propose-ESCALATE_USER")])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("proposal: ESCALATE_USER"), "\(result.stdout)")
        #expect(result.stdout.contains("because:  stand-in proposes ESCALATE_USER"))
        #expect(result.stdout.range(of: #"latency:  \d+\.\d{3} s  tokens: \d+ in / \d+ out"#, options: .regularExpression) != nil, "\(result.stdout)")
        #expect(result.stdout.contains("outcome:  recorded (deterministic RETRY_STAGE, decided RETRY_STAGE)"), "\(result.stdout)")
        #expect(try server.requests("propose-ESCALATE_USER").count == 1)
        let json = try await GafferProcess.runDetached(["advise", "--report", report, "--json", "--authority-trial", "--advisor", folder.path("advisor.yaml")])
        let record = try JSONParser.parse(json.stdout)
        #expect(record["outcome"] == "rejected" && record["proposal"]?["action"] == "ESCALATE_USER", "outside the trial's allow-list: \(json)")
    }

    @Test func adviseExitsFiveWhenTheAdvisorDoesNotAnswerAndTwoOnABadFile() async throws {
        let folder = try TemporaryFolder("advise-fails")
        let server = try await AdvisorStandIn()
        let report = try await Self.report(in: folder)
        let failing = try await GafferProcess.runDetached(["advise", "--report", report, "--advisor", try Self.settings(folder, server, "error500", timeout: 10)])
        #expect(failing.status == 5, "\(failing)")
        #expect(failing.stdout.contains("proposal: none") && failing.stderr.contains("HTTP 500"), "\(failing)")
        let bad = try folder.write("bad.yaml", "kind: openai\nbase_url: http://127.0.0.1:1/v1\n")
        let invalid = try await GafferProcess.runDetached(["advise", "--report", report, "--advisor", bad])
        #expect(invalid.status == 2 && invalid.stderr.contains("bad.yaml: /model"), "\(invalid)")
    }

    @Test func decideWeighsARecordedProposalAsTheLoopWould() async throws {
        let folder = try TemporaryFolder("decide-advice")
        let report = try await Self.report(in: folder)
        let advice = try folder.write("advice.json", #"{"version": "advisor_proposal.v1", "action": "RETRY_STAGE", "reasoning": "one more pass"}"#)
        let out = folder.path("decision.json")
        let rolledBack = try await GafferProcess.runDetached([
            "decide", "--report", report, "--advice", advice, "--authority-trial", "--stage-attempts", "3", "--out", out,
            "--escalation-out", folder.path("escalation.json"),
        ])
        #expect(rolledBack.status == 3, "\(rolledBack)")
        let decision = try JSONValue.read(out)["decision"]
        #expect(decision?["action"] == "ESCALATE_USER" && decision?["advisor"]?["outcome"] == "rolled_back", "\(String(describing: decision))")
        let recorded = try await GafferProcess.runDetached(["decide", "--report", report, "--advice", advice, "--out", out])
        let recordedDecision = try JSONValue.read(out)
        #expect(recorded.status == 3 && recordedDecision["decision"]?["advisor"]?["outcome"] == "recorded", "no consent: recorded only")
        let broken = try folder.write("broken.json", #"{"action": "retry_motion", "reasoning": "r"}"#)
        try? FileManager.default.removeItem(atPath: out)
        let refused = try await GafferProcess.runDetached(["decide", "--report", report, "--advice", broken, "--out", out])
        #expect(refused.status == 2 && refused.stderr.contains("broken.json: /action"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: out), "nothing written")
    }

    @Test func theLoopTakesAnAllowedProposalAndItsAdjustmentReachesTheNextAttempt() async throws {
        let server = try await AdvisorStandIn()
        let sandbox = try SandboxBuilder()
        try sandbox.copyPolicy("qc_policy.authority_trial.v1.json")
        // The analysis scores temporal stability 0.52 on the first attempt and 0.9 after.
        let analyze = #"if [ "$GAFFER_ATTEMPT_ID" = run-0001 ]; then t=0.52; else t=0.9; fi; echo "{\"metrics\": {\"identity_consistency\": {\"score\": 0.9}, \"temporal_stability\": {\"score\": $t}}}" > {metrics}"#
        try sandbox.write("workflows/motion.yaml", """
            workflow_id: motion_v1
            engine_env: [PATH]
            qc_policy: qc_policy.authority_trial.v1.json
            stages:
              - name: motion
                command: ["/bin/sh", "-c", "echo clip > {output}"]
                output: clip.txt
                timeout_seconds: 10
                analyze: ["/bin/sh", "-c", \(String(decoding: JSONValue.string(analyze).serialized(pretty: false), as: UTF8.self))]
            """)
        try sandbox.writeJob("advised-run-01")
        let settings = try sandbox.folder.write("advisor.yaml", "kind: openai\nbase_url: \(server.baseURL("propose-RETRY_STAGE"))\nmodel: stand-in-7b\n")
        let result = try await sandbox.gafferDetached(["run", "--once", "--advisor", settings, "--authority-trial"])
        #expect(result.status == 0, "\(result)")
        let first = try sandbox.json("logs/advised-run-01/attempts/run-0001/production_decision.v1.json")["decision"]
        #expect(first?["advisor"]?["outcome"] == "taken" && first?["parameter_adjustments"]?["seed"] == 4242, "\(String(describing: first))")
        let params = try sandbox.json("logs/advised-run-01/attempts/run-0002/params.json")
        #expect(params["seed"] == 4242, "the advisor's adjustment reached the retry's engine: \(params)")
        #expect(try server.requests("propose-RETRY_STAGE").count == 1, "asked once: not after the PROCEED")
        let unset = try sandbox.folder.write("keyed.yaml", "kind: openai\nbase_url: http://127.0.0.1:1/v1\nmodel: m\napi_key_env: GAFFER_TEST_NO_SUCH_KEY\n")
        let refused = try await sandbox.gafferDetached(["run", "--once", "--advisor", unset])
        #expect(refused.status == 2 && refused.stderr.contains("GAFFER_TEST_NO_SUCH_KEY, which is not set"), "\(refused)")
    }
}
