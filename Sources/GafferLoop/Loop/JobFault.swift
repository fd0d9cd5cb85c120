/// An error while working one job (SPEC §6.1 failure isolation): recorded on that job, never thrown past it.
enum JobFault: Error, Sendable, CustomStringConvertible {
    /// The job's contract is broken (its workflow lost a stage, its policy does not load): INVALID.
    case invalid(String)
    /// Something a person must fix before the job can go on (a corrupt row, a failed write or copy): ESCALATED,
    /// CONTRACT_VIOLATION, answerable with RETRY_STAGE or ABORT.
    case escalate(String)

    var description: String {
        switch self {
        case .invalid(let text), .escalate(let text): text
        }
    }
}

/// Faults of the loop itself that an operator must fix.
public enum LoopError: Error, Sendable, CustomStringConvertible {
    case busy(String)

    public var description: String {
        switch self {
        case .busy(let what): what
        }
    }
}
