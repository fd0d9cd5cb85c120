import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// `gaffer validate` end to end, on the shipped files and on broken copies.
@Suite("gaffer validate")
struct ValidateCommandTests {
    /// Every JSON document the repository ships as input or example.
    static let shippedFiles = RepositoryPaths.jsonFiles(in: ["policies", "scenarios", "examples", "workflows"])

    @Test func everyShippedFileValidates() async throws {
        try #require(Self.shippedFiles.count >= 3, "no shipped JSON files found under \(RepositoryPaths.root.path)")
        let result = try await GafferProcess.runDetached(["validate"] + Self.shippedFiles)
        #expect(result.status == 0, "every shipped file must validate\n\(result)")
        for file in Self.shippedFiles {
            #expect(result.stdoutLines.contains { $0.hasPrefix("\(file): ok (") }, "no \"ok\" line for \(file)\n\(result)")
        }
        #expect(result.stdoutLines.count == Self.shippedFiles.count, "one line per valid file\n\(result)")
    }

    /// SPEC §14 and the README's table: every file of the original system. Its contracts Gaffer reads are accepted
    /// or refused — each refusal a violation of the original's own schema (its lowercase actions and statuses, its
    /// null post ids, its registry entry without a relpath) — its JSON Schemas compile, and the documents Gaffer does
    /// not read are named, not called unknown.
    @Test func everyFileOfTheOriginalIsAcceptedRefusedWithItsViolationOrNamed() async throws {
        let root = RepositoryPaths.originalFiles
        let files = (FileManager.default.subpaths(atPath: root) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        try #require(files.count >= 50, "the original's files are at \(root)")
        let refused: [String: String] = [
            "repo/examples/qc_policy.v1.example.json": "/advisory_mode/allowed_actions/0: \"retry_motion\" is not one of",
            "repo/examples/qc_policy.authority_trial.v1.example.json": "/advisory_mode/allowed_actions/0: \"retry_motion\" is not one of",
            "repo/examples/qc_report.v1.example.json": "/gates/0/status: \"pass\" is not one of",
            "repo/shared/handoff_registry.v1.json": "/entries/0/platform_post_id: expected string, got null",
            "repo/shared/workflow_registry.v1.json": "/workflows/2: is missing required property \"relpath\"",
        ]
        let notRead: Set<String> = [
            "repo/canon/demo_analyses/dance-loop.pose_checkpoints.v1.json", "repo/examples/beat_grid.v1.example.json",
            "repo/examples/two_pass_orchestration.v1.example.json", "repo/shared/engine_adapter_registry.v1.json",
            "sandbox/jobs/construction-chaos.prd.v2.json", "sandbox/jobs/construction-chaos.request.json",
            "sandbox/jobs/hammer-accident.prd.json",
        ]
        let result = try await GafferProcess.runDetached(["validate"] + files.map { root + "/" + $0 })
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("\(refused.count) of \(files.count) files invalid"), "only the refused count as invalid: \(result.stderr)")
        for file in files {
            let lines = result.stdoutLines.filter { $0.hasPrefix(root + "/" + file + ":") }
            if let violation = refused[file] {
                #expect(lines.contains { $0.contains(violation) }, "\(file) is refused for \(violation): \(lines)")
            } else if notRead.contains(file) {
                #expect(lines.count == 1 && lines[0].contains(": not checked: the original's "), "\(file): \(lines)")
            } else if file.hasSuffix(".schema.json") {
                #expect(lines == ["\(root)/\(file): ok (a JSON Schema; it compiles)"], "\(file): \(lines)")
            } else {
                #expect(lines.count == 1 && lines[0].contains(": ok ("), "\(file) is accepted: \(lines)")
            }
        }
        let kinds = Set(result.stdoutLines.compactMap { line -> String? in
            guard let marker = line.range(of: ": ok (") else { return nil }
            return String(line[marker.upperBound...].dropLast())
        })
        #expect(kinds.isSuperset(of: ["job.v1", "qc_policy.v1", "quality_target.v1", "episode_continuity_pack.v1", "recast_quality_report.v1", "retry_attempt_lineage.v1"]), "\(kinds)")
    }

    @Test func brokenCopyExitsTwoWithOneLinePerFault() async throws {
        let folder = try TemporaryFolder("validate-broken")
        let broken = try JSONValue.read(ArtifactFixtures.defaultPolicyPath)
            .setting("/gates/0/severity", to: "SEVERE")
            .setting("/gates/1/threshold", to: "0.6")
            .setting("/gates/2/failure_action", to: "retry_motion")
        let file = try folder.write("qc_policy.v1.json", json: broken)
        let result = try await GafferProcess.runDetached(["validate", file])
        #expect(result.status == 2, "\(result)")
        let faultLines = result.stdoutLines.filter { $0.hasPrefix("\(file): ") }
        #expect(faultLines.count == 3, "three faults, three lines\n\(result)")
        for path in ["/gates/0/severity", "/gates/1/threshold", "/gates/2/failure_action"] {
            #expect(faultLines.contains { $0.hasPrefix("\(file): \(path): ") }, "a line for \(path)\n\(result)")
        }
        #expect(result.stdoutLines.count == faultLines.count, "every output line names the file\n\(result)")
    }

    @Test func validAndBrokenFilesTogetherExitTwoAndReportEach() async throws {
        let folder = try TemporaryFolder("validate-mixed")
        let good = try folder.copy(ArtifactFixtures.defaultPolicyPath, to: "good.qc_policy.v1.json")
        let bad = try folder.write("bad.qc_policy.v1.json", json: JSONValue.read(ArtifactFixtures.defaultPolicyPath)
            .setting("/gates/3/gate_id", to: "identity_consistency_gate"))
        let result = try await GafferProcess.runDetached(["validate", good, bad])
        #expect(result.status == 2, "\(result)")
        #expect(result.stdoutLines.contains("\(good): ok (qc_policy.v1)"), "\(result)")
        #expect(result.stdoutLines.contains { $0.hasPrefix("\(bad): /gates/3/gate_id: ") && $0.contains("duplicate") }, "\(result)")
    }

    @Test func documentOfUnknownKindIsRefused() async throws {
        let folder = try TemporaryFolder("validate-unknown")
        let file = try folder.write("mystery.json", #"{"hello": "world"}"#)
        let result = try await GafferProcess.runDetached(["validate", file])
        #expect(result.status == 2, "\(result)")
        #expect(result.stdout.contains("\(file): cannot tell what kind of document this is"), "\(result)")
    }

    @Test func malformedJSONIsReportedWithLineAndColumn() async throws {
        let folder = try TemporaryFolder("validate-malformed")
        let file = try folder.write("qc_policy.v1.json", "{\n  \"version\": \"qc_policy.v1\"\n  \"gates\": []\n}\n")
        let result = try await GafferProcess.runDetached(["validate", file])
        #expect(result.status == 2, "\(result)")
        #expect(result.stdoutLines.count == 1 && result.stdout.contains("\(file): malformed JSON at line 3, column 3:"), "\(result)")
    }
}
