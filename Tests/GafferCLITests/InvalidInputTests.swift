import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// Invalid input and usage: exit 2, one line naming the file and the JSON path, and nothing written.
@Suite("invalid input and usage")
struct InvalidInputTests {
    /// A broken input file: what is written, and what the one-line error must contain.
    struct BrokenInput: Sendable, CustomTestStringConvertible {
        enum Role: String, Sendable { case policy, metrics }
        let name: String
        let role: Role
        let text: @Sendable () throws -> String
        /// Fragments the error line must contain besides the file's path.
        let mentions: [String]
        var testDescription: String { name }
    }

    static func defaultPolicy(_ edit: (JSONValue) throws -> JSONValue) throws -> String {
        try edit(JSONValue.read(ArtifactFixtures.defaultPolicyPath)).text
    }

    static let brokenInputs: [BrokenInput] = [
        BrokenInput(
            name: "policy with an unknown action", role: .policy,
            text: { try defaultPolicy { try $0.setting("/gates/2/failure_action", to: "retry_motion") } },
            mentions: ["/gates/2/failure_action", "retry_motion"]),
        BrokenInput(
            name: "policy with a duplicate gate id", role: .policy,
            text: { try defaultPolicy { try $0.setting("/gates/3/gate_id", to: "identity_consistency_gate") } },
            mentions: ["/gates/3/gate_id", "duplicate"]),
        BrokenInput(
            name: "policy with a non-numeric threshold", role: .policy,
            text: { try defaultPolicy { try $0.setting("/gates/1/threshold", to: "0.6") } },
            mentions: ["/gates/1/threshold"]),
        BrokenInput(
            name: "policy with a class that names no gate's metric", role: .policy,
            text: {
                try defaultPolicy {
                    try $0.setting("/failure_classification/classes/-", to: [
                        "class_id": "ghost", "metrics": ["no_such_metric"], "action": "RETRY_STAGE",
                    ])
                }
            },
            mentions: ["/failure_classification/classes/6/metrics", "no_such_metric"]),
        BrokenInput(
            name: "malformed policy JSON (line and column)", role: .policy,
            text: { "{\n  \"version\": \"qc_policy.v1\",\n  \"gates\": [,]\n}\n" },
            mentions: ["malformed JSON", "line 3, column 13:"]),
        BrokenInput(
            name: "metrics with a string score", role: .metrics,
            text: {
                ArtifactFixtures.productionMetrics(ArtifactFixtures.scores(changing: ["temporal_stability": "high"])).text
            },
            mentions: ["/quality_metrics/temporal_stability"]),
    ]

    @Test(arguments: brokenInputs)
    func invalidInputExitsTwoNamingFileAndPathAndWritesNothing(_ broken: BrokenInput) async throws {
        let folder = try TemporaryFolder("invalid-input")
        let policy = try broken.role == .policy
            ? folder.write("policy.json", broken.text()) : folder.copy(ArtifactFixtures.defaultPolicyPath, to: "policy.json")
        let metrics = try broken.role == .metrics
            ? folder.write("metrics.json", broken.text())
            : folder.write("metrics.json", json: ArtifactFixtures.productionMetrics(ArtifactFixtures.healthyScores))
        let result = try await GafferProcess.runDetached(["qc", "--policy", policy, "--metrics", metrics, "--out", folder.path("report.json")])

        #expect(result.status == 2, "invalid input exits 2\n\(result)")
        let brokenPath = broken.role == .policy ? policy : metrics
        let lines = result.stderrLines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(lines.count == 1, "one fault, one line on stderr\n\(result)")
        let line = lines.first ?? ""
        #expect(line.contains(brokenPath), "the error names the broken file \(brokenPath)\n\(result)")
        for fragment in broken.mentions {
            #expect(line.contains(fragment), "the error mentions \"\(fragment)\"\n\(result)")
        }
        #expect(result.stdout.isEmpty, "nothing on stdout\n\(result)")
        #expect(!folder.exists("report.json"), "--out must not be written on invalid input")
        #expect(folder.entries() == ["metrics.json", "policy.json"], "no report and no temp file left behind")
    }

    @Test func missingInputFileExitsTwoNamingIt() async throws {
        let folder = try TemporaryFolder("missing-file")
        let absent = folder.path("absent.production_metrics.v1.json")
        let result = try await GafferProcess.runDetached(
            ["qc", "--policy", ArtifactFixtures.defaultPolicyPath, "--metrics", absent, "--out", folder.path("report.json")])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderrLines.count == 1 && result.stderr.contains(absent), "one line naming \(absent)\n\(result)")
        #expect(result.stderr.contains("no such file"), "says the file does not exist\n\(result)")
        #expect(folder.entries().isEmpty, "nothing written\n\(folder.entries())")
    }

    @Test func outputFolderThatDoesNotExistIsRefusedBeforeAnythingIsWritten() async throws {
        let folder = try TemporaryFolder("missing-out-folder")
        let metrics = try folder.write("metrics.json", json: ArtifactFixtures.productionMetrics(ArtifactFixtures.healthyScores))
        let out = folder.path("no-such-folder/report.json")
        let result = try await GafferProcess.runDetached(["qc", "--policy", ArtifactFixtures.defaultPolicyPath, "--metrics", metrics, "--out", out])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains(folder.path("no-such-folder")), "the error names the missing folder\n\(result)")
        #expect(folder.entries() == ["metrics.json"], "the folder is not created and nothing is written")
    }

    @Test func outputPathThatIsAFolderIsRefusedAsUsage() async throws {
        let folder = try TemporaryFolder("out-is-folder")
        let metrics = try folder.write("metrics.json", json: ArtifactFixtures.productionMetrics(ArtifactFixtures.healthyScores))
        try FileManager.default.createDirectory(atPath: folder.path("reports"), withIntermediateDirectories: false)
        let result = try await GafferProcess.runDetached(
            ["qc", "--policy", ArtifactFixtures.defaultPolicyPath, "--metrics", metrics, "--out", folder.path("reports")])
        #expect(result.status == 2, "--out naming an existing folder is a usage error (2), not an internal error (1)\n\(result)")
        #expect(result.stderr.contains(folder.path("reports")), "the error names the path\n\(result)")
        #expect(folder.entries() == ["metrics.json", "reports"] && folder.entries(in: "reports").isEmpty,
                "nothing written, no temp file left: \(folder.entries())")
    }

    @Test func decideWithInvalidHistoryWritesNeitherDecisionNorEscalation() async throws {
        let folder = try TemporaryFolder("decide-invalid")
        let qc = try await GafferProcess.qcReport(
            in: folder, metrics: ArtifactFixtures.productionMetrics(ArtifactFixtures.scores(changing: ["costume_fidelity": false])))
        let history = try folder.write("history.json", json: ArtifactFixtures.lineage(attempts: [
            ArtifactFixtures.lineageEntry("run-0001", stage: "motion", score: 0.9, action: nil)
        ]).setting("/attempts/0/decision_action", to: "escalate_hitl"))
        let before = folder.entries()
        let result = try await GafferProcess.runDetached([
            "decide", "--report", qc.reportPath, "--history", history,
            "--out", folder.path("decision.json"), "--escalation-out", folder.path("escalation.json"),
        ])
        #expect(result.status == 2, "\(result)")
        let lines = result.stderrLines
        #expect(lines.count == 1 && lines[0].contains(history) && lines[0].contains("/attempts/0/decision_action"),
                "one line naming the history file and the JSON path\n\(result)")
        #expect(folder.entries() == before, "neither --out nor --escalation-out, nor a temp file, is written")
    }

    @Test func decideRefusesAPolicyGivenAsTheReport() async throws {
        let folder = try TemporaryFolder("decide-wrong-kind")
        let result = try await GafferProcess.runDetached(
            ["decide", "--report", ArtifactFixtures.defaultPolicyPath, "--out", folder.path("decision.json")])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains(ArtifactFixtures.defaultPolicyPath), "the error names the file\n\(result)")
        #expect(folder.entries().isEmpty)
    }

    @Test(arguments: [
        ["qc", "--metrics", "metrics.json"],
        ["qc", "--policy", "p.json", "--metrics", "m.json", "--no-such-flag"],
        ["no-such-command"],
        ["decide"],
        ["decide", "--report", "r.json", "--stage-attempts", "0"],
        ["decide", "--report", "r.json", "--max-retries", "-1"],
        ["validate"],
        ["smoke"],
        ["qc", "--policy", "p.json", "--metrics", "m.json", "--stage", "Not A Stage"],
    ])
    func usageErrorExitsTwoNotSixtyFour(_ arguments: [String]) async throws {
        let folder = try TemporaryFolder("usage")
        let result = try await GafferProcess.runDetached(arguments, cwd: folder.root)
        #expect(result.status == 2, "usage errors exit 2 (swift-argument-parser's default would be 64)\n\(result)")
        #expect(!result.stderr.isEmpty, "a usage error explains itself on stderr\n\(result)")
        #expect(folder.entries().isEmpty, "nothing written")
    }

    @Test func helpPrintsTheSubcommandsAndExitsZero() async throws {
        let result = try await GafferProcess.runDetached(["--help"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("qc") && result.stdout.contains("decide"), "help lists the subcommands\n\(result)")
    }
}
