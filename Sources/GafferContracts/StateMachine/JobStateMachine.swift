/// The one place a job's state changes (SPEC §6.1–§6.2): `(state, event) → transition`, or a refusal that says why.
///
/// Pure, like postgres-nio's protocol state machines: it performs nothing, the caller records the transition
/// (its new state and its event, in one store transaction) and acts on it. Every transition of every job goes
/// through ``apply(_:to:)``; ``JobRecord`` cannot be given a state any other way.
///
/// `VALIDATED` is "queued": runnable, no attempt running. `RUNNING` means an attempt runs now, and only then.
/// An answered escalation moves the job to `VALIDATED` (or `COMPLETED`/`ABORTED`), never straight to `RUNNING`.
public enum JobStateMachine {
    public static func apply(_ event: JobEvent, to state: JobState) -> Result<JobTransition, TransitionRefusal> {
        func allow(_ to: JobState, stage: StageName? = nil) -> Result<JobTransition, TransitionRefusal> {
            .success(JobTransition(from: state, to: to, stage: stage, event: event))
        }
        func refuse(_ why: String) -> Result<JobTransition, TransitionRefusal> {
            .failure(TransitionRefusal(state: state, event: event.kind, why: why))
        }
        switch (state, event) {
        case (.discovered, .validated(let stage)):
            return allow(.validated, stage: stage)
        case (_, .validated):
            return refuse("only a newly discovered job is validated")

        case (.discovered, .invalid), (.validated, .invalid), (.running, .invalid), (.escalated, .invalid):
            return allow(.invalid)
        case (_, .invalid):
            return refuse("the job has already ended")

        case (.validated, .attemptStarted(let stage, _)):
            return allow(.running, stage: stage)
        case (.running, .attemptStarted):
            return refuse("an attempt of this job is already running")
        case (_, .attemptStarted):
            return refuse("only a queued (VALIDATED) job starts an attempt")

        case (.running, .attemptFinished(let verdict)):
            switch verdict {
            case .proceed(let next?): return allow(.validated, stage: next)
            case .proceed(nil): return allow(.completed)
            case .retry(let stage), .snoozed(let stage): return allow(.validated, stage: stage)
            case .escalate: return allow(.escalated)
            case .abort: return allow(.aborted)
            }
        case (_, .attemptFinished):
            return refuse("no attempt of this job is running")

        case (.running, .interrupted):
            return allow(.validated)
        case (_, .interrupted):
            return refuse("no attempt of this job is running")

        case (.validated, .escalated), (.running, .escalated):
            return allow(.escalated)
        case (.escalated, .escalated):
            return refuse("the job is already waiting for an operator")
        case (_, .escalated):
            return refuse("only a queued or running job is escalated")

        case (.escalated, .resolved(let answer)):
            switch answer {
            case .retry(let stage): return allow(.validated, stage: stage)
            case .proceed(let next?): return allow(.validated, stage: next)
            case .proceed(nil): return allow(.completed)
            case .abort: return allow(.aborted)
            }
        case (_, .resolved):
            return refuse("the job is not waiting for an operator (its escalation is stale)")

        case (.completed, .posted), (.posted, .posted):
            return allow(.posted)
        case (_, .posted):
            return refuse("only a COMPLETED (or POSTED) job can be posted")
        case (.posted, .postCorrected):
            return allow(.posted)
        case (_, .postCorrected):
            return refuse("only a POSTED job has a post to correct")

        case (_, .jobFileChanged):
            return allow(state)
        }
    }
}
