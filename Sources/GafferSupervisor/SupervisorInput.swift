import GafferContracts

/// Everything the supervisor weighs for one attempt. Time, ids and history come in as values.
public struct SupervisorInput: Sendable {
    public var jobID: String
    public var attemptID: String
    /// The stage this attempt ran.
    public var stage: StageName?
    /// The timestamp written into an escalation.
    public var now: String
    public var policy: QCPolicy
    /// Nil when no report could be produced (fail closed).
    public var report: QCReport?
    /// Nil when the engine was not observed (e.g. `gaffer decide` on a recorded report).
    public var engine: EngineOutcome?
    public var pose: PoseObservation?
    /// Earlier attempts of the job, oldest first, the current one excluded.
    public var history: [AttemptLineage.Entry]
    /// Attempts of this stage so far, the current one included.
    public var stageAttempts: Int
    /// Attempts of the job across all runs, the current one included.
    public var jobAttempts: Int
    public var maxRetries: Int
    /// A cap on all attempts of a job; nil means none.
    public var maxJobAttempts: Int?
    public var registry: WorkflowRegistry?
    /// The workflow the attempt ran, so a policy switch never "switches" to it.
    public var currentWorkflow: String?
    public var advice: AdvisorAdvice?
    /// The operator's consent to an authority trial (the policy alone is not enough).
    public var authorityTrialConsent: Bool
    /// Paths (relative to the sandbox) an operator should look at when escalated.
    public var outputs: [String]
    public var thumbnails: [String]
    /// The engine log's last lines, shown when the engine failed.
    public var logTail: [String]
    /// Whether this attempt's output passed its integrity check (nil: not known, e.g. `gaffer decide`).
    public var outputSound: Bool?

    public init(
        jobID: String, attemptID: String, stage: StageName?, now: String, policy: QCPolicy, report: QCReport?,
        engine: EngineOutcome? = nil, pose: PoseObservation? = nil, history: [AttemptLineage.Entry] = [],
        stageAttempts: Int = 1, jobAttempts: Int? = nil, maxRetries: Int? = nil, maxJobAttempts: Int? = nil,
        registry: WorkflowRegistry? = nil, currentWorkflow: String? = nil, advice: AdvisorAdvice? = nil,
        authorityTrialConsent: Bool = false, outputs: [String] = [], thumbnails: [String] = [],
        logTail: [String] = [], outputSound: Bool? = nil
    ) {
        self.logTail = logTail
        self.outputSound = outputSound
        self.jobID = jobID
        self.attemptID = attemptID
        self.stage = stage
        self.now = now
        self.policy = policy
        self.report = report
        self.engine = engine
        self.pose = pose
        self.history = history
        self.stageAttempts = stageAttempts
        self.jobAttempts = jobAttempts ?? stageAttempts
        self.maxRetries = maxRetries ?? policy.maxRetriesDefault
        self.maxJobAttempts = maxJobAttempts
        self.registry = registry
        self.currentWorkflow = currentWorkflow
        self.advice = advice
        self.authorityTrialConsent = authorityTrialConsent
        self.outputs = outputs
        self.thumbnails = thumbnails
    }

    /// Earlier attempts of the same stage.
    var stageHistory: [AttemptLineage.Entry] {
        guard let stage else { return [] }
        return history.filter { $0.stage == stage }
    }

    var budget: ProductionDecision.Budget {
        ProductionDecision.Budget(stageAttempts: stageAttempts, maxRetries: maxRetries, jobAttempts: jobAttempts)
    }

    /// Whether one more attempt of this stage (and of the job) is allowed.
    var budgetAllowsRetry: Bool {
        stageAttempts < maxRetries + 1 && (maxJobAttempts.map { jobAttempts < $0 } ?? true)
    }
}
