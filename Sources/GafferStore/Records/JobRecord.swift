import GafferContracts

/// A job as the store knows it: its durable state and every input its next step needs (SPEC §6.1).
public struct JobRecord: Hashable, Sendable {
    public var jobID: String
    /// The job file, relative to the sandbox.
    public var sourcePath: String
    /// Only ``apply(_:)`` changes it, with a transition of ``JobStateMachine``.
    public private(set) var state: JobState
    /// The stage that runs next (VALIDATED), runs now (RUNNING), or where the job stopped.
    public private(set) var stage: StageName?
    /// The last attempt that started.
    public var attemptID: String?
    public var reason: String?
    public var error: String?
    public var workflowID: String?
    public var policyPath: String?
    /// The job file's content as admitted (JSON text): the job the loop works, whatever the file says later.
    public var content: String?
    /// SHA-256 (hex) of the job file as admitted.
    public var contentDigest: String?
    /// The digest of a later edit that was already reported (so it is reported once).
    public var reportedDigest: String?
    /// Higher first, then oldest first.
    public var priority: Int
    /// The decision (a `production_decision.v1` document, JSON text) that leads to the next attempt.
    public var nextDecision: String?
    /// Operator overrides by stage: consumed by the next attempt of that stage that is decided.
    public var operatorOverrides: [String: [String: JSONValue]]
    /// Attempts numbered up to this one no longer count against a stage's budget (an operator granted a new one).
    public var budgetFloor: Int
    /// Not claimed before this instant (RFC 3339): back-off between retries, snoozes.
    public var notBefore: String?
    /// Consecutive snoozes of the current stage (SPEC §5.1 `snooze_limit`).
    public var snoozes: Int
    /// Pause requests, waivers, budget resets, the wait's expiry (SPEC §7).
    public var operatorState: OperatorState
    /// The fencing token of the job's latest claim: a per-job counter that only grows (SPEC §9).
    public internal(set) var fence: Int64
    public var createdAt: String
    public var updatedAt: String

    public init(
        jobID: String, sourcePath: String, state: JobState = .discovered, stage: StageName? = nil, attemptID: String? = nil,
        reason: String? = nil, error: String? = nil, workflowID: String? = nil, policyPath: String? = nil,
        content: String? = nil, contentDigest: String? = nil, reportedDigest: String? = nil, priority: Int = 0,
        nextDecision: String? = nil, operatorOverrides: [String: [String: JSONValue]] = [:], budgetFloor: Int = 0,
        notBefore: String? = nil, snoozes: Int = 0, operatorState: OperatorState = OperatorState(), fence: Int64 = 0,
        createdAt: String, updatedAt: String
    ) {
        self.jobID = jobID
        self.sourcePath = sourcePath
        self.state = state
        self.stage = stage
        self.attemptID = attemptID
        self.reason = reason
        self.error = error
        self.workflowID = workflowID
        self.policyPath = policyPath
        self.content = content
        self.contentDigest = contentDigest
        self.reportedDigest = reportedDigest
        self.priority = priority
        self.nextDecision = nextDecision
        self.operatorOverrides = operatorOverrides
        self.budgetFloor = budgetFloor
        self.notBefore = notBefore
        self.snoozes = snoozes
        self.operatorState = operatorState
        self.fence = fence
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// When the job's wait for a person lapses (stored as its own column, so the lapsed ones are found by query).
    public var expiresAt: String? { operatorState.expiry?.expiresAt }

    /// The budget floor of `stage`: the job's, or the stage's own reset when later.
    public func budgetFloor(of stage: StageName) -> Int {
        max(budgetFloor, operatorState.stageBudgetFloors[stage.rawValue] ?? 0)
    }

    /// Raises the fence past `stored` (a verb that stops the running attempt): its worker's next write is refused.
    public mutating func raiseFence(above stored: Int64) {
        fence = max(fence, stored) + 1
    }

    /// Takes `event` through the state machine and applies the transition it allows (state and stage).
    /// - Returns: the transition, for the caller to record with its event.
    /// - Throws: ``StoreError/refused(_:)`` when the state machine refuses; nothing changes then.
    @discardableResult
    public mutating func apply(_ event: JobEvent) throws(StoreError) -> JobTransition {
        switch JobStateMachine.apply(event, to: state) {
        case .success(let transition):
            state = transition.to
            if let stage = transition.stage { self.stage = stage }
            if case .invalid(let reason) = event { error = reason; self.reason = reason }
            if case .escalated(let reason) = event { error = reason; self.reason = reason }
            return transition
        case .failure(let refusal):
            throw .refused(jobID: jobID, refusal)
        }
    }
}
