/// The original system's lowercase actions, as its `retry_attempt_lineage.v1` files spell them (SPEC §14). Read
/// there and translated at once; never written, and refused everywhere else (SPEC §2).
public enum LegacyAction: String, CaseIterable, Sendable {
    case proceedFinalize = "proceed_finalize"
    case retryMotion = "retry_motion"
    case retryRecast = "retry_recast"
    case blockForCostume = "block_for_costume"
    case escalateHITL = "escalate_hitl"

    /// The action it is in Gaffer's vocabulary.
    public var action: Action {
        switch self {
        case .proceedFinalize: .proceed
        case .retryMotion, .retryRecast: .retryStage
        case .blockForCostume, .escalateHITL: .escalateUser
        }
    }
}

/// What the original's lineage says became of an attempt.
public enum LegacyResolution: String, CaseIterable, Sendable {
    case retry, escalate, finalize
}
