/// The durable state of a job (SPEC §6.2).
public enum JobState: String, Codable, CaseIterable, Sendable {
    case discovered = "DISCOVERED"
    case validated = "VALIDATED"
    case running = "RUNNING"
    case completed = "COMPLETED"
    case posted = "POSTED"
    case escalated = "ESCALATED"
    /// A stage with `approval: required` passed QC; its output waits for a person's sign-off.
    case awaitingApproval = "AWAITING_APPROVAL"
    /// An operator paused the job: nothing of it is claimed until it is resumed.
    case paused = "PAUSED"
    case aborted = "ABORTED"
    case invalid = "INVALID"

    /// No further work happens without an outside event (an operator, a handoff).
    public var isTerminal: Bool {
        switch self {
        case .completed, .posted, .aborted, .invalid: true
        case .discovered, .validated, .running, .escalated, .awaitingApproval, .paused: false
        }
    }

    /// The job waits for a person (an answer, a sign-off, a resume): `gaffer run --once` does not wait for it.
    public var waitsForPerson: Bool {
        switch self {
        case .escalated, .awaitingApproval, .paused: true
        default: false
        }
    }
}
