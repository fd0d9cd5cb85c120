import GafferContracts

/// A job in brief: what `gaffer status` shows of it. Listed for every job at once (`JobStore.jobSummaries()`) from a
/// few columns, where the full records carry each job's admitted content, next decision and overrides.
public struct JobSummary: Hashable, Sendable {
    public var jobID: String
    public var state: JobState
    public var stage: StageName?
    public var attemptID: String?
    public var reason: String?
    public var workflowID: String?
    public var updatedAt: String

    public init(
        jobID: String, state: JobState, stage: StageName?, attemptID: String?, reason: String?, workflowID: String?, updatedAt: String
    ) {
        self.jobID = jobID
        self.state = state
        self.stage = stage
        self.attemptID = attemptID
        self.reason = reason
        self.workflowID = workflowID
        self.updatedAt = updatedAt
    }

    public init(_ job: JobRecord) {
        self.init(
            jobID: job.jobID, state: job.state, stage: job.stage, attemptID: job.attemptID, reason: job.reason, workflowID: job.workflowID,
            updatedAt: job.updatedAt)
    }
}
