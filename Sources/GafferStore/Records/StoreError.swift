import GafferContracts

/// What the store seam refuses, in words an operator can act on. Nothing changes when one is thrown.
public enum StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    case unknownJob(String)
    case unknownAttempt(jobID: String, attemptID: String)
    case escalationNotOpen(String)
    /// The state machine does not allow the event in the job's state.
    case refused(jobID: String, TransitionRefusal)
    /// The job changed since it was read (another process moved it): read it again and decide again.
    case conflict(jobID: String, expected: JobState, found: JobState)
    /// A newer claim exists for the job: this worker's writes about the attempt are void.
    case leaseLost(jobID: String, attemptID: String)
    /// A stored row cannot be read back (corrupted by hand or by another tool).
    case corruptRow(jobID: String, field: String, reason: String)
    /// The store cannot be reached or refused the operation itself.
    case unavailable(String)

    public var description: String {
        switch self {
        case .unknownJob(let id): "no job \(id) in the store"
        case .unknownAttempt(let job, let attempt): "job \(job) has no attempt \(attempt) in the store"
        case .escalationNotOpen(let id): "escalation \(id) is not open (already resolved)"
        case .refused(let job, let refusal): "job \(job): \(refusal)"
        case .conflict(let job, let expected, let found):
            "job \(job) changed meanwhile (expected \(expected.rawValue), found \(found.rawValue)); nothing was written — look again and retry"
        case .leaseLost(let job, let attempt):
            "job \(job) attempt \(attempt): this worker's lease was lost (swept or claimed again); its result is not recorded"
        case .corruptRow(let job, let field, let reason):
            "job \(job): the store's \(field) cannot be read (\(reason)); fix or clear it, then answer the job's escalation"
        case .unavailable(let why): "the store is unavailable: \(why)"
        }
    }
}
