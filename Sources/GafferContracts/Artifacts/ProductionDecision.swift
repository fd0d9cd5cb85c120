/// A `production_decision.v1` document: what the supervisor decided after one attempt (SPEC §3.4).
///
/// The decision of attempt N is handed to the engine of attempt N+1.
public struct ProductionDecision: Codable, Hashable, Sendable {
    public static let version = "1.0"

    public var version: String = ProductionDecision.version
    public var jobID: String
    public var attemptID: String
    public var decision: Decision

    public init(jobID: String, attemptID: String, decision: Decision) {
        self.jobID = jobID
        self.attemptID = attemptID
        self.decision = decision
    }

    enum CodingKeys: String, CodingKey {
        case version, decision
        case jobID = "job_id"
        case attemptID = "attempt_id"
    }

    public struct Decision: Codable, Hashable, Sendable {
        public var action: Action
        public var reasoning: String
        public var targetStage: StageName?
        public var targetLane: String?
        public var workflowProfile: String?
        public var policyOverrides: PolicyOverrides
        public var parameterAdjustments: [String: Double]
        /// Set when the action is `ESCALATE_USER`.
        public var escalationReason: EscalationReason?
        public var advisor: AdvisorRecord?
        public var budget: Budget?

        public init(
            action: Action, reasoning: String, targetStage: StageName? = nil, targetLane: String? = nil,
            workflowProfile: String? = nil, policyOverrides: PolicyOverrides = PolicyOverrides(),
            parameterAdjustments: [String: Double] = [:], escalationReason: EscalationReason? = nil,
            advisor: AdvisorRecord? = nil, budget: Budget? = nil
        ) {
            self.action = action
            self.reasoning = reasoning
            self.targetStage = targetStage
            self.targetLane = targetLane
            self.workflowProfile = workflowProfile
            self.policyOverrides = policyOverrides
            self.parameterAdjustments = parameterAdjustments
            self.escalationReason = escalationReason
            self.advisor = advisor
            self.budget = budget
        }

        enum CodingKeys: String, CodingKey {
            case action, reasoning, advisor, budget
            case targetStage = "target_stage"
            case targetLane = "target_lane"
            case workflowProfile = "workflow_profile"
            case policyOverrides = "policy_overrides"
            case parameterAdjustments = "parameter_adjustments"
            case escalationReason = "escalation_reason"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            action = try c.decode(Action.self, forKey: .action)
            reasoning = try c.decode(String.self, forKey: .reasoning)
            targetStage = try c.decodeIfPresent(StageName.self, forKey: .targetStage)
            targetLane = try c.decodeIfPresent(String.self, forKey: .targetLane)
            workflowProfile = try c.decodeIfPresent(String.self, forKey: .workflowProfile)
            policyOverrides = try c.decodeIfPresent(PolicyOverrides.self, forKey: .policyOverrides) ?? PolicyOverrides()
            parameterAdjustments =
                try c.decodeIfPresent([String: Double].self, forKey: .parameterAdjustments) ?? [:]
            escalationReason = try c.decodeIfPresent(EscalationReason.self, forKey: .escalationReason)
            advisor = try c.decodeIfPresent(AdvisorRecord.self, forKey: .advisor)
            budget = try c.decodeIfPresent(Budget.self, forKey: .budget)
        }
    }

    /// Engine-level knobs the next attempt must apply.
    public struct PolicyOverrides: Codable, Hashable, Sendable {
        public var resolutionPolicy: ResolutionPolicy?
        public var motionIntensity: MotionIntensity?
        public var fpsStrategy: FPSStrategy?
        public var maxFramesOverride: Int?
        public var queueManagement: QueueManagement?
        public var poseCoverageThreshold: Double?

        public init(
            resolutionPolicy: ResolutionPolicy? = nil, motionIntensity: MotionIntensity? = nil,
            fpsStrategy: FPSStrategy? = nil, maxFramesOverride: Int? = nil,
            queueManagement: QueueManagement? = nil, poseCoverageThreshold: Double? = nil
        ) {
            self.resolutionPolicy = resolutionPolicy
            self.motionIntensity = motionIntensity
            self.fpsStrategy = fpsStrategy
            self.maxFramesOverride = maxFramesOverride
            self.queueManagement = queueManagement
            self.poseCoverageThreshold = poseCoverageThreshold
        }

        enum CodingKeys: String, CodingKey {
            case resolutionPolicy = "resolution_policy"
            case motionIntensity = "motion_intensity"
            case fpsStrategy = "fps_strategy"
            case maxFramesOverride = "max_frames_override"
            case queueManagement = "queue_management"
            case poseCoverageThreshold = "pose_coverage_threshold"
        }
    }

    /// What an advisor proposed and what became of it (SPEC §5.4).
    public struct AdvisorRecord: Codable, Hashable, Sendable {
        public enum Outcome: String, Codable, CaseIterable, Sendable {
            /// Advisory mode: recorded, not taken.
            case recorded
            /// Authority trial: the proposal replaced the deterministic action.
            case taken
            /// Authority trial: the proposal was allowed but cannot be honoured (a retry the budget no longer
            /// covers); the policy's `rollback_action` was taken instead.
            case rolledBack = "rolled_back"
            /// The proposal was not allowed and changed nothing.
            case rejected
            /// The advisor did not answer in time, or could not be reached; nothing changed.
            case unavailable
        }

        public var source: String
        public var proposedAction: Action?
        public var deterministicAction: Action
        public var outcome: Outcome
        /// Why it came to that outcome (and, when unavailable, what went wrong asking).
        public var note: String?
        public var model: String?
        public var latencySeconds: Double?
        public var tokensIn: Int?
        public var tokensOut: Int?
        /// The proposal as parsed; nil when there was none (timeout, unreachable, unparseable).
        public var proposal: AdvisorProposal?
        /// What the advisor answered, as received (cut at `rawLimit` bytes), so a bad answer can be read.
        public var raw: String?

        public static let rawLimit = 8192

        public init(
            source: String, proposedAction: Action?, deterministicAction: Action, outcome: Outcome,
            note: String? = nil, model: String? = nil, latencySeconds: Double? = nil, tokensIn: Int? = nil,
            tokensOut: Int? = nil, proposal: AdvisorProposal? = nil, raw: String? = nil
        ) {
            self.source = source
            self.proposedAction = proposedAction
            self.deterministicAction = deterministicAction
            self.outcome = outcome
            self.note = note
            self.model = model
            self.latencySeconds = latencySeconds
            self.tokensIn = tokensIn
            self.tokensOut = tokensOut
            self.proposal = proposal
            self.raw = raw
        }

        enum CodingKeys: String, CodingKey {
            case source, outcome, note, model, proposal, raw
            case proposedAction = "proposed_action"
            case deterministicAction = "deterministic_action"
            case latencySeconds = "latency_seconds"
            case tokensIn = "tokens_in"
            case tokensOut = "tokens_out"
        }
    }

    /// The retry budget as it stood when the decision was made.
    public struct Budget: Codable, Hashable, Sendable {
        public var stageAttempts: Int
        public var maxRetries: Int
        public var jobAttempts: Int

        public init(stageAttempts: Int, maxRetries: Int, jobAttempts: Int) {
            self.stageAttempts = stageAttempts
            self.maxRetries = maxRetries
            self.jobAttempts = jobAttempts
        }

        enum CodingKeys: String, CodingKey {
            case stageAttempts = "stage_attempts"
            case maxRetries = "max_retries"
            case jobAttempts = "job_attempts"
        }
    }
}
