import GafferContracts

/// A job a worker asks to claim, with the stage its next attempt runs (resolved by the worker from its catalog).
public struct ClaimRequest: Hashable, Sendable {
    public var jobID: String
    public var stage: StageName

    public init(jobID: String, stage: StageName) {
        self.jobID = jobID
        self.stage = stage
    }
}

/// The outcome of a claim: the new attempt (running) and the lease that fences its writes.
public struct Claim: Hashable, Sendable {
    public var attempt: AttemptRecord
    public var lease: Lease
    /// The job as it is after the claim (RUNNING on the attempt's stage).
    public var job: JobRecord

    public init(attempt: AttemptRecord, lease: Lease, job: JobRecord) {
        self.attempt = attempt
        self.lease = lease
        self.job = job
    }
}
