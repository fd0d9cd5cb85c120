/// The durable state of a job (SPEC §6.2).
public enum JobState: String, Codable, CaseIterable, Sendable {
    case discovered = "DISCOVERED"
    case validated = "VALIDATED"
    case running = "RUNNING"
    case completed = "COMPLETED"
    case posted = "POSTED"
    case escalated = "ESCALATED"
    case aborted = "ABORTED"
    case invalid = "INVALID"

    /// No further work happens without an outside event (an operator, a handoff).
    public var isTerminal: Bool {
        switch self {
        case .completed, .posted, .aborted, .invalid: true
        case .discovered, .validated, .running, .escalated: false
        }
    }
}
