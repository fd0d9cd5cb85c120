import ArgumentParser
import GafferContracts
import GafferLoop
import GafferSupervisor

/// `gaffer decide`: the supervisor's decision on a recorded QC report.
struct DecideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Decide what follows a QC report: proceed, retry, switch policy, escalate or abort.",
        discussion: """
            Writes a production_decision.v1, and a user_action_required.v1 when it escalates.
            Exit 0 PROCEED, 3 RETRY_STAGE/SWITCH_POLICY/ESCALATE_USER, 4 ABORT, 2 invalid input (nothing written).
            """)

    @Option(help: "The qc_report.v1 file.") var report: String
    @Option(help: "A production_metrics.v1 file (pose coverage is audited).") var metrics: String?
    @Option(help: "The qc_policy.v1 the report was made with (default: the report's inputs.policy).") var policy: String?
    @Option(help: "An attempt_lineage.v1 file: earlier attempts, for the budget and the best attempt.") var history: String?
    @Option(help: "A workflow_registry.v1 file: targets for SWITCH_POLICY.") var registry: String?
    @Option(name: .customLong("job-id"), help: "Default: the report's job_id.") var jobID: String?
    @Option(name: .customLong("attempt-id"), help: "Default: the report's attempt_id.") var attemptID: String?
    @Option(help: "The stage the attempt ran (default: the report's stage).") var stage: String?
    @Option(name: .customLong("stage-attempts"), help: "Attempts of this stage so far, this one included.") var stageAttempts: Int?
    @Option(name: .customLong("max-retries"), help: "Retries allowed per stage (default: the policy's max_retries_default).") var maxRetries: Int?
    @Option(name: .customLong("max-frames"), help: "The attempt's effective max_frames, halved on a pose retry (default 48).") var maxFrames: Int?
    @Option(help: "Write the decision here (atomically) instead of stdout.") var out: String?
    @Option(name: .customLong("escalation-out"), help: "Write the user_action_required.v1 here when escalating.") var escalationOut: String?

    func validate() throws {
        if let stageAttempts, stageAttempts < 1 { throw ValidationError("--stage-attempts counts this attempt too: give 1 or more") }
        if let maxRetries, maxRetries < 0 { throw ValidationError("--max-retries must be 0 or more") }
        if let maxFrames, !(1...256).contains(maxFrames) { throw ValidationError("--max-frames must be in 1...256") }
        if let jobID, jobID.wholeMatch(of: try! Regex(Job.idPattern)) == nil {
            throw ValidationError("--job-id \(jobID): a job id matches \(Job.idPattern)")
        }
        try OutputPath.validate(out, option: "--out")
        try OutputPath.validate(escalationOut, option: "--escalation-out")
    }

    func run() async throws {
        let qcReport = try InputFiles.load(QCReport.self, kind: .qcReport, report)
        guard let policyPath = policy ?? qcReport.inputs.policy else {
            throw CommandFailure.invalid("\(report): the report names no policy (inputs.policy); pass --policy")
        }
        let qcPolicy = try InputFiles.policy(policyPath)
        let metricsDocument = try metrics.map(InputFiles.metrics)
        let lineage = try history.map { path throws(ContractError) in try InputFiles.load(AttemptLineage.self, kind: .attemptLineage, path) }
        let workflows = try registry.map { path throws(ContractError) in try InputFiles.load(WorkflowRegistry.self, kind: .workflowRegistry, path) }
        let stageName = stage.map(StageName.init(rawValue:)) ?? qcReport.stage
        let earlier = lineage?.attempts.filter { $0.attemptID != (attemptID ?? qcReport.attemptID) } ?? []
        let input = SupervisorInput(
            jobID: jobID ?? qcReport.jobID, attemptID: attemptID ?? qcReport.attemptID, stage: stageName,
            now: Timestamp.now(), policy: qcPolicy, report: qcReport,
            pose: metricsDocument?.productionMetrics?.poseObservation(maxFrames: maxFrames), history: earlier,
            stageAttempts: stageAttempts ?? (earlier.filter { $0.stage == stageName }.count + 1),
            jobAttempts: earlier.count + 1, maxRetries: maxRetries, registry: workflows)
        let outcome = Supervisor.decide(input)

        let decisionData = try OutputFiles.encode(outcome.decision, as: .productionDecision)
        let escalationData = try outcome.escalation.map { try OutputFiles.encode($0, as: .userActionRequired) }
        try OutputFiles.emit(decisionData, to: out)
        if let escalationData {
            if let escalationOut { try OutputFiles.emit(escalationData, to: escalationOut) }
            else { Console.error("escalation \(outcome.escalation!.escalationID) (\(outcome.escalation!.reason.rawValue)); pass --escalation-out to keep it") }
        }
        switch outcome.action {
        case .proceed: return
        case .abort: throw CommandFailure(status: .aborted, message: "ABORT: \(outcome.decision.decision.reasoning)")
        case .retryStage, .switchPolicy, .escalateUser:
            throw CommandFailure(status: .needsPerson, message: "\(outcome.action.rawValue): \(outcome.decision.decision.reasoning)")
        }
    }
}
