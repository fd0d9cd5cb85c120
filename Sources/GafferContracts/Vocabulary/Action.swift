/// What the supervisor decides after a stage attempt.
///
/// This enum is the only place the action strings are spelled. Anything else in an input
/// (the original's `retry_motion`, `escalate_hitl`, a typo) is a contract violation, never passed through.
public enum Action: String, Codable, CaseIterable, Sendable, Comparable {
    case proceed = "PROCEED"
    case retryStage = "RETRY_STAGE"
    case switchPolicy = "SWITCH_POLICY"
    case escalateUser = "ESCALATE_USER"
    case abort = "ABORT"

    /// Actions that re-run a stage and so draw on the retry budget.
    public var isRetry: Bool { self == .retryStage || self == .switchPolicy }

    /// Declaration order; used only to make sorted output stable.
    public static func < (lhs: Action, rhs: Action) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
