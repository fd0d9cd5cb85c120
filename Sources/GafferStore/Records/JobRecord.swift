import GafferContracts

/// A job as the store knows it: its durable state and what the next step needs.
public struct JobRecord: Hashable, Sendable {
    public var jobID: String
    /// The job file, relative to the sandbox.
    public var sourcePath: String
    public var state: JobState
    /// The stage that runs next (RUNNING) or that was running when the job stopped.
    public var stage: StageName?
    /// The last attempt that started.
    public var attemptID: String?
    public var reason: String?
    public var error: String?
    public var workflowID: String?
    public var policyPath: String?
    /// The decision (relative path) that the next attempt's engine must see; nil before the first retry.
    public var pendingDecision: String?
    /// Parameter overrides an operator gave when answering an escalation, for the next attempt.
    public var pendingOverrides: [String: JSONValue]
    /// Attempts numbered up to this one no longer count against a stage's budget (an operator granted a new one).
    public var budgetFloor: Int
    public var createdAt: String
    public var updatedAt: String

    public init(
        jobID: String, sourcePath: String, state: JobState, stage: StageName? = nil, attemptID: String? = nil,
        reason: String? = nil, error: String? = nil, workflowID: String? = nil, policyPath: String? = nil,
        pendingDecision: String? = nil, pendingOverrides: [String: JSONValue] = [:], budgetFloor: Int = 0,
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
        self.pendingDecision = pendingDecision
        self.pendingOverrides = pendingOverrides
        self.budgetFloor = budgetFloor
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
