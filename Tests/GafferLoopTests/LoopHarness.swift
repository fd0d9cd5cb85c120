import Foundation
import GafferContracts
import GafferEngines
import GafferStore
import GafferTestSupport
import Synchronization

@testable import GafferLoop

/// What a scripted engine is asked to do: which job, stage and attempt, with which `{params}`.
struct ScriptCall: Sendable {
    let jobID: String
    let stage: String
    let attemptID: String
    let isAnalysis: Bool
    let params: [String: JSONValue]
    let input: String
    let output: String
    let metrics: String
}

/// What it does: an exit status, whether it writes its output, the scores an analysis writes, and log lines.
struct ScriptAnswer: Sendable {
    var exitCode: Int32 = 0
    var writesOutput = true
    var scores: [String: JSONValue] = [:]
    var log: [String] = []
    /// The output's content (default: the input's, plus "<stage> by <attempt>": every take differs).
    var output: String? = nil

    static let ok = ScriptAnswer()
}

/// The `EngineLauncher` seam driven by a closure instead of a process: the state machine end to end, in
/// milliseconds. It writes the files a real engine (or analyzer) would, so everything downstream is real.
final class ScriptedLauncher: EngineLauncher {
    let script: @Sendable (ScriptCall) async -> ScriptAnswer
    let calls = Mutex<[ScriptCall]>([])

    init(_ script: @escaping @Sendable (ScriptCall) async -> ScriptAnswer) { self.script = script }

    func launch(_ command: EngineCommand, onStart: @escaping @Sendable (Int32, Int32) async -> Void) async throws -> EngineRun {
        let environment = command.environment
        let paramsPath = environment["GAFFER_PARAMS"] ?? ""
        let params = (FileManager.default.contents(atPath: paramsPath).flatMap { try? JSONParser.parse($0) }?.objectValue) ?? [:]
        let call = ScriptCall(
            jobID: environment["GAFFER_JOB_ID"] ?? "", stage: environment["GAFFER_STAGE"] ?? "",
            attemptID: environment["GAFFER_ATTEMPT_ID"] ?? "", isAnalysis: command.argv.contains("analyze"), params: params,
            input: environment["GAFFER_INPUT"] ?? "", output: environment["GAFFER_OUTPUT"] ?? "", metrics: environment["GAFFER_METRICS"] ?? "")
        calls.withLock { $0.append(call) }
        await onStart(0, 0)
        let answer = await script(call)
        let interrupted = Task.isCancelled
        try? Data(answer.log.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: command.logPath))
        if !interrupted && answer.exitCode == 0 {
            if call.isAnalysis {
                let document: JSONValue = [
                    "version": "1.0", "job_id": .string(call.jobID), "attempt_id": .string(call.attemptID),
                    "ts": "2026-12-01T10:00:00.000Z", "visual_metrics": [:], "quality_metrics": .object(answer.scores),
                ]
                try document.serialized().write(to: URL(fileURLWithPath: call.metrics))
            } else if answer.writesOutput {
                let upstream = (try? String(contentsOfFile: call.input, encoding: .utf8)) ?? ""
                let content = answer.output ?? (upstream + "\(call.stage) by \(call.attemptID)\n")
                try Data(content.utf8).write(to: URL(fileURLWithPath: call.output))
            }
        }
        return EngineRun(
            pid: 0, processGroup: 0, exitCode: interrupted ? nil : answer.exitCode, signal: interrupted ? 15 : nil, timedOut: false,
            stalled: false, interrupted: interrupted, wallSeconds: 0.001, peakRSSBytes: 0, logBytes: 0, logTruncated: false)
    }

    func calls(job: String, analysis: Bool = false) -> [ScriptCall] {
        calls.withLock { $0.filter { $0.jobID == job && $0.isAnalysis == analysis } }
    }
}

/// A sandbox folder with workflows, policies and jobs, an in-memory store and a scheduler over them.
struct LoopHarness {
    let folder: TemporaryFolder
    let store = InMemoryJobStore()
    let wakeup = Wakeup()

    init() throws {
        folder = try TemporaryFolder("loop")
        for name in ["jobs", "workflows", "policies"] {
            try FileManager.default.createDirectory(atPath: folder.path(name), withIntermediateDirectories: true)
        }
    }

    var layout: SandboxLayout { SandboxLayout(root: folder.root) }

    func write(_ name: String, _ text: String) throws { try folder.write(name, text) }

    func writePolicy(_ policy: JSONValue, as name: String = "qc_policy.v1.json") throws {
        try folder.write("policies/\(name)", data: policy.serialized())
    }

    func writeJob(_ id: String, _ extra: [String: JSONValue] = [:]) throws {
        var document: [String: JSONValue] = ["job_id": .string(id)]
        document.merge(extra) { _, new in new }
        try folder.write("jobs/\(id).job.json", data: JSONValue.object(document).serialized())
    }

    func configuration(concurrency: Int = 2, maxRetries: Int? = nil, labels: [String: String] = [:]) -> LoopConfiguration {
        LoopConfiguration(
            sandbox: folder.root, maxRetries: maxRetries, concurrency: concurrency, gafferExecutable: "/bin/false",
            pollInterval: .milliseconds(20), heartbeatSeconds: 0.05, labels: labels)
    }

    func scheduler(
        _ launcher: ScriptedLauncher, once: Bool = true, concurrency: Int = 2, maxRetries: Int? = nil, clock: any LoopClock = SystemClock(),
        labels: [String: String] = [:]
    ) -> Scheduler {
        Scheduler(configuration: configuration(concurrency: concurrency, maxRetries: maxRetries, labels: labels), store: store, once: once,
                  launcher: launcher, clock: clock, wakeup: wakeup)
    }

    func job(_ id: String) async throws -> JobRecord {
        guard let job = try await store.job(id) else { throw HarnessError("no job \(id)") }
        return job
    }

    func states() async throws -> [String: JobState] {
        Dictionary(uniqueKeysWithValues: try await store.jobs().map { ($0.jobID, $0.state) })
    }

    /// A one-gate policy on `metric` (min 0.5 unless told otherwise) at `stage`.
    static func policy(metric: String = "quality", action: Action = .retryStage, stage: String = "video") -> JSONValue {
        ArtifactFixtures.singleGatePolicy(metric: metric, action: action, stage: stage)
    }

    /// A workflow of `stages`, each measured by an analyzer (whose scores the script gives).
    static func workflow(_ id: String = "w_v1", stages: [String], extra: String = "") -> String {
        var text = "workflow_id: \(id)\nstages:\n"
        for stage in stages {
            text += "  - name: \(stage)\n    command: [\"engine\", \"{stage}\"]\n    output: out.txt\n    analyze: [\"analyze\", \"{output}\"]\n"
            text += extra
        }
        return text
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A gate the test opens: engines wait on it.
final class Gate: Sendable {
    private let opened = Atomic<Bool>(false)
    func open() { opened.store(true, ordering: .releasing) }
    func wait() async {
        while !opened.load(ordering: .acquiring) && !Task.isCancelled { try? await Task.sleep(for: .milliseconds(2)) }
    }
}
