/// What a webhook can be told (SPEC §7 `notify: events`). Each is derived from one recorded event.
public enum NotificationKind: String, Codable, CaseIterable, Sendable {
    case escalationOpened = "escalation_opened"
    case escalationResolved = "escalation_resolved"
    case approvalRequested = "approval_requested"
    case approved
    case rejected
    case jobCompleted = "job_completed"
    case jobAborted = "job_aborted"
    case jobInvalid = "job_invalid"
    case jobPaused = "job_paused"
    case jobPosted = "job_posted"

    /// The notifications one event makes (an event can end a job and open nothing else, or answer an escalation
    /// and complete the job at once).
    public static func of(event: EventKind, from: JobState?, to state: JobState?) -> [NotificationKind] {
        var kinds: [NotificationKind] = []
        switch event {
        case .escalationResolved: kinds.append(.escalationResolved)
        case .approvalRequested: kinds.append(.approvalRequested)
        case .approved: kinds.append(.approved)
        case .rejected: kinds.append(.rejected)
        case .posted, .postedDetected: kinds.append(.jobPosted)
        default: break
        }
        // A state entered, not a fact recorded on a job already in it.
        guard let state, state != from else { return kinds }
        switch state {
        case .escalated: kinds.append(.escalationOpened)
        case .completed: kinds.append(.jobCompleted)
        case .aborted: kinds.append(.jobAborted)
        case .invalid: kinds.append(.jobInvalid)
        case .paused: kinds.append(.jobPaused)
        default: break
        }
        return kinds
    }
}
