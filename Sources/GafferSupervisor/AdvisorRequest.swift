import GafferContracts

/// What an advisor is told about an attempt (SPEC §5.4): the QC report, the metrics, the attempt history, the
/// deterministic decision and why, the actions it may propose and the registry workflows it may switch to. The
/// chat-completions advisor sends it as the user message; a command advisor reads it on stdin. Pure: built from
/// the supervisor's own input.
public struct AdvisorRequest: Encodable, Hashable, Sendable {
    public static let version = "advisor_request.v1"

    /// Whether a proposal can change the decision (authority trial) or is only recorded (advisory).
    public enum Mode: String, Encodable, Sendable {
        case advisory
        case authorityTrial = "authority_trial"
    }

    public struct Profile: Encodable, Hashable, Sendable {
        public var workflowID: String
        public var engine: String
        public var tags: [String]
        public var capabilities: [String: JSONValue]?

        enum CodingKeys: String, CodingKey {
            case engine, tags, capabilities
            case workflowID = "workflow_id"
        }
    }

    public struct Budget: Encodable, Hashable, Sendable {
        public var stageAttempts: Int
        public var maxRetries: Int
        public var jobAttempts: Int
        public var maxJobAttempts: Int?
        /// Whether one more attempt is allowed: a retry proposed without budget is rolled back.
        public var retryAllowed: Bool

        enum CodingKeys: String, CodingKey {
            case stageAttempts = "stage_attempts"
            case maxRetries = "max_retries"
            case jobAttempts = "job_attempts"
            case maxJobAttempts = "max_job_attempts"
            case retryAllowed = "retry_allowed"
        }
    }

    public var version = AdvisorRequest.version
    /// The prompt template the request is sent with (`prompts/advisor.v1.md`); nil for a command advisor.
    public var promptVersion: String?
    public var mode: Mode
    public var jobID: String
    public var attemptID: String
    public var stage: StageName?
    public var policyID: String
    public var qcReport: QCReport?
    public var metrics: ProductionMetrics?
    public var history: [AttemptLineage.Entry]
    /// The supervisor's own decision, and its reasoning, before any advice.
    public var deterministic: ProductionDecision.Decision
    public var allowedActions: [Action]
    public var allowedProfiles: [Profile]
    public var currentWorkflow: String?
    public var budget: Budget

    enum CodingKeys: String, CodingKey {
        case version, mode, stage, metrics, history, deterministic, budget
        case promptVersion = "prompt_version"
        case jobID = "job_id"
        case attemptID = "attempt_id"
        case policyID = "policy_id"
        case qcReport = "qc_report"
        case allowedActions = "allowed_actions"
        case allowedProfiles = "allowed_profiles"
        case currentWorkflow = "current_workflow"
    }

    /// The request for this attempt, or nil when no advisor is to be asked: the deterministic action is PROCEED,
    /// the engine failed before QC (nothing to judge), there is no report, or the policy enables neither advisory
    /// mode nor (with the operator's consent) an authority trial. `always` (`gaffer advise`, trying an advisor out)
    /// asks after a PROCEED too, and in advisory mode when the policy enables neither.
    public static func make(
        for input: SupervisorInput, deterministic: SupervisorOutcome, metrics: ProductionMetrics? = nil,
        promptVersion: String?, always: Bool = false
    ) -> AdvisorRequest? {
        let decision = deterministic.decision.decision
        guard always || decision.action != .proceed, input.engine?.failure == nil,
              let report = input.report, !report.gates.isEmpty,
              let mode = mode(for: input) ?? (always ? .advisory : nil) else { return nil }
        let policy = input.policy
        var allowed = mode == .authorityTrial ? policy.authorityTrial.allowedActions : policy.advisoryMode.allowedActions
        if allowed.isEmpty && always { allowed = Action.allCases }
        var plain = decision
        plain.advisor = nil
        return AdvisorRequest(
            promptVersion: promptVersion, mode: mode, jobID: input.jobID, attemptID: input.attemptID, stage: input.stage,
            policyID: policy.policyID, qcReport: report, metrics: metrics, history: input.history, deterministic: plain,
            allowedActions: Action.allCases.filter(allowed.contains), allowedProfiles: allowedProfiles(input),
            currentWorkflow: input.currentWorkflow,
            budget: Budget(
                stageAttempts: input.stageAttempts, maxRetries: input.maxRetries, jobAttempts: input.jobAttempts,
                maxJobAttempts: input.maxJobAttempts, retryAllowed: input.budgetAllowsRetry))
    }

    static func mode(for input: SupervisorInput) -> Mode? {
        if input.policy.authorityTrial.enabled && input.authorityTrialConsent { return .authorityTrial }
        if input.policy.advisoryMode.enabled { return .advisory }
        return nil
    }

    /// The registry's workflows, but the one the attempt ran: what a SWITCH_POLICY may name.
    static func allowedProfiles(_ input: SupervisorInput) -> [Profile] {
        (input.registry?.workflows ?? []).filter { $0.workflowID != input.currentWorkflow }.map {
            Profile(workflowID: $0.workflowID, engine: $0.engine, tags: $0.tags, capabilities: $0.capabilities)
        }
    }
}
