import Foundation
import GafferContracts
import GafferEngines
import GafferLoop
import GafferSupervisor

/// An advisor that is a command (SPEC §5.4): the request JSON on its stdin, the proposal on its stdout. Run by the
/// supervised runner like an engine — its own process group, only the allow-listed environment, killed at the
/// timeout (and when the attempt is cancelled) — so a hung advisor never holds a slot.
public struct CommandAdvisor: Advisor {
    public let argv: [String]
    /// Variables passed through from Gaffer's environment (beside a minimal `PATH`).
    public let environmentNames: [String]
    public let timeoutSeconds: Double
    public var promptVersion: String? { nil }

    public var source: String { "command:\(argv[0])" }

    /// The most of its output that is read: a proposal is a few hundred bytes.
    static let outputCap = 1 << 20

    public init(argv: [String], environmentNames: [String] = [], timeoutSeconds: Double) {
        self.argv = argv
        self.environmentNames = environmentNames
        self.timeoutSeconds = timeoutSeconds
    }

    public func advise(_ request: AdvisorRequest) async -> AdvisorAdvice {
        let started = ContinuousClock.now
        func elapsed() -> Double { started.duration(to: .now).inSeconds }
        func unavailable(_ why: String, raw: String? = nil) -> AdvisorAdvice {
            .unavailable(source: source, latencySeconds: elapsed(), because: why, raw: raw)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gaffer-advisor-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let requestPath = folder + "/request.json"
        let answerPath = folder + "/answer.log"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            try encoder.encode(request).write(to: URL(fileURLWithPath: requestPath))
        } catch {
            return unavailable("Cannot write the request for the command: \(error).")
        }
        var environment = EngineCommand.minimalEnvironment
        let parent = ProcessInfo.processInfo.environment
        for name in environmentNames { environment[name] = parent[name] }
        let command = EngineCommand(
            argv: argv, environment: environment, workingDirectory: FileManager.default.currentDirectoryPath,
            logPath: answerPath, logCapBytes: Self.outputCap, timeout: .milliseconds(Int64(timeoutSeconds * 1000)),
            gracePeriod: .seconds(1), stdinPath: requestPath)
        let run: EngineRun
        do {
            run = try await EngineRunner.run(command)
        } catch {
            return unavailable("The command did not start: \(error).")
        }
        let output = (try? String(contentsOfFile: answerPath, encoding: .utf8)) ?? ""
        if run.interrupted { return unavailable("Not answered: the attempt was cancelled (shutdown or lost lease).") }
        if run.timedOut { return unavailable("No answer within \(timeoutSeconds.formatted()) s: the command was killed.", raw: output) }
        if let signal = run.signal { return unavailable("The command was killed by signal \(signal).", raw: output) }
        if run.exitCode != 0 { return unavailable("The command exited \(run.exitCode ?? -1).", raw: output) }
        return ProposalParser.advice(from: output, source: source, latencySeconds: elapsed())
    }
}
