import ArgumentParser
import GafferContracts
import GafferLoop
import GafferQC

/// `gaffer qc`: evaluate a policy's gates on a metrics file and print (or write) the `qc_report.v1`.
struct QCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qc",
        abstract: "Run a policy's QC gates on a metrics file.",
        discussion: """
            Metrics: a production_metrics.v1 file (quality_metrics) or the original system's \
            recast_quality_report.v1 ({"metrics": {"<name>": {"score": n}}}).
            Exit 0 when every blocking gate passes, 3 when not, 2 on invalid input (nothing is written).
            """)

    @Option(help: "The qc_policy.v1 file.") var policy: String
    @Option(help: "The metrics file.") var metrics: String
    @Option(help: "A job file; its quality_target.thresholds replace the policy's, and it names the job.") var job: String?
    @Option(help: "Evaluate only the gates whose target_stage is this stage.") var stage: String?
    @Option(name: .customLong("job-id"), help: "The job id written into the report (default: from --job or the metrics).") var jobID: String?
    @Option(name: .customLong("attempt-id"), help: "The attempt id written into the report (default: from the metrics, else run-0001).") var attemptID: String?
    @Option(help: "Write the report here (atomically) instead of stdout.") var out: String?

    func validate() throws {
        try OutputPath.validate(out, option: "--out")
        if let stage, stage.wholeMatch(of: try! Regex(StageName.pattern)) == nil {
            throw ValidationError("--stage \(stage): a stage name matches \(StageName.pattern)")
        }
    }

    func run() async throws {
        let policyDocument = try InputFiles.policy(policy)
        let metricsDocument = try InputFiles.metrics(metrics)
        let jobDocument = try job.map(InputFiles.job)
        let report = QCEvaluator.evaluate(
            policy: policyDocument, metrics: metricsDocument.qualityMetrics,
            jobThresholds: jobDocument?.qualityThresholds ?? [:], stage: stage.map(StageName.init(rawValue:)),
            context: ReportContext(
                jobID: jobID ?? jobDocument?.jobID ?? metricsDocument.productionMetrics?.jobID ?? "unknown",
                attemptID: attemptID ?? metricsDocument.productionMetrics?.attemptID ?? AttemptID.make(1),
                generatedAt: Timestamp.now(), inputs: QCReport.Inputs(policy: policy, metrics: metrics)))
        try OutputFiles.emit(try OutputFiles.encode(report, as: .qcReport), to: out)
        if !report.overall.pass {
            throw CommandFailure(
                status: .needsPerson,
                message: "QC failed: \(report.overall.failedGateIDs.joined(separator: ", ")) → \(report.overall.recommendedAction.rawValue)")
        }
    }
}
