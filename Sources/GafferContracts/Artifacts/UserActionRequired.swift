/// A `user_action_required.v1` document: one escalation to an operator (SPEC §3.5).
public struct UserActionRequired: Codable, Hashable, Sendable {
    public static let version = "user_action_required.v1"

    public enum Status: String, Codable, CaseIterable, Sendable {
        case open = "OPEN"
        case resolved = "RESOLVED"
    }

    public var version: String = UserActionRequired.version
    public var jobID: String
    public var reason: EscalationReason
    public var requiredArtifact: String
    public var expectedFormat: String
    public var thresholdFailed: String?
    public var exampleFix: String?
    public var escalationTS: String
    public var escalationID: String
    public var stage: StageName?
    public var attemptID: String
    public var evidence: Evidence
    public var allowedResponses: [Action]
    public var bestAttemptID: String?
    public var status: Status
    public var resolution: Resolution?
    /// The precise cause (SPEC §5.3) and the one line an operator reads first.
    public var cause: EscalationCause?
    public var summary: String?
    /// When an unanswered escalation lapses and the policy's `escalation_expiry.default_action` is applied.
    public var expiresAt: String?

    public init(
        jobID: String, reason: EscalationReason, requiredArtifact: String, expectedFormat: String,
        thresholdFailed: String?, exampleFix: String?, escalationTS: String, escalationID: String,
        stage: StageName?, attemptID: String, evidence: Evidence, allowedResponses: [Action],
        bestAttemptID: String?, status: Status = .open, resolution: Resolution? = nil, cause: EscalationCause? = nil,
        summary: String? = nil
    ) {
        self.cause = cause
        self.summary = summary
        self.jobID = jobID
        self.reason = reason
        self.requiredArtifact = requiredArtifact
        self.expectedFormat = expectedFormat
        self.thresholdFailed = thresholdFailed
        self.exampleFix = exampleFix
        self.escalationTS = escalationTS
        self.escalationID = escalationID
        self.stage = stage
        self.attemptID = attemptID
        self.evidence = evidence
        self.allowedResponses = allowedResponses
        self.bestAttemptID = bestAttemptID
        self.status = status
        self.resolution = resolution
    }

    enum CodingKeys: String, CodingKey {
        case version, reason, stage, evidence, status, resolution, cause, summary
        case expiresAt = "expires_at"
        case jobID = "job_id"
        case requiredArtifact = "required_artifact"
        case expectedFormat = "expected_format"
        case thresholdFailed = "threshold_failed"
        case exampleFix = "example_fix"
        case escalationTS = "escalation_ts"
        case escalationID = "escalation_id"
        case attemptID = "attempt_id"
        case allowedResponses = "allowed_responses"
        case bestAttemptID = "best_attempt_id"
    }

    /// What an operator needs to judge the escalation without opening other files.
    public struct Evidence: Codable, Hashable, Sendable {
        public var failingGates: [FailingGate]
        public var engine: EngineFacts?
        public var outputs: [String]
        public var thumbnails: [String]
        /// The engine log's last lines (at most 40) when the engine failed.
        public var logTail: [String]?

        public init(
            failingGates: [FailingGate] = [], engine: EngineFacts? = nil, outputs: [String] = [],
            thumbnails: [String] = [], logTail: [String]? = nil
        ) {
            self.logTail = logTail
            self.failingGates = failingGates
            self.engine = engine
            self.outputs = outputs
            self.thumbnails = thumbnails
        }

        enum CodingKeys: String, CodingKey {
            case engine, outputs, thumbnails
            case failingGates = "failing_gates"
            case logTail = "log_tail"
        }
    }

    public struct FailingGate: Codable, Hashable, Sendable {
        public var gateID: String
        public var metric: String
        public var status: GateStatus
        public var score: Double?
        public var threshold: Double
        public var direction: GateDirection
        public var severity: Severity

        public init(
            gateID: String, metric: String, status: GateStatus, score: Double?, threshold: Double,
            direction: GateDirection, severity: Severity
        ) {
            self.gateID = gateID
            self.metric = metric
            self.status = status
            self.score = score
            self.threshold = threshold
            self.direction = direction
            self.severity = severity
        }

        enum CodingKeys: String, CodingKey {
            case metric, status, score, threshold, direction, severity
            case gateID = "gate_id"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(gateID, forKey: .gateID)
            try c.encode(metric, forKey: .metric)
            try c.encode(status, forKey: .status)
            try c.encode(score, forKey: .score)
            try c.encode(threshold, forKey: .threshold)
            try c.encode(direction, forKey: .direction)
            try c.encode(severity, forKey: .severity)
        }
    }

    /// How the engine process ended, as Gaffer measured it.
    public struct EngineFacts: Codable, Hashable, Sendable {
        public var exitCode: Int?
        public var signal: Int?
        public var timedOut: Bool
        public var stalled: Bool
        public var missingOutputs: [String]
        public var corruption: String?
        /// The stage's `exit_codes` map the exit status to `invalid_input` (SPEC §5.1).
        public var invalidInput: Bool?
        /// What a remote engine said went wrong (ComfyUI's `execution_error`: node, type, message), in its words.
        public var error: String?

        /// The engine ended well and left what it was asked for: its output can be accepted (`pick`).
        public var isSound: Bool {
            (exitCode ?? 0) == 0 && signal == nil && !timedOut && !stalled && missingOutputs.isEmpty && corruption == nil
                && invalidInput != true && error == nil
        }

        public init(
            exitCode: Int? = nil, signal: Int? = nil, timedOut: Bool = false, stalled: Bool = false,
            missingOutputs: [String] = [], corruption: String? = nil, invalidInput: Bool? = nil, error: String? = nil
        ) {
            self.invalidInput = invalidInput
            self.error = error
            self.exitCode = exitCode
            self.signal = signal
            self.timedOut = timedOut
            self.stalled = stalled
            self.missingOutputs = missingOutputs
            self.corruption = corruption
        }

        enum CodingKeys: String, CodingKey {
            case signal, stalled, corruption, error
            case exitCode = "exit_code"
            case timedOut = "timed_out"
            case missingOutputs = "missing_outputs"
            case invalidInput = "invalid_input"
        }
    }

    /// An operator's answer.
    public struct Resolution: Codable, Hashable, Sendable {
        public var action: Action
        public var by: String
        public var at: String
        public var note: String?
        public var overrides: [String: JSONValue]

        public init(action: Action, by: String, at: String, note: String? = nil, overrides: [String: JSONValue] = [:]) {
            self.action = action
            self.by = by
            self.at = at
            self.note = note
            self.overrides = overrides
        }
    }
}
