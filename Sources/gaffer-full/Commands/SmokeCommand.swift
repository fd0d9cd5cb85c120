import ArgumentParser
import Foundation
import GafferCLICore
import GafferContracts
import GafferLoop
import GafferSupervisor

/// `gaffer smoke`: run recorded scenarios through QC and the supervisor, as a pipeline's CI does.
struct SmokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smoke",
        abstract: "Run smoke scenarios (*.scenario.json) and check the routing each expects.",
        discussion: """
            One line per scenario and a closing line "N passed, N failed". Exit 0 only if all pass; \
            3 when a scenario's routing differs; 2 when a scenario or its policy is invalid.
            """)

    @Argument(help: "Scenario files, or folders searched for *.scenario.json.") var paths: [String]
    @Flag(help: "Print only failing scenarios and the closing line.") var quiet = false
    @Flag(help: "Print one JSON object per scenario instead of text.") var json = false
    @Option(help: "Also write a JUnit XML report to this file (for CI test tabs): a failure per routing that differs, an error per unreadable scenario.")
    var junit: String?

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one scenario file or folder") }
        if junit == "-" { throw ValidationError("--junit needs a file: stdout carries the scenario lines") }
        try OutputPath.validate(junit, option: "--junit")
    }

    func run() async throws {
        let files = try ScenarioFiles.collect(paths)
        var policies = PolicyCache()
        var passed = 0, failed = 0, invalid = 0
        let now = Timestamp.now()
        var junitReport = JUnitReport(suite: "gaffer smoke")
        let clock = ContinuousClock()
        for file in files {
            let started = clock.now
            func seconds() -> Double { started.duration(to: clock.now).inSeconds }
            do {
                let scenario = try InputFiles.load(SmokeScenario.self, kind: .smokeScenario, file)
                let result = ScenarioCheck.run(scenario, policy: try policies.policy(for: scenario, at: file), now: now)
                if result.passed { passed += 1 } else { failed += 1 }
                report(result, file: file)
                junitReport.cases.append(.init(
                    name: result.name, file: file, seconds: seconds(),
                    outcome: result.passed ? .passed : .failed(result.mismatches.joined(separator: "; "))))
            } catch {
                invalid += 1
                failed += 1
                Console.out(json ? jsonLine(["file": .string(file), "passed": .bool(false), "error": .string(error.description)])
                                 : "FAIL  \(file): \(error.description)")
                junitReport.cases.append(.init(
                    name: URL(fileURLWithPath: file).lastPathComponent, file: file, seconds: seconds(), outcome: .error(error.description)))
            }
        }
        // Written whole or not at all, before the exit status says what happened.
        if let junit { try OutputFiles.emit(Data(junitReport.xml.utf8), to: junit) }
        Console.out("\(passed) passed, \(failed) failed")
        if invalid > 0 { throw CommandFailure(status: .invalidInput, message: "") }
        if failed > 0 { throw CommandFailure(status: .needsPerson, message: "") }
    }

    func report(_ result: ScenarioCheck.Result, file: String) {
        let decision = result.outcome.decision.decision
        if json {
            Console.out(jsonLine([
                "file": .string(file), "name": .string(result.name), "passed": .bool(result.passed),
                "recommended_action": .string(result.report.overall.recommendedAction.rawValue),
                "decision": .string(decision.action.rawValue),
                "mismatches": .array(result.mismatches.map(JSONValue.string)),
            ]))
        } else if !result.passed {
            Console.out("FAIL  \(result.name): \(result.mismatches.joined(separator: "; "))")
        } else if !quiet {
            let target = [decision.targetStage?.rawValue, decision.escalationReason?.rawValue].compactMap { $0 }
            Console.out("PASS  \(result.name)  \(result.report.overall.recommendedAction.rawValue) → \(decision.action.rawValue)"
                + (target.isEmpty ? "" : " (\(target.joined(separator: ", ")))"))
        }
    }

    func jsonLine(_ object: [String: JSONValue]) -> String {
        String(decoding: JSONValue.object(object).serialized(pretty: false), as: UTF8.self)
    }
}

/// Finds scenario files: named files as given, folders searched recursively for `*.scenario.json`.
enum ScenarioFiles {
    static func collect(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw CommandFailure.invalid("\(path): no such file or folder")
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            let found = (FileManager.default.subpaths(atPath: path) ?? [])
                .filter { $0.hasSuffix(".scenario.json") }
                .sorted()
                .map { (path as NSString).appendingPathComponent($0) }
            if found.isEmpty { throw CommandFailure.invalid("\(path): no *.scenario.json files in this folder") }
            files += found
        }
        return files
    }
}

/// Policies named by path are read once, however many scenarios share them.
struct PolicyCache {
    private var byPath: [String: QCPolicy] = [:]

    mutating func policy(for scenario: SmokeScenario, at file: String) throws(ContractError) -> QCPolicy {
        switch scenario.policy {
        case .inline(let value):
            return try ContractDecoder.decode(QCPolicy.self, from: value, source: "\(file)#/policy")
        case .path(let relative):
            let path = relative.hasPrefix("/")
                ? relative
                : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(relative).standardizedFileURL.path
            if let cached = byPath[path] { return cached }
            let policy = try InputFiles.policy(path)
            byPath[path] = policy
            return policy
        }
    }
}
