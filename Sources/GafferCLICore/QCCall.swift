import GafferContracts
import GafferQC

/// `gaffer qc`'s work, apart from parsing its command line: evaluate a policy's gates on metrics and emit the
/// `qc_report.v1`. Both binaries run it — the full command line, and the `gaffer` front that answers a CI's
/// `gaffer qc` without loading the rest of Gaffer.
public struct QCCall: Sendable {
    public var policy: String
    public var metrics: [String]
    public var job: String?
    public var root: String?
    public var stage: String?
    public var jobID: String?
    public var attemptID: String?
    public var out: String?

    public init(
        policy: String, metrics: [String], job: String? = nil, root: String? = nil, stage: String? = nil,
        jobID: String? = nil, attemptID: String? = nil, out: String? = nil
    ) {
        self.policy = policy
        self.metrics = metrics
        self.job = job
        self.root = root
        self.stage = stage
        self.jobID = jobID
        self.attemptID = attemptID
        self.out = out
    }

    /// What is wrong with the arguments before any file is read (a usage error), or nil.
    public func usageProblem() -> String? {
        if metrics.isEmpty { return "give at least one --metrics file" }
        if let problem = OutputPath.problem(out, option: "--out") { return problem }
        if let stage, !StageName.isValid(stage) { return "--stage \(stage): a stage name matches \(StageName.pattern)" }
        return nil
    }

    /// Evaluates and emits the report; a failed blocking gate ends in `CommandFailure(.needsPerson)`.
    public func run() throws {
        let policyDocument = try InputFiles.policy(policy)
        let sources = try metrics.map(InputFiles.metrics)
        let metricsDocument = MetricsDocument.merged(sources)!
        let jobDocument = try job.map { path throws(ContractError) in
            let parsed = try InputFiles.job(path)
            let resolved = try JobRelpaths.resolve(parsed.raw, root: root ?? JobRelpaths.defaultRoot(forJob: path), source: path)
            return resolved == parsed.raw ? parsed : try ContractDecoder.job(from: resolved.serialized(), source: path)
        }
        let report = QCEvaluator.evaluate(
            policy: policyDocument, metrics: metricsDocument.qualityMetrics,
            jobThresholds: jobDocument?.qualityThresholds ?? [:], stage: stage.map(StageName.init(rawValue:)),
            job: jobDocument?.raw,
            context: ReportContext(
                jobID: jobID ?? jobDocument?.jobID ?? metricsDocument.productionMetrics?.jobID ?? "unknown",
                attemptID: attemptID ?? metricsDocument.productionMetrics?.attemptID ?? AttemptID.make(1),
                generatedAt: Timestamp.now(), inputs: QCReport.Inputs(policy: policy, metrics: Self.joined(metrics, separator: ","))))
        try OutputFiles.emit(try OutputFiles.encode(report, as: .qcReport), to: out)
        if !report.overall.pass {
            throw CommandFailure(
                status: .needsPerson,
                message: "QC failed: \(Self.joined(report.overall.failedGateIDs, separator: ", ")) → \(report.overall.recommendedAction.rawValue)")
        }
    }

    /// `parts.joined(separator:)` by hand: the standard library's runs unspecialised here, and its first use costs each
    /// call a conformance scan of the whole binary.
    static func joined(_ parts: [String], separator: String) -> String {
        var text = ""
        for (index, part) in parts.enumerated() {
            if index > 0 { text += separator }
            text += part
        }
        return text
    }
}
