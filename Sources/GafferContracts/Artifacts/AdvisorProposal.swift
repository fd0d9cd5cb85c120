/// An advisor's proposal (SPEC §5.4): a `production_decision`-shaped answer with its reasoning. An LLM writes it
/// against the JSON Schema `shared/advisor_proposal.v1.schema.json` (sent as its `response_format`); a command
/// prints it; `gaffer decide --advice F` reads a recorded one. Only `action` and `reasoning` are required, so a
/// model's answer needs no `version`.
public struct AdvisorProposal: Codable, Hashable, Sendable {
    public static let version = "advisor_proposal.v1"

    public var version: String?
    public var action: Action
    public var reasoning: String
    /// Where a retry should go (a stage of the job's workflow); nil leaves the deterministic target.
    public var targetStage: StageName?
    /// A registry workflow to switch to (SWITCH_POLICY); must be one of the request's `allowed_profiles`.
    public var workflowProfile: String?
    public var parameterAdjustments: [String: Double]

    public init(
        action: Action, reasoning: String, targetStage: StageName? = nil, workflowProfile: String? = nil,
        parameterAdjustments: [String: Double] = [:]
    ) {
        self.action = action
        self.reasoning = reasoning
        self.targetStage = targetStage
        self.workflowProfile = workflowProfile
        self.parameterAdjustments = parameterAdjustments
    }

    /// `seed=4242, identity_weight=0.9`: the adjustments as a person reads them (numbers as JSON writes them).
    public var adjustmentsText: String {
        parameterAdjustments.sorted { $0.key < $1.key }
            .map { "\($0.key)=\(String(decoding: JSONValue.number($0.value).serialized(pretty: false), as: UTF8.self))" }
            .joined(separator: ", ")
    }

    enum CodingKeys: String, CodingKey {
        case version, action, reasoning
        case targetStage = "target_stage"
        case workflowProfile = "workflow_profile"
        case parameterAdjustments = "parameter_adjustments"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(String.self, forKey: .version)
        action = try c.decode(Action.self, forKey: .action)
        reasoning = try c.decode(String.self, forKey: .reasoning)
        targetStage = try c.decodeIfPresent(StageName.self, forKey: .targetStage)
        workflowProfile = try c.decodeIfPresent(String.self, forKey: .workflowProfile)
        parameterAdjustments = try c.decodeIfPresent([String: Double].self, forKey: .parameterAdjustments) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(version, forKey: .version)
        try c.encode(action, forKey: .action)
        try c.encode(reasoning, forKey: .reasoning)
        try c.encodeIfPresent(targetStage, forKey: .targetStage)
        try c.encodeIfPresent(workflowProfile, forKey: .workflowProfile)
        if !parameterAdjustments.isEmpty { try c.encode(parameterAdjustments, forKey: .parameterAdjustments) }
    }
}
