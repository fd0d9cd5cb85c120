/// One gate of a policy: a metric, a threshold, and what a failure means.
public struct QCGate: Codable, Hashable, Sendable {
    public var gateID: String
    public var metric: String
    public var dimension: Dimension
    public var threshold: Double
    public var severity: Severity
    public var repairable: Bool
    public var failureAction: Action
    public var targetStage: StageName?
    /// Gaffer's addition; `min` (higher is better) unless stated.
    public var direction: GateDirection
    /// Gaffer's addition; a non-blocking gate is evaluated and reported but never routes ("shadow mode").
    public var blocking: Bool
    /// Gaffer's addition; when set and false for the job, the gate is `PASS` with `applies: false` (SPEC §3.1).
    public var appliesWhen: GateCondition?

    public init(
        gateID: String, metric: String, dimension: Dimension = .technical, threshold: Double,
        severity: Severity = .medium, repairable: Bool = true, failureAction: Action = .escalateUser,
        targetStage: StageName? = nil, direction: GateDirection = .min, blocking: Bool = true,
        appliesWhen: GateCondition? = nil
    ) {
        self.gateID = gateID
        self.metric = metric
        self.dimension = dimension
        self.threshold = threshold
        self.severity = severity
        self.repairable = repairable
        self.failureAction = failureAction
        self.targetStage = targetStage
        self.direction = direction
        self.blocking = blocking
        self.appliesWhen = appliesWhen
    }

    enum CodingKeys: String, CodingKey {
        case metric, dimension, threshold, severity, repairable, direction, blocking
        case gateID = "gate_id"
        case failureAction = "failure_action"
        case targetStage = "target_stage"
        case appliesWhen = "applies_when"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        gateID = try c.decode(String.self, forKey: .gateID)
        metric = try c.decode(String.self, forKey: .metric)
        dimension = try c.decodeIfPresent(Dimension.self, forKey: .dimension) ?? .technical
        threshold = try c.decode(Double.self, forKey: .threshold)
        severity = try c.decodeIfPresent(Severity.self, forKey: .severity) ?? .medium
        repairable = try c.decodeIfPresent(Bool.self, forKey: .repairable) ?? true
        failureAction = try c.decodeIfPresent(Action.self, forKey: .failureAction) ?? .escalateUser
        targetStage = try c.decodeIfPresent(StageName.self, forKey: .targetStage)
        direction = try c.decodeIfPresent(GateDirection.self, forKey: .direction) ?? .min
        blocking = try c.decodeIfPresent(Bool.self, forKey: .blocking) ?? true
        appliesWhen = try c.decodeIfPresent(GateCondition.self, forKey: .appliesWhen)
    }
}
