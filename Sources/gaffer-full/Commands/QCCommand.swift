import ArgumentParser
import GafferCLICore
import GafferContracts

/// `gaffer qc`: evaluate a policy's gates on a metrics file and print (or write) the `qc_report.v1`.
struct QCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qc",
        abstract: "Run a policy's QC gates on a metrics file.",
        discussion: """
            Metrics: one or more files, merged in order (a later file wins a name): production_metrics.v1 \
            (quality_metrics), the original system's recast_quality_report.v1 ({"metrics": {"<name>": {"score": n}}}) \
            and costume_fidelity.v1 ({"pass": bool}). A job's quality_target.relpath and continuity_pack.relpath \
            resolve against --root; its continuity pack decides whether the costume gate applies.
            Exit 0 when every blocking gate passes, 3 when not, 2 on invalid input (nothing is written).
            """)

    @Option(help: "The qc_policy.v1 file.") var policy: String
    @Option(help: "A metrics file (repeatable: sources are merged in order, a later one winning a name).") var metrics: [String]
    @Option(help: "A job file; its quality_target.thresholds replace the policy's, its continuity pack and applies_when conditions say which gates apply, and it names the job.") var job: String?
    @Option(help: "What the job's relpaths resolve against (default: the folder that holds the job file's sandbox, i.e. two levels above a jobs/ folder, else the current folder).") var root: String?
    @Option(help: "Evaluate only the gates whose target_stage is this stage.") var stage: String?
    @Option(name: .customLong("job-id"), help: "The job id written into the report (default: from --job or the metrics).") var jobID: String?
    @Option(name: .customLong("attempt-id"), help: "The attempt id written into the report (default: from the metrics, else run-0001).") var attemptID: String?
    @Option(help: "Write the report here (atomically) instead of stdout.") var out: String?

    var call: QCCall {
        QCCall(policy: policy, metrics: metrics, job: job, root: root, stage: stage, jobID: jobID, attemptID: attemptID, out: out)
    }

    func validate() throws {
        if let problem = call.usageProblem() { throw ValidationError(problem) }
    }

    func run() async throws {
        try call.run()
    }
}
