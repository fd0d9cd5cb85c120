import Foundation
import Logging
import GafferContracts
import GafferEngines
import GafferQC
import GafferStore
import GafferSupervisor

/// Runs one claimed attempt of one stage and records what follows: engine → outputs → analysis → QC → decision.
///
/// The claim (attempt numbered, job RUNNING, lease) is already in the store. Everything this writes about the
/// attempt carries the lease; the decision, the job's transition, the escalation it opens and the output it
/// accepts are committed in one transaction; the views are refreshed once, at the end.
struct AttemptRunner: Sendable {
    let configuration: LoopConfiguration
    let store: any JobStore
    let views: ViewWriter
    let launcher: any EngineLauncher
    let clock: any LoopClock
    let advisor: AdvisorCircuit?

    enum Result: Sendable, Equatable {
        case decided(Action)
        case snoozed
        case interrupted
        /// A fault was recorded on the job (ESCALATED).
        case faulted
        /// The lease was lost: nothing more was recorded.
        case leaseLost
    }

    func run(_ claim: Claim, context: JobContext) async -> Result {
        do {
            return try await attempt(claim, context: context)
        } catch StoreError.leaseLost {
            logger(claim).warning("lease lost: another claim owns the job now; this attempt's result is not recorded")
            return .leaseLost
        } catch {
            let text = (error as? JobFault)?.description ?? "\(error)"
            return await recordFault(text, claim: claim)
        }
    }

    func logger(_ claim: Claim) -> Logger {
        configuration.logger(job: claim.attempt.jobID, stage: claim.attempt.stage, attempt: claim.attempt.attemptID)
    }

    private func attempt(_ claim: Claim, context: JobContext) async throws -> Result {
        let layout = configuration.layout
        let attempt = claim.attempt
        let stage = context.stage
        logger(claim).info("attempt started", metadata: ["workflow": .string(context.workflow.workflowID)])
        configuration.progress?(AttemptProgress(jobID: attempt.jobID, stage: stage.name.rawValue, attemptID: attempt.attemptID, phase: .started))

        let accepted = try await store.acceptedOutputs(jobID: attempt.jobID)
        let folder = layout.attemptFolder(attempt.jobID, attempt.attemptID)
        let decisionPath = context.decision.map { layout.attemptFolder(attempt.jobID, $0.attemptID) + "/production_decision.v1.json" }
        let plan = AttemptPlan.make(
            attempt: attempt, stage: stage, job: context.job, jobFile: folder + "/job.json",
            input: inputPath(for: stage, in: context.workflow, accepted: accepted), decisionPath: decisionPath,
            decision: context.decision, operatorOverrides: context.record.operatorOverrides[stage.name.rawValue] ?? [:],
            layout: layout)
        do {
            try FileManager.default.createDirectory(atPath: plan.folder, withIntermediateDirectories: true)
            // Inputs of this attempt only: a crash re-runs the stage in a new folder, so no fsync is needed here.
            try AtomicFile.writeScratch(context.record.content.map { Data($0.utf8) } ?? context.job.raw.serialized(), to: folder + "/job.json")
            try AtomicFile.writeScratch(JSONValue.object(plan.params).serialized(), to: plan.paramsPath)
        } catch {
            throw JobFault.escalate("cannot prepare the attempt folder \(layout.relative(plan.folder)): \(error)")
        }

        let engine = try await runEngine(plan, claim: claim, context: context)
        let run = engine.run
        if run.interrupted { return await interrupt(claim) }

        var outcome = run.outcome
        outcome.error = engine.error
        switch engine.refusal {
        case .invalidInput?: outcome.invalidInput = true
        case .busy(let why)?: return try await snooze(claim, context: context, run: run, why: why)
        case nil:
            if let code = run.exitCode, let rule = stage.exitCodes[code] {
                switch rule {
                case .invalidInput: outcome.invalidInput = true
                case .busy: return try await snooze(claim, context: context, run: run)
                }
            }
        }
        if outcome.failure == nil && !FileManager.default.fileExists(atPath: plan.outputPath) {
            outcome.missingOutputs = [layout.relative(plan.outputPath)]
        }
        var metrics: MetricsDocument?
        if outcome.failure == nil {
            switch await analyze(plan, workflow: context.workflow, lease: claim.lease) {
            case .interrupted: return await interrupt(claim)
            case .measured(let document, let corruption):
                metrics = document
                if let corruption { outcome.corruption = corruption }
            case .failed(let why):
                outcome.corruption = why
            }
        }
        let productionMetrics = try writeMetrics(plan, run: run, outcome: outcome, analysis: metrics, reported: engine.facts)
        return try await decide(
            plan, claim: claim, context: context, outcome: outcome, metrics: metrics, productionMetrics: productionMetrics)
    }

    /// The stage's engine: the supervised process of its command, or the remote engine its `engine:` names.
    func runEngine(_ plan: AttemptPlan, claim: Claim, context: JobContext) async throws -> RemoteRun {
        let stage = context.stage
        guard stage.engine != .process else {
            let run = await launch(plan.template.fill(stage.command), plan: plan, workflow: context.workflow, lease: claim.lease,
                                   timeout: stage.timeoutSeconds, stall: stage.stallSeconds)
            return RemoteRun(run: run)
        }
        guard let engine = configuration.remoteEngines[stage.engine] else {
            throw JobFault.escalate("stage \(stage.name) runs on engine \(stage.engine.rawValue), which this Gaffer has no adapter for")
        }
        let attempt = claim.attempt
        // Attempts of the stage decided before this one: a restart (which records no decision) keeps the key, so
        // the remote job the killed Gaffer left running is found again, never submitted twice.
        let decided = try await store.attempts(jobID: attempt.jobID)
            .filter { $0.stage == stage.name && $0.counts && $0.attemptID != attempt.attemptID }.count
        var params = plan.params
        var graphOverride: String?
        if let profile = params["workflow_profile"]?.stringValue,
           let entry = context.registry?.workflows.first(where: { $0.workflowID == profile }), entry.engine == stage.engine.rawValue {
            // A registry relpath is the project root's (the original's convention), else the workflows folder's.
            let candidates = entry.relpath.hasPrefix("/") ? [entry.relpath]
                : [configuration.projectRoot + "/" + entry.relpath, configuration.workflowsFolder + "/" + entry.relpath]
            graphOverride = candidates.first(where: FileManager.default.fileExists(atPath:)) ?? candidates[0]
            for (name, value) in entry.defaultParameters ?? [:] where params[name] == nil { params[name] = value }
        }
        var environment: [String: String] = [:]
        let parent = ProcessInfo.processInfo.environment
        for name in context.workflow.engineEnv { environment[name] = parent[name] }
        environment.merge(stage.env) { _, new in new }
        let progress = configuration.progress
        let progressFile = ProgressFile.Writer(attemptFolder: plan.folder)
        let request = RemoteAttempt(
            jobID: attempt.jobID, attemptID: attempt.attemptID, stage: stage, params: params, job: context.job.raw,
            inputPath: plan.inputPath, uploads: (stage.comfyui?.uploads ?? [:]).mapValues(plan.template.fill), graphOverride: graphOverride, folder: plan.folder, outputPath: plan.outputPath,
            logPath: plan.logPath, journalFolder: configuration.layout.logs(attempt.jobID) + "/remote", environment: environment, timeout: .milliseconds(Int64(stage.timeoutSeconds * 1000)),
            stall: stage.stallSeconds.map { .milliseconds(Int64($0 * 1000)) },
            // The sandbox's path is in it too: two sandboxes with a job of the same id never share a remote job.
            key: "\(configuration.layout.root)#\(attempt.jobID)/\(stage.name.rawValue)/\(decided + 1)",
            onProgress: { value, total in
                progressFile.report(value, total)
                progress?(AttemptProgress(jobID: attempt.jobID, stage: stage.name.rawValue, attemptID: attempt.attemptID, phase: .progress(value, total)))
            }, soleWorker: configuration.exclusive)
        return await engine.run(request)
    }

    /// The accepted output of the stage this one reads (SPEC §6.4: a retry reuses earlier stages' outputs).
    func inputPath(for stage: Workflow.Stage, in workflow: Workflow, accepted: [AcceptedOutput]) -> String? {
        guard let index = workflow.stages.firstIndex(of: stage), index > 0 else { return nil }
        let source = stage.inputFrom ?? workflow.stages[index - 1].name
        return accepted.first { $0.stage == source }.map { configuration.layout.path($0.path) }
    }

    func launch(
        _ argv: [String], plan: AttemptPlan, workflow: Workflow, lease: Lease, timeout: Double, stall: Double?, log: String? = nil
    ) async -> EngineRun {
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
        let (store, leaseSeconds) = (self.store, configuration.leaseSeconds)
        do {
            return try await launcher.launch(command) { pid, group in
                // Bounded like a renewal: the engine runs meanwhile, and a hung store must not hold up its end.
                try? await firstWithin(.milliseconds(Int64(leaseSeconds * 500)), what: "recording the engine's process") {
                    try await store.recordProcess(lease, pid: pid, processGroup: group)
                }
            }
        } catch {
            // A command that cannot start is the engine's failure (exit 127, as a shell would say), not Gaffer's.
            try? Data("gaffer: cannot start engine: \(error)\n".utf8).write(to: URL(fileURLWithPath: log ?? plan.logPath))
            return EngineRun(
                pid: 0, processGroup: 0, exitCode: 127, signal: nil, timedOut: false, stalled: false,
                interrupted: Task.isCancelled, wallSeconds: 0, peakRSSBytes: 0, logBytes: 0, logTruncated: false)
        }
    }

    enum AnalysisResult {
        case measured(MetricsDocument?, corruption: String?)
        case failed(String)
        case interrupted
    }

    /// Runs the stage's analyzer (the built-in one is `gaffer engine analyze`) under the same supervision.
    func analyze(_ plan: AttemptPlan, workflow: Workflow, lease: Lease) async -> AnalysisResult {
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
        let run = await launch(
            plan.template.fill(argv), plan: plan, workflow: workflow, lease: lease, timeout: max(60, plan.stage.timeoutSeconds),
            stall: nil, log: plan.folder + "/analyze.log")
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
    func writeMetrics(
        _ plan: AttemptPlan, run: EngineRun, outcome: EngineOutcome, analysis: MetricsDocument?, reported: [String: JSONValue] = [:]
    ) throws -> ProductionMetrics {
        var metrics = analysis?.productionMetrics ?? ProductionMetrics(
            jobID: plan.attempt.jobID, attemptID: plan.attempt.attemptID, ts: clock.timestamp())
        metrics.jobID = plan.attempt.jobID
        metrics.attemptID = plan.attempt.attemptID
        metrics.stage = plan.stage.name
        metrics.qualityMetrics = analysis?.qualityMetrics.mapValues { value in
            if case .number(let number) = value, !number.isFinite { return JSONValue.null }
            return value
        }
        var engine = metrics.engineMetrics ?? ProductionMetrics.EngineMetrics()
        engine.engineID = plan.stage.engine == .process
            ? plan.stage.command.first.map { ($0 as NSString).lastPathComponent } : plan.stage.engine.rawValue
        if !reported.isEmpty { engine.engineReported = (engine.engineReported ?? [:]).merging(reported) { _, new in new } }
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
        do {
            // Made durable with the QC report and the decision, before the attempt's result is committed.
            try AtomicFile.write(ContractEncoder.encode(metrics, as: .productionMetrics), to: plan.metricsPath, durable: false)
        } catch {
            throw JobFault.escalate("cannot write \(configuration.layout.relative(plan.metricsPath)): \(error)")
        }
        return metrics
    }

    /// The last lines of the engine's log (SPEC §5.1: the evidence of an engine that failed).
    static func logTail(_ path: String, lines: Int = 40) -> [String] { LogTail.read(path, lines: lines) }
}
