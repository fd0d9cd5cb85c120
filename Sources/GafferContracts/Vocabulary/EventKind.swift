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
    /// A stage with `approval: required` passed QC and waits for a sign-off.
    case approvalRequested = "APPROVAL_REQUESTED"
    // Operator verbs (SPEC §7): each recorded with `by` and `note`.
    case paused = "PAUSED"
    /// A pause asked for while an attempt runs: the job pauses when that attempt ends (a fact until then).
    case pauseRequested = "PAUSE_REQUESTED"
    case resumed = "RESUMED"
    case cancelled = "CANCELLED"
    /// `retry --stage S` re-opened the job at S.
    case reopened = "REOPENED"
    /// `pick --attempt`: that attempt's output became its stage's accepted output.
    case picked = "PICKED"
    case budgetReset = "BUDGET_RESET"
    case waived = "WAIVED"
    case approved = "APPROVED"
    case rejected = "REJECTED"
}
