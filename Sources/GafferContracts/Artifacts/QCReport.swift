/// A `qc_report.v1` document: every gate's verdict on one stage attempt (SPEC §3.3).
public struct QCReport: Codable, Hashable, Sendable {
    public static let version = "qc_report.v1"

    public var version: String = QCReport.version
    public var jobID: String
    public var attemptID: String
    public var stage: StageName?
    public var generatedAt: String
    public var inputs: Inputs
    public var gates: [GateResult]
    public var overall: Overall

    public init(
        jobID: String, attemptID: String, stage: StageName?, generatedAt: String, inputs: Inputs,
        gates: [GateResult], overall: Overall
    ) {
        self.jobID = jobID
        self.attemptID = attemptID
        self.stage = stage
        self.generatedAt = generatedAt
        self.inputs = inputs
        self.gates = gates
        self.overall = overall
    }

    enum CodingKeys: String, CodingKey {
        case version, stage, inputs, gates, overall
        case jobID = "job_id"
        case attemptID = "attempt_id"
        case generatedAt = "generated_at"
    }

    /// The original runner's reports name no attempt (SPEC §3.3): read as `run-0001`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(String.self, forKey: .version)
        jobID = try c.decode(String.self, forKey: .jobID)
        attemptID = try c.decodeIfPresent(String.self, forKey: .attemptID) ?? "run-0001"
        stage = try c.decodeIfPresent(StageName.self, forKey: .stage)
        generatedAt = try c.decode(String.self, forKey: .generatedAt)
        inputs = try c.decode(Inputs.self, forKey: .inputs)
        gates = try c.decode([GateResult].self, forKey: .gates)
        overall = try c.decode(Overall.self, forKey: .overall)
    }

    /// Where the evaluated policy and metrics came from, as the caller named them.
    public struct Inputs: Codable, Hashable, Sendable {
        public var policy: String?
        public var metrics: String?
        public init(policy: String? = nil, metrics: String? = nil) {
            self.policy = policy
            self.metrics = metrics
        }

        enum CodingKeys: String, CodingKey {
            case policy, metrics
            // The original runner's names (repo-relative paths, null when absent).
            case qcPolicyRelpath = "qc_policy_relpath"
            case qualityReportRelpath = "quality_report_relpath"
            case costumeReportRelpath = "costume_report_relpath"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            policy = try c.decodeIfPresent(String.self, forKey: .policy) ?? c.decodeIfPresent(String.self, forKey: .qcPolicyRelpath)
            let original = [try c.decodeIfPresent(String.self, forKey: .qualityReportRelpath),
                            try c.decodeIfPresent(String.self, forKey: .costumeReportRelpath)].compactMap { $0 }
            metrics = try c.decodeIfPresent(String.self, forKey: .metrics) ?? (original.isEmpty ? nil : original.joined(separator: ","))
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(policy, forKey: .policy)
            try c.encodeIfPresent(metrics, forKey: .metrics)
        }
    }

    public struct Overall: Codable, Hashable, Sendable {
        public var pass: Bool
        public var failedGateIDs: [String]
        public var failedFailureClasses: [String]
        public var recommendedAction: Action

        public init(pass: Bool, failedGateIDs: [String], failedFailureClasses: [String], recommendedAction: Action) {
            self.pass = pass
            self.failedGateIDs = failedGateIDs
            self.failedFailureClasses = failedFailureClasses
            self.recommendedAction = recommendedAction
        }

        enum CodingKeys: String, CodingKey {
            case pass
            case failedGateIDs = "failed_gate_ids"
            case failedFailureClasses = "failed_failure_classes"
            case recommendedAction = "recommended_action"
        }
    }

    /// The gates that failed and may route: blocking and not `PASS`, in policy order.
    public var failingBlockingGates: [GateResult] { gates.filter { $0.blocking && $0.status.isFailure } }
}

/// One gate's verdict in a report.
public struct GateResult: Codable, Hashable, Sendable {
    public var gateID: String
    public var metric: String
    public var dimension: Dimension
    public var status: GateStatus
    public var severity: Severity
    public var repairable: Bool
    /// The score read, or nil when the metric was absent or not a finite number.
    public var score: Double?
    /// The threshold actually applied (job target if given, else the policy's).
    public var threshold: Double
    public var direction: GateDirection
    public var blocking: Bool
    /// The policy gate's own `failure_action`, as written in the policy.
    public var failureAction: Action
    /// The action this gate carries into routing (after classification and the repairable rule); nil when passing.
    public var effectiveAction: Action?
    public var failureClass: String?
    public var targetStage: StageName?
    public var reason: GateReason
    /// False when the gate does not apply to the job (its `applies_when`, or the costume rule): reported `PASS`,
    /// no part in the decision. Written only when false.
    public var applies: Bool
    /// The gate failed on this output and an operator waived it (SPEC §7): reported `PASS`, with who, why and the
    /// output's digest.
    public var waived: GateWaiver?

    public init(
        gateID: String, metric: String, dimension: Dimension, status: GateStatus, severity: Severity,
        repairable: Bool, score: Double?, threshold: Double, direction: GateDirection, blocking: Bool,
        failureAction: Action, effectiveAction: Action?, failureClass: String?, targetStage: StageName?,
        reason: GateReason, applies: Bool = true
    ) {
        self.gateID = gateID
        self.metric = metric
        self.dimension = dimension
        self.status = status
        self.severity = severity
        self.repairable = repairable
        self.score = score
        self.threshold = threshold
        self.direction = direction
        self.blocking = blocking
        self.failureAction = failureAction
        self.effectiveAction = effectiveAction
        self.failureClass = failureClass
        self.targetStage = targetStage
        self.reason = reason
        self.applies = applies
    }

    enum CodingKeys: String, CodingKey {
        case metric, dimension, status, severity, repairable, score, threshold, direction, blocking, reason, applies, waived
        case gateID = "gate_id"
        case failureAction = "failure_action"
        case effectiveAction = "effective_action"
        case failureClass = "failure_class"
        case targetStage = "target_stage"
    }

    /// Every field Gaffer added is optional on read (SPEC §3.3), so the original runner's reports load:
    /// `direction` min, `blocking` true, `applies` true.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        gateID = try c.decode(String.self, forKey: .gateID)
        metric = try c.decode(String.self, forKey: .metric)
        dimension = try c.decode(Dimension.self, forKey: .dimension)
        status = try c.decode(GateStatus.self, forKey: .status)
        severity = try c.decode(Severity.self, forKey: .severity)
        repairable = try c.decode(Bool.self, forKey: .repairable)
        score = try c.decodeIfPresent(Double.self, forKey: .score)
        threshold = try c.decode(Double.self, forKey: .threshold)
        direction = try c.decodeIfPresent(GateDirection.self, forKey: .direction) ?? .min
        blocking = try c.decodeIfPresent(Bool.self, forKey: .blocking) ?? true
        failureAction = try c.decode(Action.self, forKey: .failureAction)
        effectiveAction = try c.decodeIfPresent(Action.self, forKey: .effectiveAction)
        failureClass = try c.decodeIfPresent(String.self, forKey: .failureClass)
        targetStage = try c.decodeIfPresent(StageName.self, forKey: .targetStage)
        // The original runner writes `reason` only sometimes: read from the status when it is absent.
        let inferred: GateReason = switch status {
        case .pass: .scoreMeetsThreshold
        case .softFail: .scoreBelowThreshold
        case .hardFail: .scoreCriticallyLow
        case .unknown: .metricMissing
        }
        reason = try c.decodeIfPresent(GateReason.self, forKey: .reason) ?? inferred
        applies = try c.decodeIfPresent(Bool.self, forKey: .applies) ?? true
        waived = try c.decodeIfPresent(GateWaiver.self, forKey: .waived)
    }

    // `score` and `failure_class` are always present (null when unset): the report is read by scripts.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(gateID, forKey: .gateID)
        try c.encode(metric, forKey: .metric)
        try c.encode(dimension, forKey: .dimension)
        try c.encode(status, forKey: .status)
        try c.encode(severity, forKey: .severity)
        try c.encode(repairable, forKey: .repairable)
        try c.encode(score, forKey: .score)
        try c.encode(threshold, forKey: .threshold)
        try c.encode(direction, forKey: .direction)
        try c.encode(blocking, forKey: .blocking)
        try c.encode(failureAction, forKey: .failureAction)
        try c.encodeIfPresent(effectiveAction, forKey: .effectiveAction)
        try c.encode(failureClass, forKey: .failureClass)
        try c.encodeIfPresent(targetStage, forKey: .targetStage)
        try c.encode(reason, forKey: .reason)
        if !applies { try c.encode(applies, forKey: .applies) }
        try c.encodeIfPresent(waived, forKey: .waived)
    }
}
