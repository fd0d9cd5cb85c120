import GafferContracts
import GafferSupervisor

/// What `gaffer decide` and `gaffer advise` read: a recorded QC report and what the supervisor weighs beside it.
public struct DecisionInputs: Sendable {
    public var report: String
    public var metrics: String?
    public var policy: String?
    public var history: String?
    public var registry: String?
    public var jobID: String?
    public var attemptID: String?
    public var stage: String?
    public var stageAttempts: Int?
    public var maxRetries: Int?
    public var maxFrames: Int?
    public var authorityTrial: Bool

    public init(
        report: String, metrics: String? = nil, policy: String? = nil, history: String? = nil, registry: String? = nil,
        jobID: String? = nil, attemptID: String? = nil, stage: String? = nil, stageAttempts: Int? = nil,
        maxRetries: Int? = nil, maxFrames: Int? = nil, authorityTrial: Bool = false
    ) {
        self.report = report
        self.metrics = metrics
        self.policy = policy
        self.history = history
        self.registry = registry
        self.jobID = jobID
        self.attemptID = attemptID
        self.stage = stage
        self.stageAttempts = stageAttempts
        self.maxRetries = maxRetries
        self.maxFrames = maxFrames
        self.authorityTrial = authorityTrial
    }

    /// What is wrong with the arguments before any file is read (a usage error), or nil.
    public func usageProblem() -> String? {
        if let stageAttempts, stageAttempts < 1 { return "--stage-attempts counts this attempt too: give 1 or more" }
        if let maxRetries, maxRetries < 0 { return "--max-retries must be 0 or more" }
        if let maxFrames, !(1...256).contains(maxFrames) { return "--max-frames must be in 1...256" }
        if let jobID, !Job.isValidID(jobID) { return "--job-id \(jobID): a job id matches \(Job.idPattern)" }
        return nil
    }

    /// The supervisor's input (no advice yet) and the metrics, read from the files given.
    public func input() throws -> (input: SupervisorInput, metrics: ProductionMetrics?) {
        let qcReport = try InputFiles.load(QCReport.self, kind: .qcReport, report)
        guard let policyPath = policy ?? qcReport.inputs.policy else {
            throw CommandFailure.invalid("\(report): the report names no policy (inputs.policy); pass --policy")
        }
        let qcPolicy = try InputFiles.policy(policyPath)
        let metricsDocument = try metrics.map(InputFiles.metrics)
        let stageName = stage.map(StageName.init(rawValue:)) ?? qcReport.stage
        let recorded = try history.map { path throws(ContractError) in try Self.history(path, stage: stageName ?? "video") }
        let workflows = try registry.map { path throws(ContractError) in try InputFiles.load(WorkflowRegistry.self, kind: .workflowRegistry, path) }
        let earlier = recorded?.filter { $0.attemptID != (attemptID ?? qcReport.attemptID) } ?? []
        let input = SupervisorInput(
            jobID: jobID ?? qcReport.jobID, attemptID: attemptID ?? qcReport.attemptID, stage: stageName,
            now: Timestamp.now(), policy: qcPolicy, report: qcReport,
            pose: metricsDocument?.productionMetrics?.poseObservation(maxFrames: maxFrames), history: earlier,
            stageAttempts: stageAttempts ?? (earlier.filter { stageName == nil || $0.stage == stageName }.count + 1),
            jobAttempts: earlier.count + 1, maxRetries: maxRetries, registry: workflows,
            authorityTrialConsent: authorityTrial)
        return (input, metricsDocument?.productionMetrics)
    }

    /// Gaffer's `attempt_lineage.v1`, or the original's `retry_attempt_lineage.v1` (its attempts counted for `stage`).
    public static func history(_ path: String, stage: StageName) throws(ContractError) -> [AttemptLineage.Entry] {
        let data = try InputFiles.read(path)
        let value = try ContractDecoder.parse(data, source: path)
        if value["version"]?.stringValue == ArtifactKind.retryAttemptLineage.rawValue {
            try ContractDecoder.validate(value, as: .retryAttemptLineage, source: path)
            return RetryAttemptLineage.entries(of: value, stage: stage)
        }
        return try ContractDecoder.load(AttemptLineage.self, kind: .attemptLineage, from: data, source: path).attempts
    }
}
