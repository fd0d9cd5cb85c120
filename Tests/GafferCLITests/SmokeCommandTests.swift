import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// `gaffer smoke` end to end, on the shipped scenarios and on altered copies.
@Suite("gaffer smoke")
struct SmokeCommandTests {
    static let scenariosFolder = RepositoryPaths.path("scenarios")
    static let scenarioFiles = RepositoryPaths.jsonFiles(in: ["scenarios"]).filter { $0.hasSuffix(".scenario.json") }

    /// The shipped `healthy` scenario with its policy path made absolute (so the copy runs anywhere),
    /// renamed, and edited.
    static func alteredHealthyScenario(name: String, _ edit: (JSONValue) throws -> JSONValue) throws -> JSONValue {
        let original = try JSONValue.read(RepositoryPaths.path("scenarios/healthy.scenario.json"))
        return try edit(original
            .setting("/policy", to: .string(ArtifactFixtures.defaultPolicyPath))
            .setting("/name", to: .string(name)))
    }

    @Test func shippedScenariosAllPass() async throws {
        let count = Self.scenarioFiles.count
        try #require(count > 0, "no scenario files in \(Self.scenariosFolder)")
        let result = try await GafferProcess.runDetached(["smoke", Self.scenariosFolder])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines.last == "\(count) passed, 0 failed", "closing line\n\(result)")
        #expect(result.stdoutLines.filter { $0.hasPrefix("PASS  ") }.count == count, "one PASS line per scenario\n\(result)")
    }

    @Test func scenarioWithAWrongExpectationFailsAndExitsThree() async throws {
        let folder = try TemporaryFolder("smoke-wrong")
        let wrong = try folder.write("healthy-wrong-expectation.scenario.json", json: Self.alteredHealthyScenario(
            name: "healthy-wrong-expectation") { try $0.setting("/expect/recommended_action", to: "RETRY_STAGE") })
        let result = try await GafferProcess.runDetached(["smoke", Self.scenariosFolder, wrong])
        #expect(result.status == 3, "a scenario whose routing differs exits 3\n\(result)")
        let failLines = result.stdoutLines.filter { $0.hasPrefix("FAIL  ") }
        #expect(failLines.count == 1, "\(result)")
        #expect(failLines.first?.hasPrefix("FAIL  healthy-wrong-expectation:") == true, "\(result)")
        #expect(failLines.first?.contains("recommended_action: expected RETRY_STAGE, got PROCEED") == true,
                "the FAIL line says what differed\n\(result)")
        #expect(result.stdoutLines.last == "\(Self.scenarioFiles.count) passed, 1 failed", "closing line\n\(result)")
    }

    /// `--junit FILE`: one testcase per scenario, the differing routing a failure, the unreadable file an error —
    /// read back by Python's XML parser (an independent reader), and the exit status unchanged.
    @Test func aJUnitReportHasATestcasePerScenarioWithFailuresAndErrors() async throws {
        let folder = try TemporaryFolder("smoke-junit")
        let wrong = try folder.write("healthy-wrong-expectation.scenario.json", json: Self.alteredHealthyScenario(
            name: "healthy-wrong-expectation") { try $0.setting("/expect/recommended_action", to: "RETRY_STAGE") })
        let invalid = try folder.write("healthy-invalid.scenario.json", json: Self.alteredHealthyScenario(
            name: "healthy-invalid") { try $0.setting("/expect/recommended_action", to: "MAYBE") })
        let report = folder.path("reports/junit.xml")
        let refused = try await GafferProcess.runDetached(["smoke", "--junit", report, Self.scenariosFolder])
        #expect(refused.status != 0 && refused.stderr.contains("does not exist"), "a report folder that is not there is refused first\n\(refused)")
        try FileManager.default.createDirectory(atPath: folder.path("reports"), withIntermediateDirectories: true)
        let result = try await GafferProcess.runDetached(["smoke", "--quiet", "--junit", report, Self.scenariosFolder, wrong, invalid])
        #expect(result.status == 2, "the invalid file still decides the exit status\n\(result)")
        let read = try await offThePool { try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", """
            import json, sys, xml.etree.ElementTree as ET
            root = ET.parse(sys.argv[1]).getroot()
            suite = root.find("testsuite")
            cases = suite.findall("testcase")
            print(json.dumps({
                "tests": int(suite.get("tests")), "failures": int(suite.get("failures")), "errors": int(suite.get("errors")),
                "cases": len(cases),
                "failed": [(c.get("name"), c.find("failure").get("message")) for c in cases if c.find("failure") is not None],
                "errored": [(c.get("classname"), c.find("error").text) for c in cases if c.find("error") is not None],
            }))
            """, report]) }
        try #require(read.status == 0, "the report parses as XML: \(read.stderr)")
        let summary = try JSONValue.parse(read.stdout)
        let total = Self.scenarioFiles.count + 2
        #expect(summary["tests"]?.doubleValue == Double(total) && summary["cases"]?.doubleValue == Double(total), "\(summary)")
        #expect(summary["failures"]?.doubleValue == 1 && summary["errors"]?.doubleValue == 1, "\(summary)")
        let failed = summary["failed"]?.arrayValue?.first?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(failed.first == "healthy-wrong-expectation" && failed.last?.contains("expected RETRY_STAGE, got PROCEED") == true, "\(summary)")
        let errored = summary["errored"]?.arrayValue?.first?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(errored.first == invalid && errored.last?.contains("/expect/recommended_action") == true, "\(summary)")
        let stdout = try await GafferProcess.runDetached(["smoke", "--junit", "-", Self.scenariosFolder])
        #expect(stdout.status != 0 && stdout.stderr.contains("--junit needs a file"), "\(stdout)")
    }

    @Test func invalidScenarioFileExitsTwo() async throws {
        let folder = try TemporaryFolder("smoke-invalid")
        let invalid = try folder.write("healthy-invalid.scenario.json", json: Self.alteredHealthyScenario(
            name: "healthy-invalid") { try $0.setting("/expect/recommended_action", to: "MAYBE") })
        let result = try await GafferProcess.runDetached(["smoke", Self.scenariosFolder, invalid])
        #expect(result.status == 2, "an invalid scenario is invalid input\n\(result)")
        #expect(result.stdout.contains(invalid) && result.stdout.contains("/expect/recommended_action"),
                "the output names the file and the JSON path\n\(result)")
        #expect(result.stdoutLines.last == "\(Self.scenarioFiles.count) passed, 1 failed", "\(result)")
    }

    @Test func scenarioWithAnInvalidInlinePolicyExitsTwo() async throws {
        let folder = try TemporaryFolder("smoke-inline-invalid")
        let policy = try JSONValue.read(ArtifactFixtures.defaultPolicyPath).setting("/gates/2/failure_action", to: "retry_motion")
        let invalid = try folder.write("inline-invalid.scenario.json", json: Self.alteredHealthyScenario(
            name: "inline-invalid") { try $0.setting("/policy", to: policy) })
        let result = try await GafferProcess.runDetached(["smoke", invalid])
        #expect(result.status == 2, "\(result)")
        #expect(result.stdout.contains("/policy/gates/2/failure_action"), "the fault is reported inside /policy\n\(result)")
    }

    @Test func jsonPrintsOneObjectPerScenario() async throws {
        let result = try await GafferProcess.runDetached(["smoke", "--json", Self.scenariosFolder])
        #expect(result.status == 0, "\(result)")
        let objects = result.stdoutLines.compactMap { line in line.hasPrefix("{") ? try? JSONValue.parse(line) : nil }
        #expect(objects.count == Self.scenarioFiles.count, "one JSON object per scenario\n\(result)")
        #expect(objects.allSatisfy { $0["passed"]?.boolValue == true }, "\(result)")
        let names = try Self.scenarioFiles.map { try JSONValue.read($0)["name"]?.stringValue ?? "?" }
        #expect(Set(objects.compactMap { $0["name"]?.stringValue }) == Set(names), "each scenario reported by name")
        #expect(objects.allSatisfy { $0["decision"]?.stringValue != nil && $0["recommended_action"]?.stringValue != nil })
        #expect(result.stdoutLines.last == "\(Self.scenarioFiles.count) passed, 0 failed", "closing line\n\(result)")
    }
}
