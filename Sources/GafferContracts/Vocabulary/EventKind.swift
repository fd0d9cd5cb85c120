/// The kinds of event a job's history records (`events.ndjson` `event`). One enum: nothing else spells them.
public enum EventKind: String, Codable, CaseIterable, Sendable {
    case validated = "VALIDATED"
    case invalid = "INVALID"
    case attemptStarted = "ATTEMPT_START"
    case decided = "DECIDED"
    case attemptInterrupted = "ATTEMPT_INTERRUPTED"
    case attemptSnoozed = "ATTEMPT_SNOOZED"
    case escalated = "ESCALATED"
    case escalationResolved = "ESCALATION_RESOLVED"
    case posted = "POSTED"
    case postCorrected = "POST_CORRECTED"
    case postedDetected = "POSTED_DETECTED"
    /// The job file changed after admission; the admitted content is kept (a fact, no transition).
    case jobFileChanged = "JOB_FILE_CHANGED"
}
