import GafferContracts
import GafferLoop

/// How a remote attempt ended, in the adapter's words, before it is told as a run's facts.
enum RemoteEnding: Sendable, Equatable {
    case succeeded
    /// The engine reported an error (its words), or the output could not be had.
    case failed(String)
    /// The input is refused as it is (preflight, a 400, a 4xx submit): `invalid_input`, not retried.
    case refused(String)
    /// The server is away or overloaded: snoozed, no budget spent.
    case busy(String)
    case timedOut
    case stalled
    case interrupted

    /// The run's facts: exit 0 finished, 1 an engine error, 2 refused, none when it did not end by itself.
    func run(wallSeconds wall: Double, facts: [String: JSONValue], log: EngineLog) -> RemoteRun {
        switch self {
        case .succeeded:
            return RemoteRun(run: RemoteRun.ended(wallSeconds: wall), facts: facts)
        case .failed(let why):
            log.line("failed: \(why)")
            return RemoteRun(run: RemoteRun.ended(wallSeconds: wall, exitCode: 1), error: why, facts: facts)
        case .refused(let why):
            log.line("refused: \(why)")
            return RemoteRun(run: RemoteRun.ended(wallSeconds: wall, exitCode: 2), refusal: .invalidInput(why), facts: facts)
        case .busy(let why):
            log.line("busy: \(why)")
            return RemoteRun(run: RemoteRun.ended(wallSeconds: wall, exitCode: nil), refusal: .busy(why), facts: facts)
        case .timedOut:
            return RemoteRun(run: RemoteRun.ended(wallSeconds: wall, exitCode: nil, timedOut: true), facts: facts)
        case .stalled:
            return RemoteRun(run: RemoteRun.ended(wallSeconds: wall, exitCode: nil, stalled: true), facts: facts)
        case .interrupted:
            return RemoteRun(run: RemoteRun.ended(wallSeconds: wall, exitCode: nil, interrupted: true), facts: facts)
        }
    }
}
