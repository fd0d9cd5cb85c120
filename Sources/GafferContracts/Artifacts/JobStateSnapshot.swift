/// The `job_state.v1` view of one job (`logs/<job_id>/state.json`), written from the store.
public struct JobStateSnapshot: Codable, Hashable, Sendable {
    public static let version = "job_state.v1"

    public var version: String = JobStateSnapshot.version
    public var jobID: String
    public var state: JobState
    public var stage: StageName?
    public var attemptID: String?
    public var updatedAt: String
    public var reason: String?
    public var error: String?
    /// Paths relative to the sandbox.
    public var pointers: [String: String]

    public init(
        jobID: String, state: JobState, stage: StageName?, attemptID: String?, updatedAt: String,
        reason: String?, error: String?, pointers: [String: String]
    ) {
        self.jobID = jobID
        self.state = state
        self.stage = stage
        self.attemptID = attemptID
        self.updatedAt = updatedAt
        self.reason = reason
        self.error = error
        self.pointers = pointers
    }

    enum CodingKeys: String, CodingKey {
        case version, state, stage, reason, error, pointers
        case jobID = "job_id"
        case attemptID = "attempt_id"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(jobID, forKey: .jobID)
        try c.encode(state, forKey: .state)
        try c.encode(stage, forKey: .stage)
        try c.encode(attemptID, forKey: .attemptID)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(reason, forKey: .reason)
        try c.encode(error, forKey: .error)
        try c.encode(pointers, forKey: .pointers)
    }
}
