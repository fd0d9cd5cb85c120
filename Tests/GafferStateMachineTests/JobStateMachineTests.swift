import GafferContracts
import Testing

/// Every (state, event) pair of the job state machine: the allowed ones with their target, and refusals.
@Suite struct JobStateMachineTests {
    /// One sample of each event, and where it leads from each state that allows it (absent = refused).
    static let table: [(event: JobEvent, allowed: [JobState: JobState])] = [
        (.validated(stage: "video"), [.discovered: .validated]),
        (.invalid(reason: "bad"), [
            .discovered: .invalid, .validated: .invalid, .running: .invalid, .escalated: .invalid, .paused: .invalid,
            .awaitingApproval: .invalid,
        ]),
        (.attemptStarted(stage: "video", attemptID: "run-0001"), [.validated: .running]),
        (.attemptFinished(.proceed(next: "editor")), [.running: .validated]),
        (.attemptFinished(.proceed(next: nil)), [.running: .completed]),
        (.attemptFinished(.retry(stage: "frame")), [.running: .validated]),
        (.attemptFinished(.snoozed(stage: "video")), [.running: .validated]),
        (.attemptFinished(.escalate(escalationID: "esc-1")), [.running: .escalated]),
        (.attemptFinished(.abort), [.running: .aborted]),
        (.attemptFinished(.awaitApproval), [.running: .awaitingApproval]),
        (.interrupted, [.running: .validated]),
        (.escalated(reason: "copy failed"), [.validated: .escalated, .running: .escalated]),
        (.resolved(.retry(stage: "video")), [.escalated: .validated]),
        (.resolved(.proceed(next: "editor")), [.escalated: .validated]),
        (.resolved(.proceed(next: nil)), [.escalated: .completed]),
        (.resolved(.abort), [.escalated: .aborted]),
        (.posted(platform: "youtube"), [.completed: .posted, .posted: .posted]),
        (.postCorrected(platform: "youtube"), [.posted: .posted]),
        (.jobFileChanged(digest: "ab"), Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, $0) })),
        // Operator verbs (SPEC §7).
        (.pause(now: false), [.validated: .paused, .running: .running]),
        (.pause(now: true), [.validated: .paused, .running: .paused]),
        (.resume, [.paused: .validated, .running: .running]),
        (.cancel, [.validated: .aborted, .running: .aborted, .paused: .aborted, .escalated: .aborted, .awaitingApproval: .aborted]),
        (.reopen(stage: "video"), [.completed: .validated, .escalated: .validated]),
        (.pick(next: "editor"), [.validated: .validated, .escalated: .validated, .awaitingApproval: .validated, .completed: .validated]),
        (.pick(next: nil), [.validated: .completed, .escalated: .completed, .awaitingApproval: .completed, .completed: .completed]),
        (.resetBudget, [.validated: .validated, .running: .running, .paused: .paused, .escalated: .escalated, .awaitingApproval: .awaitingApproval]),
        (.waive, [.validated: .validated, .running: .running, .paused: .paused, .escalated: .escalated, .awaitingApproval: .awaitingApproval]),
        (.approve(next: "editor"), [.awaitingApproval: .validated]),
        (.approve(next: nil), [.awaitingApproval: .completed]),
        (.reject(retry: "video"), [.awaitingApproval: .validated]),
        (.reject(retry: nil), [.awaitingApproval: .aborted]),
    ]

    struct Case: CustomTestStringConvertible, Sendable {
        let state: JobState
        let event: JobEvent
        let expected: JobState?
        var testDescription: String { "\(state.rawValue) + \(event.kind.rawValue) → \(expected?.rawValue ?? "refused")" }
    }

    static let cases: [Case] = table.flatMap { row in
        JobState.allCases.map { Case(state: $0, event: row.event, expected: row.allowed[$0]) }
    }

    @Test(arguments: cases)
    func everyStateAndEvent(_ row: Case) {
        switch JobStateMachine.apply(row.event, to: row.state) {
        case .success(let transition):
            #expect(row.expected != nil, "\(row.testDescription) was allowed (to \(transition.to.rawValue))")
            #expect(transition.to == row.expected)
            #expect(transition.from == row.state)
            // A pause asked for while an attempt runs is recorded as such; every other transition under its event's kind.
            let paused = row.state == .running && row.event == .pause(now: false)
            #expect(transition.kind == (paused ? .pauseRequested : row.event.kind))
        case .failure(let refusal):
            #expect(row.expected == nil, "\(row.testDescription) was refused: \(refusal)")
            #expect(refusal.state == row.state)
            #expect(!refusal.why.isEmpty, "a refusal says why")
        }
    }

    @Test func theTableCoversEveryEventKindExceptTheDetectedPost() {
        let covered = Set(Self.table.map(\.event.kind))
        // POSTED_DETECTED is the `posted` event recorded under its own kind by the post detector; PAUSE_REQUESTED is
        // the `pause` event's kind while an attempt runs.
        #expect(covered.union([.postedDetected, .pauseRequested]) == Set(EventKind.allCases))
    }

    @Test func noVerbLeadsAQueuedOrWaitingJobToRunning() {
        let verbs: [JobEvent] = [.pause(now: true), .resume, .cancel, .reopen(stage: "video"), .pick(next: "video"), .approve(next: "video"), .reject(retry: "video")]
        for verb in verbs {
            for state in JobState.allCases where state != .running {
                let transition = try? JobStateMachine.apply(verb, to: state).get()
                #expect(transition?.to != .running, "\(state.rawValue) + \(verb.kind.rawValue)")
            }
        }
    }

    @Test func anAnswerNeverLeadsStraightToRunning() {
        for answer: JobEvent.Resolution in [.retry(stage: "video"), .proceed(next: "video"), .proceed(next: nil), .abort] {
            let transition = try? JobStateMachine.apply(.resolved(answer), to: .escalated).get()
            #expect(transition?.to != .running)
        }
    }

    @Test func transitionsCarryTheStageTheJobMovesTo() throws {
        let retry = try JobStateMachine.apply(.attemptFinished(.retry(stage: "frame")), to: .running).get()
        #expect(retry.stage == "frame")
        let started = try JobStateMachine.apply(.attemptStarted(stage: "video", attemptID: "run-0002"), to: .validated).get()
        #expect(started.stage == "video")
        let interrupted = try JobStateMachine.apply(.interrupted, to: .running).get()
        #expect(interrupted.stage == nil, "an interruption keeps the stage")
    }
}
