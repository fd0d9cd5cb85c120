/// The `attempt_lineage.v1` history of one job: every attempt, where it came from and what followed.
///
/// It is also the `--history` input of `gaffer decide`.
public struct AttemptLineage: Codable, Hashable, Sendable {
    public static let version = "attempt_lineage.v1"

    public var version: String = AttemptLineage.version
    public var jobID: String
    public var updatedAt: String
    public var attempts: [Entry]

    public init(jobID: String, updatedAt: String, attempts: [Entry]) {
        self.jobID = jobID
        self.updatedAt = updatedAt
        self.attempts = attempts
    }

    enum CodingKeys: String, CodingKey {
        case version, attempts
        case jobID = "job_id"
        case updatedAt = "updated_at"
    }

    public struct Entry: Codable, Hashable, Sendable {
        public var attemptID: String
        public var stage: StageName
        public var sourceAttemptID: String?
        public var startedAt: String?
        public var outcome: String?
        public var decisionAction: Action?
        public var decisionReason: String?
        /// Mean score of the blocking gates, used to name the best attempt.
        public var score: Double?
        public var workflowProfile: String?
        /// True when this attempt's decision asked for fewer frames because pose detection was low.
        public var poseRetry: Bool?
        public var resolution: String?
        public var artifacts: [String: String]

        public init(
            attemptID: String, stage: StageName, sourceAttemptID: String? = nil, startedAt: String? = nil,
            outcome: String? = nil, decisionAction: Action? = nil, decisionReason: String? = nil,
            score: Double? = nil, workflowProfile: String? = nil, poseRetry: Bool? = nil,
            resolution: String? = nil, artifacts: [String: String] = [:]
        ) {
            self.attemptID = attemptID
            self.stage = stage
            self.sourceAttemptID = sourceAttemptID
            self.startedAt = startedAt
            self.outcome = outcome
            self.decisionAction = decisionAction
            self.decisionReason = decisionReason
            self.score = score
            self.workflowProfile = workflowProfile
            self.poseRetry = poseRetry
            self.resolution = resolution
            self.artifacts = artifacts
        }

        enum CodingKeys: String, CodingKey {
            case stage, outcome, score, resolution, artifacts
            case attemptID = "attempt_id"
            case sourceAttemptID = "source_attempt_id"
            case startedAt = "started_at"
            case decisionAction = "decision_action"
            case decisionReason = "decision_reason"
            case workflowProfile = "workflow_profile"
            case poseRetry = "pose_retry"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            attemptID = try c.decode(String.self, forKey: .attemptID)
            stage = try c.decode(StageName.self, forKey: .stage)
            sourceAttemptID = try c.decodeIfPresent(String.self, forKey: .sourceAttemptID)
            startedAt = try c.decodeIfPresent(String.self, forKey: .startedAt)
            outcome = try c.decodeIfPresent(String.self, forKey: .outcome)
            decisionAction = try c.decodeIfPresent(Action.self, forKey: .decisionAction)
            decisionReason = try c.decodeIfPresent(String.self, forKey: .decisionReason)
            score = try c.decodeIfPresent(Double.self, forKey: .score)
            workflowProfile = try c.decodeIfPresent(String.self, forKey: .workflowProfile)
            poseRetry = try c.decodeIfPresent(Bool.self, forKey: .poseRetry)
            resolution = try c.decodeIfPresent(String.self, forKey: .resolution)
            artifacts = try c.decodeIfPresent([String: String].self, forKey: .artifacts) ?? [:]
        }
    }
}
