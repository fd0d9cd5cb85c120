import GafferContracts
import GafferStore

extension OperatorDesk {
    /// Who is recorded when a wait lapses (SPEC §7).
    public static let expiryActor = "expiry"

    /// A job's wait for a person lapsed (``JobStore/lapsedWaits(now:)``): the policy's `escalation_expiry`
    /// `default_action` is applied as the answer, recorded `by: "expiry"`. An approval: PROCEED approves, ABORT
    /// rejects and aborts, a retry rejects and retries. An escalation: the default action when it is an allowed
    /// answer, else ABORT. Returns nil when the job no longer waits (answered meanwhile).
    public func expire(_ job: JobRecord, runID: String) async throws -> String? {
        guard let expiry = job.operatorState.expiry else { return nil }
        let note = "no answer by \(expiry.expiresAt): the default action \(expiry.defaultAction.rawValue) applies"
        switch job.state {
        case .awaitingApproval:
            let request: Request = switch expiry.defaultAction {
            case .proceed: Request(.approve, by: Self.expiryActor, note: note)
            case .retryStage, .switchPolicy: Request(.reject, by: Self.expiryActor, note: note)
            case .abort, .escalateUser: Request(.reject, by: Self.expiryActor, note: note, abort: true)
            }
            return try await apply(job.jobID, request, runID: runID).message
        case .escalated:
            guard let open = try await store.escalations(jobID: job.jobID).first(where: \.isOpen) else { return nil }
            let allowed = open.document.allowedResponses
            let action = allowed.contains(expiry.defaultAction) ? expiry.defaultAction : .abort
            let desk = EscalationDesk(layout: layout, store: store, workflowsFolder: workflowsFolder, wakeup: wakeup)
            let (_, after) = try await desk.resolve(open.escalationID, action: action, overrides: [:], note: note, by: Self.expiryActor, runID: runID)
            return "escalation \(open.escalationID) lapsed: \(action.rawValue) applied; the job is \(after.state.rawValue)"
        default:
            return nil
        }
    }
}
