import GafferContracts

/// A stage's accepted output (SPEC §6.1): which attempt's file later stages read.
public struct AcceptedOutput: Hashable, Sendable {
    public var jobID: String
    public var stage: StageName
    public var attemptID: String
    /// Relative to the sandbox.
    public var path: String

    public init(jobID: String, stage: StageName, attemptID: String, path: String) {
        self.jobID = jobID
        self.stage = stage
        self.attemptID = attemptID
        self.path = path
    }
}
