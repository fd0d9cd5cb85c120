/// A `smoke_scenario.v1` document: a recorded case and the routing it must get (`gaffer smoke`).
public struct SmokeScenario: Codable, Hashable, Sendable {
    public static let version = "smoke_scenario.v1"

    public var version: String = SmokeScenario.version
    public var name: String
    public var description: String?
    public var policy: PolicySource
    public var stage: StageName?
    public var metrics: [String: JSONValue]
    public var productionMetrics: PoseObservation?
    public var job: JSONValue?
    public var stageAttempts: Int?
    public var maxRetries: Int?
    /// Earlier attempts of the job, as lineage entries (e.g. a pose retry already spent).
    public var history: [AttemptLineage.Entry]?
    /// An advisor's recorded proposal, weighed by the policy (SPEC §5.4).
    public var advice: AdvisorProposal?
    /// The operator's consent to the policy's authority trial.
    public var authorityTrial: Bool?
    public var expect: Expectation

    enum CodingKeys: String, CodingKey {
        case version, name, description, policy, stage, metrics, job, expect, history, advice
        case authorityTrial = "authority_trial"
        case productionMetrics = "production_metrics"
        case stageAttempts = "stage_attempts"
        case maxRetries = "max_retries"
    }

    /// A policy named by a path relative to the scenario file, or written inline.
    public enum PolicySource: Codable, Hashable, Sendable {
        case path(String)
        case inline(JSONValue)

        public init(from decoder: any Decoder) throws {
            let value = try JSONValue(from: decoder)
            if case .string(let path) = value { self = .path(path) } else { self = .inline(value) }
        }

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .path(let path): try JSONValue.string(path).encode(to: encoder)
            case .inline(let value): try value.encode(to: encoder)
            }
        }
    }

    public struct Expectation: Codable, Hashable, Sendable {
        public var recommendedAction: Action
        public var pass: Bool?
        public var gates: [String: GateStatus]?
        public var failedGateIDs: [String]?
        public var failedFailureClasses: [String]?
        public var decision: ExpectedDecision?

        enum CodingKeys: String, CodingKey {
            case pass, gates, decision
            case recommendedAction = "recommended_action"
            case failedGateIDs = "failed_gate_ids"
            case failedFailureClasses = "failed_failure_classes"
        }
    }

    public struct ExpectedDecision: Codable, Hashable, Sendable {
        public var action: Action
        public var targetStage: StageName?
        public var workflowProfile: String?
        public var escalationReason: EscalationReason?
        public var maxFramesOverride: Int?
        public var advisorOutcome: ProductionDecision.AdvisorRecord.Outcome?

        enum CodingKeys: String, CodingKey {
            case action
            case maxFramesOverride = "max_frames_override"
            case advisorOutcome = "advisor_outcome"
            case targetStage = "target_stage"
            case workflowProfile = "workflow_profile"
            case escalationReason = "escalation_reason"
        }
    }
}
