/// A `qc_policy.v1` document: the gates a stage must pass and how failures are routed (SPEC §3.1).
///
/// Optional fields take the defaults of the original system, so its policy files load unchanged.
public struct QCPolicy: Codable, Hashable, Sendable {
    public static let version = "qc_policy.v1"
    public static let defaultPoseCoverageThreshold = 0.35
    public static let defaultMaxRetries = 2

    public var version: String
    public var policyID: String
    public var generatedAt: String?
    public var maxRetriesDefault: Int
    public var defaultActionOnMissingReport: Action
    public var gates: [QCGate]
    public var routing: Routing
    public var failureClassification: FailureClassification
    public var workflowPresets: WorkflowPresets
    public var advisoryMode: AdvisoryMode
    public var authorityTrial: AuthorityTrial
    public var poseCoverageThreshold: Double
    /// How long an escalation or an approval waits for a person before its default action applies (SPEC §7).
    public var escalationExpiry: EscalationExpiry?

    /// `escalation_expiry`: after `seconds` unanswered, `default_action` is applied, recorded as `by: "expiry"`.
    public struct EscalationExpiry: Codable, Hashable, Sendable {
        public var seconds: Double
        public var defaultAction: Action

        public init(seconds: Double, defaultAction: Action) {
            self.seconds = seconds
            self.defaultAction = defaultAction
        }

        enum CodingKeys: String, CodingKey {
            case seconds
            case defaultAction = "default_action"
        }
    }

    public init(
        policyID: String, generatedAt: String? = nil, maxRetriesDefault: Int = QCPolicy.defaultMaxRetries,
        defaultActionOnMissingReport: Action = .escalateUser, gates: [QCGate], routing: Routing = Routing(),
        failureClassification: FailureClassification = FailureClassification(),
        workflowPresets: WorkflowPresets = WorkflowPresets(), advisoryMode: AdvisoryMode = AdvisoryMode(),
        authorityTrial: AuthorityTrial = AuthorityTrial(),
        poseCoverageThreshold: Double = QCPolicy.defaultPoseCoverageThreshold
    ) {
        self.version = Self.version
        self.policyID = policyID
        self.generatedAt = generatedAt
        self.maxRetriesDefault = maxRetriesDefault
        self.defaultActionOnMissingReport = defaultActionOnMissingReport
        self.gates = gates
        self.routing = routing
        self.failureClassification = failureClassification
        self.workflowPresets = workflowPresets
        self.advisoryMode = advisoryMode
        self.authorityTrial = authorityTrial
        self.poseCoverageThreshold = poseCoverageThreshold
    }

    enum CodingKeys: String, CodingKey {
        case version, gates, routing
        case policyID = "policy_id"
        case generatedAt = "generated_at"
        case maxRetriesDefault = "max_retries_default"
        case defaultActionOnMissingReport = "default_action_on_missing_report"
        case failureClassification = "failure_classification"
        case workflowPresets = "workflow_presets"
        case advisoryMode = "advisory_mode"
        case authorityTrial = "authority_trial"
        case poseCoverageThreshold = "pose_coverage_threshold"
        case escalationExpiry = "escalation_expiry"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(String.self, forKey: .version)
        policyID = try c.decode(String.self, forKey: .policyID)
        generatedAt = try c.decodeIfPresent(String.self, forKey: .generatedAt)
        maxRetriesDefault = try c.decodeIfPresent(Int.self, forKey: .maxRetriesDefault) ?? Self.defaultMaxRetries
        defaultActionOnMissingReport =
            try c.decodeIfPresent(Action.self, forKey: .defaultActionOnMissingReport) ?? .escalateUser
        gates = try c.decode([QCGate].self, forKey: .gates)
        routing = try c.decodeIfPresent(Routing.self, forKey: .routing) ?? Routing()
        failureClassification =
            try c.decodeIfPresent(FailureClassification.self, forKey: .failureClassification)
            ?? FailureClassification()
        workflowPresets = try c.decodeIfPresent(WorkflowPresets.self, forKey: .workflowPresets) ?? WorkflowPresets()
        advisoryMode = try c.decodeIfPresent(AdvisoryMode.self, forKey: .advisoryMode) ?? AdvisoryMode()
        authorityTrial = try c.decodeIfPresent(AuthorityTrial.self, forKey: .authorityTrial) ?? AuthorityTrial()
        poseCoverageThreshold =
            try c.decodeIfPresent(Double.self, forKey: .poseCoverageThreshold) ?? Self.defaultPoseCoverageThreshold
        escalationExpiry = try c.decodeIfPresent(EscalationExpiry.self, forKey: .escalationExpiry)
    }

    /// The first class whose metrics contain `metric` (the original's rule: first match wins).
    public func failureClass(forMetric metric: String) -> FailureClass? {
        failureClassification.classes.first { $0.metrics.contains(metric) }
    }

    /// The preset row of a failure class, if the policy has one.
    public func preset(forClass classID: String) -> PresetRow? {
        workflowPresets.classToPreset.first { $0.classID == classID }
    }
}

/// How failing gates are combined into one recommended action.
public struct Routing: Codable, Hashable, Sendable {
    public var failureActionPriority: [Action]
    public var fallbackAction: Action

    public init(
        failureActionPriority: [Action] = [.abort, .escalateUser, .retryStage, .switchPolicy, .proceed],
        fallbackAction: Action = .escalateUser
    ) {
        self.failureActionPriority = failureActionPriority
        self.fallbackAction = fallbackAction
    }

    enum CodingKeys: String, CodingKey {
        case failureActionPriority = "failure_action_priority"
        case fallbackAction = "fallback_action"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        failureActionPriority = try c.decodeIfPresent([Action].self, forKey: .failureActionPriority) ?? []
        fallbackAction = try c.decodeIfPresent(Action.self, forKey: .fallbackAction) ?? .escalateUser
    }
}

/// Named groups of metrics whose failure is repaired the same way.
public struct FailureClassification: Codable, Hashable, Sendable {
    public var classes: [FailureClass]
    public init(classes: [FailureClass] = []) { self.classes = classes }
}

public struct FailureClass: Codable, Hashable, Sendable {
    public var classID: String
    public var metrics: [String]
    public var action: Action

    public init(classID: String, metrics: [String], action: Action) {
        self.classID = classID
        self.metrics = metrics
        self.action = action
    }

    enum CodingKeys: String, CodingKey {
        case metrics, action
        case classID = "class_id"
    }
}

/// Which workflow and parameters repair a failure class.
public struct WorkflowPresets: Codable, Hashable, Sendable {
    public var classToPreset: [PresetRow]
    public init(classToPreset: [PresetRow] = []) { self.classToPreset = classToPreset }
    enum CodingKeys: String, CodingKey { case classToPreset = "class_to_preset" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        classToPreset = try c.decodeIfPresent([PresetRow].self, forKey: .classToPreset) ?? []
    }
}

public struct PresetRow: Codable, Hashable, Sendable {
    public var classID: String
    public var presetID: String
    public var workflowID: String
    public var parameterOverrides: [String: Double]

    public init(classID: String, presetID: String, workflowID: String, parameterOverrides: [String: Double] = [:]) {
        self.classID = classID
        self.presetID = presetID
        self.workflowID = workflowID
        self.parameterOverrides = parameterOverrides
    }

    enum CodingKeys: String, CodingKey {
        case classID = "class_id"
        case presetID = "preset_id"
        case workflowID = "workflow_id"
        case parameterOverrides = "parameter_overrides"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        classID = try c.decode(String.self, forKey: .classID)
        presetID = try c.decode(String.self, forKey: .presetID)
        workflowID = try c.decode(String.self, forKey: .workflowID)
        parameterOverrides = try Self.numbers(c.decodeIfPresent(JSONValue.self, forKey: .parameterOverrides), in: c)
    }

    /// The overrides read through `JSONValue`: the standard library's own `[String: Double]` decoding casts its keys
    /// to `any CodingKey`, and that cast's first use costs a short `gaffer qc` a scan of every conformance.
    static func numbers(_ value: JSONValue?, in container: KeyedDecodingContainer<CodingKeys>) throws -> [String: Double] {
        guard let value, value != .null else { return [:] }
        var numbers: [String: Double] = [:]
        guard case .object(let members) = value else {
            throw DecodingError.typeMismatch(
                [String: Double].self,
                .init(codingPath: container.codingPath + [CodingKeys.parameterOverrides], debugDescription: "expected an object of numbers"))
        }
        for (name, member) in members {
            guard case .number(let number) = member else {
                throw DecodingError.typeMismatch(
                    Double.self,
                    .init(codingPath: container.codingPath + [CodingKeys.parameterOverrides], debugDescription: "\(name) is not a number"))
            }
            numbers[name] = number
        }
        return numbers
    }
}

/// An advisor's proposals are recorded but never taken.
public struct AdvisoryMode: Codable, Hashable, Sendable {
    public var enabled: Bool
    public var allowedActions: [Action]
    public init(enabled: Bool = false, allowedActions: [Action] = []) {
        self.enabled = enabled
        self.allowedActions = allowedActions
    }
    enum CodingKeys: String, CodingKey {
        case enabled
        case allowedActions = "allowed_actions"
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? false
        allowedActions = try c.decodeIfPresent([Action].self, forKey: .allowedActions) ?? []
    }
}

/// An advisor's allowed proposals replace the deterministic action, under the operator's flag.
public struct AuthorityTrial: Codable, Hashable, Sendable {
    public var enabled: Bool
    public var allowedActions: [Action]
    public var rollbackAction: Action
    public init(enabled: Bool = false, allowedActions: [Action] = [], rollbackAction: Action = .escalateUser) {
        self.enabled = enabled
        self.allowedActions = allowedActions
        self.rollbackAction = rollbackAction
    }
    enum CodingKeys: String, CodingKey {
        case enabled
        case allowedActions = "allowed_actions"
        case rollbackAction = "rollback_action"
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? false
        allowedActions = try c.decodeIfPresent([Action].self, forKey: .allowedActions) ?? []
        rollbackAction = try c.decodeIfPresent(Action.self, forKey: .rollbackAction) ?? .escalateUser
    }
}
