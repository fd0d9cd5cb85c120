import ArgumentParser
import GafferCLICore
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

    var inputs: DecisionInputs {
        DecisionInputs(
            report: report, metrics: metrics, policy: policy, history: history, registry: registry, jobID: jobID,
            attemptID: attemptID, stage: stage, stageAttempts: stageAttempts, maxRetries: maxRetries, maxFrames: maxFrames,
            authorityTrial: authorityTrial)
    }

    func validate() throws {
        if let problem = inputs.usageProblem() { throw ValidationError(problem) }
    }
}

/// `--advisor FILE`: the advisor settings (SPEC §5.4), read and turned into a client.
struct AdvisorOption: ParsableArguments {
    @Option(help: "An advisor settings file (JSON or YAML): {kind: openai, base_url, model, api_key_env, timeout_seconds} or {kind: command, argv, timeout_seconds}.")
    var advisor: String?
}
