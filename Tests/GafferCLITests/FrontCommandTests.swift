import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// The `gaffer` front (Sources/gaffer): it answers plain `qc` and `decide` calls itself and hands every other command
/// line to `gaffer-full` beside it. Whether a call was answered or handed on is observed from the outside: a copy of
/// the front alone in a folder answers what it takes, and fails to start `gaffer-full` for the rest.
@Suite("the gaffer front")
struct FrontCommandTests {
    static let policy = RepositoryPaths.originalFiles + "/repo/shared/qc_policy.v1.json"
    static let recastReport = RepositoryPaths.originalFiles + "/repo/examples/recast_quality_report.v1.example.json"

    struct Shape: Sendable, CustomTestStringConvertible {
        let name: String
        /// With `{policy}`, `{metrics}`, `{report}`, `{folder}` filled in.
        let arguments: [String]
        let answeredByTheFront: Bool
        var testDescription: String { name }
    }

    static let shapes: [Shape] = [
        Shape(name: "qc, plain", arguments: ["qc", "--policy", "{policy}", "--metrics", "{metrics}"], answeredByTheFront: true),
        Shape(name: "qc, --name=value", arguments: ["qc", "--policy={policy}", "--metrics={metrics}", "--job-id=front-0001"], answeredByTheFront: true),
        Shape(name: "qc, two metrics files and --out", arguments: ["qc", "--policy", "{policy}", "--metrics", "{metrics}", "--metrics", "{metrics}", "--out", "{folder}/r.json"], answeredByTheFront: true),
        Shape(name: "qc, --out - (stdout)", arguments: ["qc", "--policy", "{policy}", "--metrics", "{metrics}", "--out", "-"], answeredByTheFront: true),
        Shape(name: "qc --help", arguments: ["qc", "--help"], answeredByTheFront: false),
        Shape(name: "qc -h among the options", arguments: ["qc", "--policy", "{policy}", "--metrics", "{metrics}", "-h"], answeredByTheFront: false),
        Shape(name: "qc without --metrics", arguments: ["qc", "--policy", "{policy}"], answeredByTheFront: false),
        Shape(name: "qc with --policy twice", arguments: ["qc", "--policy", "{policy}", "--policy", "{policy}", "--metrics", "{metrics}"], answeredByTheFront: false),
        Shape(name: "qc with a bad --stage", arguments: ["qc", "--policy", "{policy}", "--metrics", "{metrics}", "--stage", "Bad-Stage"], answeredByTheFront: false),
        Shape(name: "qc --out into a missing folder", arguments: ["qc", "--policy", "{policy}", "--metrics", "{metrics}", "--out", "{folder}/no/such/r.json"], answeredByTheFront: false),
        Shape(name: "qc with an unknown option", arguments: ["qc", "--policy", "{policy}", "--metrics", "{metrics}", "--colour"], answeredByTheFront: false),
        Shape(name: "qc with a positional argument", arguments: ["qc", "{metrics}", "--policy", "{policy}", "--metrics", "{metrics}"], answeredByTheFront: false),
        Shape(name: "qc with a value missing", arguments: ["qc", "--metrics", "{metrics}", "--policy"], answeredByTheFront: false),
        Shape(name: "decide, plain", arguments: ["decide", "--report", "{report}"], answeredByTheFront: true),
        Shape(name: "decide with numbers and the consent flag", arguments: ["decide", "--report", "{report}", "--stage-attempts", "2", "--max-retries", "1", "--max-frames", "24", "--authority-trial"], answeredByTheFront: true),
        Shape(name: "decide asking a live advisor", arguments: ["decide", "--report", "{report}", "--advisor", "{folder}/advisor.json"], answeredByTheFront: false),
        Shape(name: "decide with a number that is not one", arguments: ["decide", "--report", "{report}", "--max-frames", "many"], answeredByTheFront: false),
        Shape(name: "decide with --max-frames out of range", arguments: ["decide", "--report", "{report}", "--max-frames", "999"], answeredByTheFront: false),
        Shape(name: "decide with a value on the flag", arguments: ["decide", "--report", "{report}", "--authority-trial=yes"], answeredByTheFront: false),
        Shape(name: "status", arguments: ["status"], answeredByTheFront: false),
        Shape(name: "no command", arguments: [], answeredByTheFront: false),
        Shape(name: "--version", arguments: ["--version"], answeredByTheFront: false),
    ]

    /// A folder with a copy of the front and nothing else, and a QC report for `decide`.
    static func loneFront() throws -> (front: URL, folder: TemporaryFolder, report: String) {
        let folder = try TemporaryFolder("front-alone")
        let front = URL(fileURLWithPath: folder.path("gaffer"))
        // Copied by cp, in a process of its own: a copy written here holds a write descriptor that a process another
        // test forks at that moment inherits until it execs, and exec of the copy then fails with ETXTBSY.
        let copied = try ChildProcess.run(URL(fileURLWithPath: "/bin/cp"), [try GafferProcess.binary().path, front.path])
        guard copied.status == 0 else { throw ProcessLaunchError("cp of the front failed\n\(copied)") }
        return (front, folder, try report(in: folder))
    }

    /// A `qc_report.v1` of the original's example report under its policy, written by the full command line.
    static func report(in folder: TemporaryFolder) throws -> String {
        let report = folder.path("qc_report.v1.json")
        let made = try GafferProcess.run(["qc", "--policy", policy, "--metrics", recastReport, "--job-id", "front-call-01", "--out", report])
        guard FileManager.default.fileExists(atPath: report) else { throw ProcessLaunchError("gaffer qc wrote no report\n\(made)") }
        return report
    }

    static func filled(_ arguments: [String], folder: TemporaryFolder, report: String) -> [String] {
        arguments.map {
            $0.replacingOccurrences(of: "{policy}", with: policy).replacingOccurrences(of: "{metrics}", with: recastReport)
                .replacingOccurrences(of: "{report}", with: report).replacingOccurrences(of: "{folder}", with: folder.root)
        }
    }

    @Test(arguments: shapes)
    func aCallIsAnsweredByTheFrontOrHandedToTheFullCommandLine(_ shape: Shape) async throws {
        // Off the cooperative pool: the setup runs `gaffer qc` and copies the binary, both blocking.
        let (front, folder, report) = try await offThePool { try Self.loneFront() }
        let arguments = Self.filled(shape.arguments, folder: folder, report: report)
        let result = try await offThePool { try ChildProcess.run(front, arguments) }
        let handedOn = result.status == 1 && result.stderr.contains("cannot start") && result.stderr.contains("/gaffer-full")
        if shape.answeredByTheFront {
            #expect(!handedOn && [0, 3].contains(result.status), "the front should have answered this itself\n\(result)")
            let written = arguments.firstIndex(of: "--out").map { arguments[$0 + 1] }.flatMap { $0 == "-" ? nil : $0 }
            let artifact = written.map { (try? String(contentsOfFile: $0, encoding: .utf8)) ?? "" } ?? result.stdout
            #expect(artifact.contains("\"version\""), "the front wrote no artifact\n\(result)")
        } else {
            #expect(handedOn, "the front should have handed this to gaffer-full\n\(result)")
            #expect(result.stdout.isEmpty, "a handed-on call wrote something first\n\(result)")
        }
    }

    /// The same call through the front and through `gaffer-full` itself: the same artifact (but its clock), the same
    /// messages, the same exit status — including a contract fault, which names the file and JSON path.
    @Test func theFrontAndTheFullCommandLineAnswerAlike() async throws {
        let folder = try TemporaryFolder("front-alike")
        let report = try await offThePool { try Self.report(in: folder) }
        let brokenPolicy = try folder.write("broken_policy.json", #"{"version": "qc_policy.v1", "gates": [{"gate_id": 7}]}"#)
        let jobFile = RepositoryPaths.originalFiles + "/sandbox/jobs/hero_kittens/mochi-kitten-dancing-in-dance-loop-comfy.job.json"
        let calls: [[String]] = [
            ["qc", "--policy", Self.policy, "--metrics", Self.recastReport],
            ["qc", "--policy", Self.policy, "--metrics", Self.recastReport, "--stage", "motion", "--job-id", "front-alike-01"],
            ["qc", "--policy", brokenPolicy, "--metrics", Self.recastReport],
            ["qc", "--policy", folder.path("missing.json"), "--metrics", Self.recastReport],
            ["decide", "--report", report],
            ["decide", "--report", report, "--policy", ArtifactFixtures.defaultPolicyPath, "--stage-attempts", "3", "--max-retries", "2"],
            ["decide", "--report", folder.path("missing.json")],
            ["qc", "--policy", Self.policy, "--metrics", Self.recastReport, "--job", jobFile, "--root", RepositoryPaths.originalFiles],
        ]
        let front = try GafferProcess.binary()
        let full = front.deletingLastPathComponent().appendingPathComponent("gaffer-full")
        var statuses: Set<Int32> = []
        for call in calls {
            let viaFront = try await offThePool { try ChildProcess.run(front, call) }
            let direct = try await offThePool { try ChildProcess.run(full, call) }
            statuses.insert(viaFront.status)
            #expect(viaFront.status == direct.status, "\(call)\nfront: \(viaFront)\nfull: \(direct)")
            #expect(viaFront.stderr == direct.stderr, "\(call)\nfront: \(viaFront)\nfull: \(direct)")
            #expect(Self.withoutClock(viaFront.stdout) == Self.withoutClock(direct.stdout), "\(call)\nfront: \(viaFront)\nfull: \(direct)")
        }
        // The table reaches a pass or a retry, and invalid input: not only one outcome.
        #expect(statuses.contains(2) && statuses.contains(3), "\(statuses)")
    }

    /// An artifact's text with its timestamps (`…_at`) removed: two processes run a moment apart.
    static func withoutClock(_ text: String) -> String {
        guard let value = try? JSONParser.parse(Data(text.utf8)) else { return text }
        func strip(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(let members):
                .object(members.filter { !$0.key.hasSuffix("_at") }.mapValues(strip))
            case .array(let items): .array(items.map(strip))
            default: value
            }
        }
        return String(decoding: strip(value).serialized(), as: UTF8.self)
    }
}
