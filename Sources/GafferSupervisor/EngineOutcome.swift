import GafferContracts

/// How an engine process ended, as the runner measured it (SPEC §5.1). Judged before QC.
///
/// The same facts an escalation shows as evidence, so there is one type for both.
public typealias EngineOutcome = UserActionRequired.EngineFacts

extension EngineOutcome {
    /// The one cause that makes the attempt a failure, most specific first; nil when the engine succeeded.
    public var failure: EngineFailure? {
        if invalidInput == true { return .invalidInput(code: exitCode ?? -1) }
        if timedOut { return .timedOut }
        if stalled { return .stalled }
        if let error { return .reported(error) }
        if let signal { return .killed(signal: signal) }
        if let exitCode, exitCode != 0 { return .exited(code: exitCode) }
        if !missingOutputs.isEmpty { return .outputsMissing(missingOutputs) }
        if let corruption { return .outputsCorrupt(corruption) }
        return nil
    }
}

public enum EngineFailure: Hashable, Sendable, CustomStringConvertible {
    /// The stage's `exit_codes` say this status means the engine refused its input.
    case invalidInput(code: Int)
    case timedOut
    case stalled
    case killed(signal: Int)
    /// A remote engine reported an error (ComfyUI's `execution_error`), in its own words.
    case reported(String)
    case exited(code: Int)
    case outputsMissing([String])
    case outputsCorrupt(String)

    /// The escalation reason when the budget runs out on this cause.
    var exhaustedReason: EscalationReason {
        switch self {
        case .outputsMissing: .artifactMissing
        case .outputsCorrupt: .artifactCorrupted
        case .timedOut, .stalled, .killed, .reported, .exited: .retryBudgetExceeded
        case .invalidInput: .contractViolation
        }
    }

    /// Gaffer's own word for it (SPEC §5.3).
    var cause: EscalationCause {
        switch self {
        case .invalidInput: .engineInvalidInput
        case .timedOut: .engineTimeout
        case .stalled: .engineStall
        case .killed: .engineCrash
        case .reported: .engineError
        case .exited: .engineExit
        case .outputsMissing: .outputMissing
        case .outputsCorrupt: .outputCorrupt
        }
    }

    public var description: String {
        switch self {
        case .invalidInput(let code): "the engine refused its input (exit status \(code), mapped to invalid_input)"
        case .timedOut: "the engine timed out"
        case .stalled: "the engine stalled (no progress within the stall timeout)"
        case .killed(let signal): "the engine was killed by signal \(signal)"
        case .reported(let error): "the engine reported an error: \(error)"
        case .exited(let code): "the engine exited with status \(code)"
        case .outputsMissing(let paths): "required outputs are missing: \(paths.joined(separator: ", "))"
        case .outputsCorrupt(let why): "the output is corrupt: \(why)"
        }
    }
}
