import GafferCLICore

/// A command line the front answers itself, or none: then `gaffer-full` does.
///
/// Only plain `--name value` / `--name=value` pairs of the command's own options are taken, each single option at most
/// once, every required one present, no value that starts with `-` (but `-` itself). Anything else — `--help`, a
/// positional argument, `--`, a number that does not parse, a usage problem — goes to the full command line, whose
/// parser says what is wrong exactly as `gaffer` always has.
enum FrontCommand {
    case qc(QCCall)
    case decide(DecideCall)

    static func parse(_ arguments: [String]) -> FrontCommand? {
        guard let name = arguments.first else { return nil }
        let rest = arguments.dropFirst()
        switch name {
        case "qc": return qc(rest).map(FrontCommand.qc)
        case "decide": return decide(rest).map(FrontCommand.decide)
        default: return nil
        }
    }

    func run() throws {
        switch self {
        case .qc(let call): try call.run()
        case .decide(let call): try call.run()
        }
    }

    static func qc(_ arguments: ArraySlice<String>) -> QCCall? {
        let single: Set = ["policy", "job", "root", "stage", "job-id", "attempt-id", "out"]
        guard let given = LongOptions(arguments, single: single, repeated: ["metrics"]),
              let policy = given.value("policy"), !given.values("metrics").isEmpty
        else { return nil }
        let call = QCCall(
            policy: policy, metrics: given.values("metrics"), job: given.value("job"), root: given.value("root"),
            stage: given.value("stage"), jobID: given.value("job-id"), attemptID: given.value("attempt-id"),
            out: given.value("out"))
        return call.usageProblem() == nil ? call : nil
    }

    /// Without `--advisor`: asking a live advisor needs the HTTP client, which only the full command line has.
    static func decide(_ arguments: ArraySlice<String>) -> DecideCall? {
        let single: Set = [
            "report", "metrics", "policy", "history", "registry", "job-id", "attempt-id", "stage", "stage-attempts",
            "max-retries", "max-frames", "advice", "out", "escalation-out",
        ]
        guard let given = LongOptions(arguments, single: single, flags: ["authority-trial"]),
              let report = given.value("report"),
              let stageAttempts = given.integer("stage-attempts"), let maxRetries = given.integer("max-retries"),
              let maxFrames = given.integer("max-frames")
        else { return nil }
        let inputs = DecisionInputs(
            report: report, metrics: given.value("metrics"), policy: given.value("policy"), history: given.value("history"),
            registry: given.value("registry"), jobID: given.value("job-id"), attemptID: given.value("attempt-id"),
            stage: given.value("stage"), stageAttempts: stageAttempts, maxRetries: maxRetries, maxFrames: maxFrames,
            authorityTrial: given.flag("authority-trial"))
        let call = DecideCall(
            inputs: inputs, advice: given.value("advice"), out: given.value("out"), escalationOut: given.value("escalation-out"))
        return call.usageProblem() == nil ? call : nil
    }
}
