/// The one place a job's state changes (SPEC §6.1–§6.2): `(state, event) → transition`, or a refusal that says why.
///
/// Pure, like postgres-nio's protocol state machines: it performs nothing, the caller records the transition
/// (its new state and its event, in one store transaction) and acts on it. Every transition of every job goes
/// through ``apply(_:to:)``; ``JobRecord`` cannot be given a state any other way.
///
/// `VALIDATED` is "queued": runnable, no attempt running. `RUNNING` means an attempt runs now, and only then.
/// An answered escalation or approval moves the job to `VALIDATED` (or `COMPLETED`/`ABORTED`), never straight to
/// `RUNNING`. The operator verbs of SPEC §7 are events like any other, refused where they do not apply.
public enum JobStateMachine {
    public static func apply(_ event: JobEvent, to state: JobState) -> Result<JobTransition, TransitionRefusal> {
        func allow(_ to: JobState, stage: StageName? = nil, kind: EventKind? = nil) -> Result<JobTransition, TransitionRefusal> {
            .success(JobTransition(from: state, to: to, stage: stage, event: event, kind: kind))
        }
        func refuse(_ why: String) -> Result<JobTransition, TransitionRefusal> {
            .failure(TransitionRefusal(state: state, event: event.kind, why: why))
        }
        /// The usual refusal of a verb in a state that has ended, or has not begun.
        func ended() -> Result<JobTransition, TransitionRefusal> {
            switch state {
            case .posted: refuse("the job is POSTED: its output is published")
            case .aborted: refuse("the job was aborted")
            case .invalid: refuse("the job is INVALID: fix the job file and submit it again")
            case .completed: refuse("the job is COMPLETED")
            case .discovered: refuse("the job is not admitted yet")
            default: refuse("the job is \(state.rawValue)")
            }
        }
        switch (state, event) {
        case (.discovered, .validated(let stage)):
            return allow(.validated, stage: stage)
        case (_, .validated):
            return refuse("only a newly discovered job is validated")

        case (.discovered, .invalid), (.validated, .invalid), (.running, .invalid), (.escalated, .invalid),
            (.paused, .invalid), (.awaitingApproval, .invalid):
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
            case .awaitApproval: return allow(.awaitingApproval)
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

        // MARK: Operator verbs
        case (.validated, .pause):
            return allow(.paused)
        case (.running, .pause(now: true)):
            return allow(.paused)
        case (.running, .pause(now: false)):
            return allow(.running, kind: .pauseRequested)
        case (.paused, .pause):
            return refuse("the job is already paused")
        case (.escalated, .pause), (.awaitingApproval, .pause):
            return refuse("the job is already waiting for a person; nothing of it runs")
        case (_, .pause):
            return ended()

        case (.paused, .resume):
            return allow(.validated)
        case (.running, .resume):
            // Withdraws a pause asked for while the attempt runs (the desk refuses when none was asked for).
            return allow(.running)
        case (.validated, .resume):
            return refuse("the job is not paused: it is queued")
        case (.escalated, .resume), (.awaitingApproval, .resume):
            return refuse("the job is not paused: it waits for an answer (resolve, approve or reject it)")
        case (_, .resume):
            return ended()

        case (.validated, .cancel), (.running, .cancel), (.paused, .cancel), (.escalated, .cancel), (.awaitingApproval, .cancel):
            return allow(.aborted)
        case (_, .cancel):
            return ended()

        case (.completed, .reopen(let stage)), (.escalated, .reopen(let stage)):
            return allow(.validated, stage: stage)
        case (.running, .reopen):
            return refuse("an attempt of this job is running: pause it first")
        case (.validated, .reopen), (.paused, .reopen):
            return refuse("the job is still in progress: only a COMPLETED or ESCALATED job is re-opened")
        case (.awaitingApproval, .reopen):
            return refuse("the job waits for approval: reject it with a retry instead")
        case (_, .reopen):
            return ended()

        case (.validated, .pick(let next?)), (.escalated, .pick(let next?)), (.awaitingApproval, .pick(let next?)),
            (.completed, .pick(let next?)):
            return allow(.validated, stage: next)
        case (.validated, .pick(nil)), (.escalated, .pick(nil)), (.awaitingApproval, .pick(nil)), (.completed, .pick(nil)):
            return allow(.completed)
        case (.running, .pick):
            return refuse("an attempt of this job is running: pause it first")
        case (.paused, .pick):
            return refuse("the job is paused: resume it first")
        case (_, .pick):
            return ended()

        case (.validated, .resetBudget), (.running, .resetBudget), (.paused, .resetBudget), (.escalated, .resetBudget),
            (.awaitingApproval, .resetBudget):
            return allow(state)
        case (_, .resetBudget):
            return ended()

        case (.validated, .waive), (.running, .waive), (.paused, .waive), (.escalated, .waive), (.awaitingApproval, .waive):
            return allow(state)
        case (_, .waive):
            return ended()

        case (.awaitingApproval, .approve(let next?)):
            return allow(.validated, stage: next)
        case (.awaitingApproval, .approve(nil)):
            return allow(.completed)
        case (.awaitingApproval, .reject(let stage?)):
            return allow(.validated, stage: stage)
        case (.awaitingApproval, .reject(nil)):
            return allow(.aborted)
        case (_, .approve), (_, .reject):
            return refuse("the job is \(state.rawValue), not AWAITING_APPROVAL: nothing waits for a sign-off")
        }
    }
}
