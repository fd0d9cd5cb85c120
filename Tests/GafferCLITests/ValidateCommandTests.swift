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
