import ArgumentParser
import GafferContracts
import GafferLoop
import GafferSupervisor

/// What `gaffer decide` and `gaffer advise` read: a recorded QC report and what the supervisor weighs beside it.
struct DecisionOptions: ParsableArguments {
    @Option(help: "The qc_report.v1 file.") var report: String
    @Option(help: "A production_metrics.v1 file (pose coverage is audited).") var metrics: String?
    @Option(help: "The qc_policy.v1 the report was made with (default: the report's inputs.policy).") var policy: String?
    @Option(help: "An attempt_lineage.v1 (or the original's retry_attempt_lineage.v1) file: earlier attempts, for the budget and the best attempt.") var history: String?
    @Option(help: "A workflow_registry.v1 file: targets for SWITCH_POLICY (and the profiles an advisor may propose).") var registry: String?
    @Option(name: .customLong("job-id"), help: "Default: the report's job_id.") var jobID: String?
    @Option(name: .customLong("attempt-id"), help: "Default: the report's attempt_id.") var attemptID: String?
    @Option(help: "The stage the attempt ran (default: the report's stage).") var stage: String?
    @Option(name: .customLong("stage-attempts"), help: "Attempts of this stage so far, this one included.") var stageAttempts: Int?
    @Option(name: .customLong("max-retries"), help: "Retries allowed per stage (default: the policy's max_retries_default).") var maxRetries: Int?
    @Option(name: .customLong("max-frames"), help: "The attempt's effective max_frames, halved on a pose retry (default 48).") var maxFrames: Int?
    @Flag(name: .customLong("authority-trial"), help: "The operator's consent to the policy's authority trial: an allowed proposal may replace the decision.")
    var authorityTrial = false

    func validate() throws {
        if let stageAttempts, stageAttempts < 1 { throw ValidationError("--stage-attempts counts this attempt too: give 1 or more") }
        if let maxRetries, maxRetries < 0 { throw ValidationError("--max-retries must be 0 or more") }
        if let maxFrames, !(1...256).contains(maxFrames) { throw ValidationError("--max-frames must be in 1...256") }
        if let jobID, jobID.wholeMatch(of: try! Regex(Job.idPattern)) == nil {
            throw ValidationError("--job-id \(jobID): a job id matches \(Job.idPattern)")
        }
    }

    /// The supervisor's input (no advice yet) and the metrics, read from the files given.
    func input() throws -> (input: SupervisorInput, metrics: ProductionMetrics?) {
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
    static func history(_ path: String, stage: StageName) throws(ContractError) -> [AttemptLineage.Entry] {
        let data = try InputFiles.read(path)
        let value = try ContractDecoder.parse(data, source: path)
        if value["version"]?.stringValue == ArtifactKind.retryAttemptLineage.rawValue {
            try ContractDecoder.validate(value, as: .retryAttemptLineage, source: path)
            return RetryAttemptLineage.entries(of: value, stage: stage)
        }
        return try ContractDecoder.load(AttemptLineage.self, kind: .attemptLineage, from: data, source: path).attempts
    }
}

/// `--advisor FILE`: the advisor settings (SPEC §5.4), read and turned into a client.
struct AdvisorOption: ParsableArguments {
    @Option(help: "An advisor settings file (JSON or YAML): {kind: openai, base_url, model, api_key_env, timeout_seconds} or {kind: command, argv, timeout_seconds}.")
    var advisor: String?
}
