import GafferContracts

/// One run of one stage of one job.
public struct AttemptRecord: Hashable, Sendable {
    public enum Status: String, Codable, CaseIterable, Sendable {
        case running
        /// The engine and QC ran; `decisionAction` says what followed.
        case decided
        /// Gaffer stopped (SIGTERM, crash, a lost lease) while the engine ran; does not count against the budget.
        case interrupted
        /// The engine said it was busy (SPEC §5.1): retried after back-off; does not count against the budget.
        case snoozed
    }

    public var jobID: String
    public var attemptID: String
    public var number: Int
    public var stage: StageName
    public var status: Status
    public var sourceAttemptID: String?
    public var startedAt: String
    public var endedAt: String?
    public var pid: Int32?
    public var processGroup: Int32?
    public var host: String?
    /// The worker holding the attempt's lease, the lease's fencing token and expiry (SPEC §9).
    public var workerID: String?
    public var fence: Int64
    public var leaseExpiresAt: String?
    public var engine: EngineOutcome?
    public var wallSeconds: Double?
    public var peakRSSBytes: Int64?
    public var decisionAction: Action?
    public var decisionReason: String?
    public var escalationReason: EscalationReason?
    public var score: Double?
    public var workflowProfile: String?
    public var poseRetry: Bool
    /// Each gate's verdict on this attempt (gate id → status), for metrics and the review page.
    public var gateResults: [String: GateStatus]
    /// Set when the decision asked an advisor (SPEC §5.4).
    public var advisor: AdvisorUse?

    /// Whether it counts against the retry budget: only attempts that ran and were decided do.
    public var counts: Bool { status == .decided }

    public typealias EngineOutcome = UserActionRequired.EngineFacts

    public init(
        jobID: String, attemptID: String, number: Int, stage: StageName, status: Status = .running,
        sourceAttemptID: String? = nil, startedAt: String, endedAt: String? = nil, pid: Int32? = nil,
        processGroup: Int32? = nil, host: String? = nil, workerID: String? = nil, fence: Int64 = 0,
        leaseExpiresAt: String? = nil, engine: EngineOutcome? = nil, wallSeconds: Double? = nil,
        peakRSSBytes: Int64? = nil, decisionAction: Action? = nil, decisionReason: String? = nil,
        escalationReason: EscalationReason? = nil, score: Double? = nil, workflowProfile: String? = nil,
        poseRetry: Bool = false, gateResults: [String: GateStatus] = [:], advisor: AdvisorUse? = nil
    ) {
        self.jobID = jobID
        self.attemptID = attemptID
        self.number = number
        self.stage = stage
        self.status = status
        self.sourceAttemptID = sourceAttemptID
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.pid = pid
        self.processGroup = processGroup
        self.host = host
        self.workerID = workerID
        self.fence = fence
        self.leaseExpiresAt = leaseExpiresAt
        self.engine = engine
        self.wallSeconds = wallSeconds
        self.peakRSSBytes = peakRSSBytes
        self.decisionAction = decisionAction
        self.decisionReason = decisionReason
        self.escalationReason = escalationReason
        self.score = score
        self.workflowProfile = workflowProfile
        self.poseRetry = poseRetry
        self.gateResults = gateResults
        self.advisor = advisor
    }

    /// The attempt as an `attempt_lineage.v1` entry (the supervisor's history).
    public func lineageEntry(artifacts: [String: String] = [:]) -> AttemptLineage.Entry {
        AttemptLineage.Entry(
            attemptID: attemptID, stage: stage, sourceAttemptID: sourceAttemptID, startedAt: startedAt,
            outcome: status.rawValue, decisionAction: decisionAction, decisionReason: decisionReason, score: score,
            workflowProfile: workflowProfile, poseRetry: poseRetry, resolution: nil, artifacts: artifacts)
    }
}
