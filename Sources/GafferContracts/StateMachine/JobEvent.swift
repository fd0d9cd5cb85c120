/// Something that happens to a job. Fed to ``JobStateMachine/apply(_:to:)``, which says what state follows.
public enum JobEvent: Hashable, Sendable {
    /// The job file was admitted: it validates, and its workflow and policy load. The job waits at `stage`.
    case validated(stage: StageName)
    /// The job breaks its contract (at admission, or found while working it); the reason names the file and field.
    case invalid(reason: String)
    /// An attempt of `stage` was claimed and starts now.
    case attemptStarted(stage: StageName, attemptID: String)
    /// The attempt ended and was decided.
    case attemptFinished(AttemptVerdict)
    /// The attempt was stopped from outside (shutdown, crash recovery, a lost lease): it does not count.
    case interrupted
    /// An error while working the job that a person must look at (failure isolation, SPEC §6.1).
    case escalated(reason: String)
    /// An operator answered the job's escalation.
    case resolved(Resolution)
    /// A platform post was registered (or detected) for the completed job.
    case posted(platform: String)
    /// The registered post was corrected (`--force`); the job stays POSTED.
    case postCorrected(platform: String)
    /// The job file changed after admission. A fact only: the admitted content stays in force.
    case jobFileChanged(digest: String)

    // Operator verbs (SPEC §7). Each is refused in the states it does not apply to.
    /// Pause: a queued job at once; a running one when its attempt ends, or at once (`now`, the attempt interrupted).
    case pause(now: Bool)
    /// Resume a paused job (or withdraw a pause asked for while its attempt runs).
    case resume
    /// Cancel: ABORTED; a running attempt is interrupted (its engine stopped).
    case cancel
    /// `retry --stage S`: re-open a COMPLETED or ESCALATED job at S; earlier stages' accepted outputs are kept.
    case reopen(stage: StageName)
    /// `pick --attempt`: an attempt's output becomes its stage's accepted output; `next` follows (nil: the last).
    case pick(next: StageName?)
    /// The stage budget starts again (a fact).
    case resetBudget
    /// A failing gate is accepted for the output it was granted on (a fact).
    case waive
    /// Sign-off of a stage waiting for approval; `next` follows (nil: it was the last).
    case approve(next: StageName?)
    /// Refused sign-off: retry `stage`, or abort when nil.
    case reject(retry: StageName?)

    /// What the supervisor's decision means for the job.
    public enum AttemptVerdict: Hashable, Sendable {
        /// The stage's output is accepted; `next` is the following stage, nil when the stage was the last.
        case proceed(next: StageName?)
        /// Retry (or switch the engine of) `stage`.
        case retry(stage: StageName)
        /// The engine said it is busy: the same stage runs again later, without spending the budget.
        case snoozed(stage: StageName)
        case escalate(escalationID: String)
        /// The stage passed QC and has `approval: required`: the job waits for a sign-off.
        case awaitApproval
        case abort
    }

    /// An operator's answer to an escalation.
    public enum Resolution: Hashable, Sendable {
        case retry(stage: StageName)
        /// Accept an attempt's output; `next` is the following stage, nil when it was the last.
        case proceed(next: StageName?)
        case abort
    }

    /// The event kind this event is recorded under.
    public var kind: EventKind {
        switch self {
        case .validated: .validated
        case .invalid: .invalid
        case .attemptStarted: .attemptStarted
        case .attemptFinished(.snoozed): .attemptSnoozed
        case .attemptFinished(.awaitApproval): .approvalRequested
        case .attemptFinished: .decided
        case .interrupted: .attemptInterrupted
        case .escalated: .escalated
        case .resolved: .escalationResolved
        case .posted: .posted
        case .postCorrected: .postCorrected
        case .jobFileChanged: .jobFileChanged
        case .pause: .paused
        case .resume: .resumed
        case .cancel: .cancelled
        case .reopen: .reopened
        case .pick: .picked
        case .resetBudget: .budgetReset
        case .waive: .waived
        case .approve: .approved
        case .reject: .rejected
        }
    }
}
