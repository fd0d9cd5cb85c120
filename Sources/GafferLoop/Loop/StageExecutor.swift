import Foundation
import Logging
import GafferContracts
import GafferEngines
import GafferQC
import GafferStore
import GafferSupervisor

/// Runs one attempt of one stage and records what follows: engine → outputs → analysis → QC → decision.
///
/// Each durable fact is in the store before the next step, so a kill at any instant loses nothing:
/// the attempt is recorded running (with its process group) before the engine starts, and the decision,
/// the job's next state and any escalation are committed in one transaction.
struct StageExecutor: Sendable {
    let configuration: LoopConfiguration
    let store: any JobStore
    let views: ViewWriter

    enum Result: Sendable {
        case decided(Action)
        case interrupted
    }

    func run(jobRecord: JobRecord, job: Job, workflow: Workflow, policy: QCPolicy) async throws -> Result {
        let layout = configuration.layout
        guard let stageName = jobRecord.stage ?? workflow.stages.first?.name, let stage = workflow.stage(named: stageName) else {
            throw LoopError.unknownStage(job: jobRecord.jobID, stage: jobRecord.stage?.rawValue ?? "?", workflow: workflow.workflowID)
        }
        let earlier = try await store.attempts(jobID: jobRecord.jobID)
        let attempt = try await store.beginAttempt(
            jobID: jobRecord.jobID, stage: stageName, sourceAttemptID: earlier.last?.attemptID, at: Timestamp.now(),
            runID: configuration.runID)
        try await views.refresh(jobRecord.jobID)
        configuration.logger(job: attempt.jobID, stage: stageName, attempt: attempt.attemptID)
            .info("attempt started", metadata: ["workflow": .string(workflow.workflowID)])
        configuration.progress?(AttemptProgress(jobID: attempt.jobID, stage: stageName.rawValue, attemptID: attempt.attemptID, phase: .started))

        let decisionPath = jobRecord.pendingDecision.map(layout.path)
        let decision = try decisionPath.flatMap { path -> ProductionDecision? in
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            return try ContractDecoder.load(ProductionDecision.self, kind: .productionDecision, from: data, source: path)
        }
        let plan = AttemptPlan.make(
            attempt: attempt, stage: stage, job: job, jobFile: layout.path(jobRecord.sourcePath),
            input: inputPath(for: stage, in: workflow, jobID: jobRecord.jobID), decisionPath: decisionPath,
            decision: decision, operatorOverrides: jobRecord.pendingOverrides, layout: layout)
        try FileManager.default.createDirectory(atPath: plan.folder, withIntermediateDirectories: true)
        try AtomicFile.write(JSONValue.object(plan.params).serialized(), to: plan.paramsPath)

        let run = try await runProcess(plan.template.fill(stage.command), plan: plan, workflow: workflow, timeout: stage.timeoutSeconds, stall: stage.stallSeconds)
        if run.interrupted { return try await interrupt(attempt, jobRecord) }

        var outcome = run.outcome
        if outcome.failure == nil && !FileManager.default.fileExists(atPath: plan.outputPath) {
            outcome.missingOutputs = [layout.relative(plan.outputPath)]
        }
        var metrics: MetricsDocument?
        if outcome.failure == nil {
            switch try await analyze(plan, workflow: workflow) {
            case .interrupted: return try await interrupt(attempt, jobRecord)
            case .measured(let document, let corruption):
                metrics = document
                if let corruption { outcome.corruption = corruption }
            case .failed(let why):
                outcome.corruption = why
            }
        }
        let productionMetrics = try writeMetrics(plan, run: run, outcome: outcome, analysis: metrics)
        return try await decide(
            plan, jobRecord: jobRecord, workflow: workflow, policy: policy, job: job, outcome: outcome,
            metrics: metrics, productionMetrics: productionMetrics, history: earlier)
    }

    /// The accepted output of the stage this one reads (SPEC §6.4: a retry reuses earlier stages' outputs).
    func inputPath(for stage: Workflow.Stage, in workflow: Workflow, jobID: String) -> String? {
        guard let index = workflow.stages.firstIndex(of: stage), index > 0 else { return nil }
        let source = stage.inputFrom.flatMap(workflow.stage(named:)) ?? workflow.stages[index - 1]
        return Acceptance.acceptedOutput(jobID: jobID, stage: source, layout: configuration.layout)
    }

    func runProcess(_ argv: [String], plan: AttemptPlan, workflow: Workflow, timeout: Double, stall: Double?, log: String? = nil) async throws -> EngineRun {
        var environment: [String: String] = [:]
        let parent = ProcessInfo.processInfo.environment
        for name in workflow.engineEnv { environment[name] = parent[name] }
        environment.merge(plan.stage.env) { _, new in new }
        environment.merge(plan.template.environment) { _, new in new }
        if environment["PATH"] == nil { environment["PATH"] = EngineCommand.minimalEnvironment["PATH"] }
        var resolved = argv
        if resolved.first == "gaffer" { resolved[0] = configuration.gafferExecutable }
        let command = EngineCommand(
            argv: resolved, environment: environment, workingDirectory: plan.folder, logPath: log ?? plan.logPath,
            logCapBytes: plan.stage.logCapBytes, timeout: .milliseconds(Int64(timeout * 1000)),
            stallTimeout: stall.map { .milliseconds(Int64($0 * 1000)) },
            progressFile: plan.stage.progressFile.map(plan.template.fill).map { $0.hasPrefix("/") ? $0 : plan.folder + "/" + $0 },
            gracePeriod: .milliseconds(Int64(plan.stage.graceSeconds * 1000)))
        let store = self.store
        let host = configuration.host
        let attempt = plan.attempt
        do {
            return try await EngineRunner.run(command) { pid, group in
                try? await store.recordProcess(jobID: attempt.jobID, attemptID: attempt.attemptID, pid: pid, processGroup: group, host: host)
            }
        } catch {
            // A command that cannot start is the engine's failure (exit 127, as a shell would say), not Gaffer's.
            try? Data("gaffer: cannot start engine: \(error)\n".utf8).write(to: URL(fileURLWithPath: log ?? plan.logPath))
            return EngineRun(
                pid: 0, processGroup: 0, exitCode: 127, signal: nil, timedOut: false, stalled: false, interrupted: false,
                wallSeconds: 0, peakRSSBytes: 0, logBytes: 0, logTruncated: false)
        }
    }

    enum AnalysisResult {
        case measured(MetricsDocument?, corruption: String?)
        case failed(String)
        case interrupted
    }

    /// Runs the stage's analyzer (the built-in one is `gaffer engine analyze`) under the same supervision.
    func analyze(_ plan: AttemptPlan, workflow: Workflow) async throws -> AnalysisResult {
        let argv: [String]
        switch plan.stage.analyze {
        case .none: return .measured(nil, corruption: nil)
        case .builtin:
            argv = [
                "gaffer", "engine", "analyze", "--video", "{output}", "--out", "{metrics}", "--job-id", "{job_id}",
                "--attempt-id", "{attempt_id}", "--stage", "{stage}", "--thumbnails", "{attempt_dir}",
            ]
        case .command(let template): argv = template
        }
        let run = try await runProcess(
            plan.template.fill(argv), plan: plan, workflow: workflow, timeout: max(60, plan.stage.timeoutSeconds), stall: nil,
            log: plan.folder + "/analyze.log")
        if run.interrupted { return .interrupted }
        if let failure = run.outcome.failure { return .failed("the analyzer failed: \(failure)") }
        guard let data = FileManager.default.contents(atPath: plan.metricsPath) else {
            return .failed("the analyzer wrote no metrics to \(configuration.layout.relative(plan.metricsPath))")
        }
        do {
            let document = try MetricsDocument.load(data, source: configuration.layout.relative(plan.metricsPath))
            return .measured(document, corruption: Self.corruption(in: document))
        } catch {
            return .failed("the analyzer's metrics break their contract: \(error.description)")
        }
    }

    /// The integrity verdict of an analysis: `integrity` 0 means the output does not decode as declared.
    static func corruption(in document: MetricsDocument) -> String? {
        guard document.qualityMetrics["integrity"] == .number(0) || document.qualityMetrics["integrity"] == .bool(false) else { return nil }
        let flags = document.productionMetrics?.engineMetrics?.failureFlags ?? []
        return flags.first(where: { $0.hasPrefix("corrupt") }) ?? flags.first ?? "the output failed its integrity check"
    }

    /// `production_metrics.v1` for the attempt: the analyzer's scores, and the engine facts Gaffer measured itself.
    func writeMetrics(_ plan: AttemptPlan, run: EngineRun, outcome: EngineOutcome, analysis: MetricsDocument?) throws -> ProductionMetrics {
        var metrics = analysis?.productionMetrics ?? ProductionMetrics(
            jobID: plan.attempt.jobID, attemptID: plan.attempt.attemptID, ts: Timestamp.now())
        metrics.jobID = plan.attempt.jobID
        metrics.attemptID = plan.attempt.attemptID
        metrics.stage = plan.stage.name
        metrics.qualityMetrics = analysis?.qualityMetrics.mapValues { value in
            if case .number(let number) = value, !number.isFinite { return JSONValue.null }
            return value
        }
        var engine = metrics.engineMetrics ?? ProductionMetrics.EngineMetrics()
        engine.engineID = plan.stage.command.first.map { ($0 as NSString).lastPathComponent }
        engine.executionTimeSeconds = run.wallSeconds
        engine.memoryPeakMB = Double(run.peakRSSBytes) / 1_048_576
        engine.exitCode = run.exitCode.map(Int.init)
        engine.signal = run.signal.map(Int.init)
        engine.timedOut = run.timedOut
        engine.stalled = run.stalled
        var flags = engine.failureFlags ?? []
        if let failure = outcome.failure { flags.append("\(failure)") }
        if run.logTruncated { flags.append("log_capped") }
        engine.failureFlags = Array(Set(flags)).sorted()
        metrics.engineMetrics = engine
        try AtomicFile.write(ContractEncoder.encode(metrics, as: .productionMetrics), to: plan.metricsPath)
        return metrics
    }

    /// Records an attempt stopped by shutdown. It runs detached: the caller's task is cancelled, and the store
    /// (rightly) refuses work from cancelled tasks — but this fact must be recorded before Gaffer exits.
    func interrupt(_ attempt: AttemptRecord, _ jobRecord: JobRecord) async throws -> Result {
        configuration.logger(job: attempt.jobID, stage: attempt.stage, attempt: attempt.attemptID)
            .notice("attempt interrupted: Gaffer is stopping; it will run again and does not count against the budget")
        configuration.progress?(AttemptProgress(jobID: attempt.jobID, stage: attempt.stage.rawValue, attemptID: attempt.attemptID, phase: .ended("interrupted")))
        let (store, views, runID) = (self.store, self.views, configuration.runID)
        try await Task.detached {
            try await Self.recordInterrupted(
                attempt, store: store, views: views, runID: runID,
                details: ["note": "Gaffer was stopping; the attempt does not count against the budget"])
        }.value
        return .interrupted
    }

    /// Marks an attempt interrupted (it will not count against the budget) and explains it in the job's events.
    static func recordInterrupted(
        _ attempt: AttemptRecord, store: any JobStore, views: ViewWriter, runID: String, details: [String: JSONValue]
    ) async throws {
        var ended = attempt
        ended.status = .interrupted
        ended.endedAt = Timestamp.now()
        guard var job = try await store.job(attempt.jobID) else { return }
        job.updatedAt = ended.endedAt!
        try await store.finishAttempt(ended, job: job, event: EventRecord(
            jobID: job.jobID, ts: ended.endedAt!, runID: runID, event: "ATTEMPT_INTERRUPTED",
            fromState: job.state, toState: job.state, stage: attempt.stage, attemptID: attempt.attemptID,
            details: details), escalation: nil)
        try await views.refresh(job.jobID)
    }
}

/// Faults of the loop itself that an operator must fix (a workflow that lost a stage, …).
public enum LoopError: Error, Sendable, CustomStringConvertible {
    case unknownStage(job: String, stage: String, workflow: String)
    case busy(String)

    public var description: String {
        switch self {
        case .unknownStage(let job, let stage, let workflow): "job \(job): stage \(stage) is not in workflow \(workflow)"
        case .busy(let what): what
        }
    }
}
