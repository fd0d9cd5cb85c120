import Foundation
import Logging
import GafferContracts
import GafferEngines
import GafferQC
import GafferStore
import GafferSupervisor

extension AttemptRunner {
    /// QC the attempt at the gates placed on its stage (SPEC §4.1), ask the supervisor, write the artifacts, and
    /// commit the job's transition with the decision, the escalation and the accepted output.
    func decide(
        _ plan: AttemptPlan, claim: Claim, context: JobContext, outcome: EngineOutcome, metrics: MetricsDocument?,
        productionMetrics: ProductionMetrics
    ) async throws -> Result {
        let layout = configuration.layout
        let stageName = plan.stage.name
        let now = clock.timestamp()
        let judge = context.judge(configuration)
        var report = judge.report(
            stage: stageName, metrics: metrics?.qualityMetrics ?? [:], engineFailed: outcome.failure != nil,
            context: ReportContext(
                jobID: plan.attempt.jobID, attemptID: plan.attempt.attemptID, generatedAt: now,
                inputs: QCReport.Inputs(policy: context.record.policyPath, metrics: layout.relative(plan.metricsPath))))
        let waivers = context.record.operatorState.waivers
        if let judged = report, !waivers.isEmpty, !judged.overall.pass {
            report = QCEvaluator.waive(
                judged, waivers: waivers,
                digests: ContentDigest.ofWaivedOutputs(
                    waivers, judged: stageName, judgedDigest: { ContentDigest.ofFile(plan.outputPath) },
                    accepted: try await store.acceptedOutputs(jobID: plan.attempt.jobID), layout: layout),
                routing: context.policy.routing)
        }
        let budgetFloor = context.record.budgetFloor(of: stageName)
        if let report {
            try write(ContractEncoder.encode(report, as: .qcReport), to: plan.folder + "/qc_report.v1.json")
        }

        let earlier = try await store.attempts(jobID: plan.attempt.jobID)
        var supervised: SupervisorOutcome
        if outcome.failure == nil, let ungated = judge.ungated(stage: stageName, jobID: plan.attempt.jobID, attemptID: plan.attempt.attemptID) {
            supervised = ungated
        } else {
            let failed = outcome.failure != nil
            var input = judge.input(
                jobID: plan.attempt.jobID, attemptID: plan.attempt.attemptID, number: plan.attempt.number, stage: stageName,
                now: now, report: report, engine: outcome,
                pose: productionMetrics.poseObservation(maxFrames: plan.params["max_frames"]?.doubleValue.map { Int($0) }),
                earlier: earlier, budgetFloor: budgetFloor,
                outputs: [plan.outputPath, plan.logPath].filter { FileManager.default.fileExists(atPath: $0) }.map(layout.relative),
                thumbnails: [plan.folder + "/contact_sheet.jpg"].filter { FileManager.default.fileExists(atPath: $0) }.map(layout.relative),
                logTail: failed ? Self.logTail(plan.logPath) : [])
            supervised = Supervisor.decide(input)
            // SPEC §5.4: an advisor is asked only when the deterministic action is not PROCEED, within its own
            // timeout (the attempt's lease is renewed meanwhile); the policy weighs its answer.
            if let advisor, let request = AdvisorRequest.make(
                for: input, deterministic: supervised, metrics: productionMetrics, promptVersion: advisor.advisor.promptVersion) {
                input.advice = await advisor.advise(request, clock: clock)
                supervised = Supervisor.decide(input)
                if let record = supervised.decision.decision.advisor {
                    configuration.logger(job: plan.attempt.jobID, stage: stageName, attempt: plan.attempt.attemptID).notice(
                        "advisor \(record.source): \(record.proposedAction?.rawValue ?? "no proposal") → \(record.outcome.rawValue)\(record.note.map { " (\($0))" } ?? "")")
                }
            }
        }
        supervised = judge.settled(supervised, report: report, stage: stageName)
        let decision = supervised.decision.decision
        let sinceFloor = earlier.filter { $0.counts && $0.attemptID != plan.attempt.attemptID && $0.number > budgetFloor }
        try write(ContractEncoder.encode(supervised.decision, as: .productionDecision), to: plan.folder + "/production_decision.v1.json")

        var attempt = plan.attempt
        attempt.status = .decided
        attempt.endedAt = now
        attempt.engine = outcome
        attempt.decisionAction = decision.action
        attempt.decisionReason = decision.reasoning
        attempt.escalationReason = decision.escalationReason
        attempt.score = outcome.failure == nil ? supervised.score : nil
        attempt.workflowProfile = decision.workflowProfile
        attempt.poseRetry = supervised.poseRetry
        attempt.gateResults = Dictionary(report?.gates.map { ($0.gateID, $0.status) } ?? [], uniquingKeysWith: { _, last in last })
        attempt.advisor = decision.advisor.map(AdvisorUse.init)
        attempt.wallSeconds = productionMetrics.engineMetrics?.executionTimeSeconds
        attempt.peakRSSBytes = productionMetrics.engineMetrics?.memoryPeakMB.map { Int64($0 * 1_048_576) }

        var next = claim.job
        next.updatedAt = now
        next.reason = decision.reasoning
        next.snoozes = 0
        next.notBefore = nil
        next.nextDecision = String(decoding: try ContractEncoder.encode(supervised.decision, as: .productionDecision), as: UTF8.self)
        // The operator's overrides for this stage were given for this attempt: consumed by it.
        next.operatorOverrides[stageName.rawValue] = nil
        var escalation: EscalationRecord?
        var accepted: AcceptedOutput?
        let verdict: JobEvent.AttemptVerdict
        switch decision.action {
        case .proceed where plan.stage.approval == .required:
            // QC passed; the output waits for a person's sign-off (delivered when approved).
            verdict = .awaitApproval
            if FileManager.default.fileExists(atPath: plan.outputPath) {
                accepted = AcceptedOutput(jobID: attempt.jobID, stage: stageName, attemptID: attempt.attemptID, path: layout.relative(plan.outputPath))
            }
            if let expiry = context.policy.escalationExpiry {
                next.operatorState.expiry = .init(expiresAt: Timestamp.adding(expiry.seconds, to: now), defaultAction: expiry.defaultAction)
            }
            next.reason = "stage \(stageName) passed QC and waits for approval (approve or reject it)"
        case .proceed:
            let following = context.workflow.stage(after: stageName)
            verdict = .proceed(next: following?.name)
            if FileManager.default.fileExists(atPath: plan.outputPath) {
                accepted = AcceptedOutput(jobID: attempt.jobID, stage: stageName, attemptID: attempt.attemptID, path: layout.relative(plan.outputPath))
                if following == nil { try Acceptance.deliver(accepted!, stage: plan.stage, layout: layout) }
            }
        case .retryStage, .switchPolicy:
            let target = decision.targetStage ?? stageName
            verdict = .retry(stage: target)
            if let backoff = context.workflow.stage(named: target)?.retryBackoff {
                let retries = sinceFloor.filter { $0.stage == target }.count + (target == stageName ? 1 : 0)
                next.notBefore = Timestamp.format(clock.now().addingTimeInterval(backoff.delay(retry: retries, random: Double.random(in: 0..<1))))
            }
        case .escalateUser:
            verdict = .escalate(escalationID: supervised.escalation?.escalationID ?? "")
            var document = supervised.escalation
            if let expiry = context.policy.escalationExpiry, document != nil {
                let expiresAt = Timestamp.adding(expiry.seconds, to: now)
                document?.expiresAt = expiresAt
                next.operatorState.expiry = .init(expiresAt: expiresAt, defaultAction: expiry.defaultAction)
            }
            escalation = document.map(EscalationRecord.init(document:))
        case .abort:
            verdict = .abort
        }
        let transition = try next.apply(.attemptFinished(verdict))
        var details: [String: JSONValue] = ["action": .string(decision.action.rawValue), "reasoning": .string(decision.reasoning)]
        if let reason = decision.escalationReason { details["escalation_reason"] = .string(reason.rawValue) }
        if let target = decision.targetStage { details["target_stage"] = .string(target.rawValue) }
        if let escalation { details["escalation_id"] = .string(escalation.escalationID) }
        if let cause = escalation?.document.cause { details["cause"] = .string(cause.rawValue) }
        let event = EventRecord(
            transition, jobID: next.jobID, ts: now, runID: configuration.runID, stage: stageName, attemptID: attempt.attemptID,
            details: details)
        try makeDurable(plan, report: report != nil)
        try await commit(attempt, of: claim, job: next, transition: transition, event: event, escalation: escalation, accepted: accepted)
        var logger = logger(claim)
        logger[metadataKey: "action"] = .string(decision.action.rawValue)
        if let reason = decision.escalationReason { logger[metadataKey: "escalation_reason"] = .string(reason.rawValue) }
        let level: Logger.Level = switch decision.action {
        case .proceed: .info
        case .retryStage, .switchPolicy: .notice
        case .escalateUser, .abort: .warning
        }
        logger.log(level: level, "\(decision.action.rawValue): \(decision.reasoning)")
        if next.state == .completed { logger.info("job completed") }
        configuration.progress?(AttemptProgress(jobID: next.jobID, stage: stageName.rawValue, attemptID: attempt.attemptID, phase: .ended(decision.action.rawValue)))
        return .decided(decision.action)
    }

    /// The engine said it is busy (SPEC §5.1): the same stage runs again after back-off without spending the
    /// budget, up to the stage's `snooze_limit`; past it the attempt escalates.
    func snooze(_ claim: Claim, context: JobContext, run: EngineRun, why: String? = nil) async throws -> Result {
        let stage = context.stage
        let busy = why ?? "exit status \(run.exitCode ?? -1) is mapped to busy"
        guard claim.job.snoozes < stage.snoozeLimit else {
            throw JobFault.escalate("the engine of stage \(stage.name) stayed busy through \(stage.snoozeLimit) snoozes (\(busy)); check the engine or its server, then retry")
        }
        let now = clock.now()
        let backoff = stage.retryBackoff ?? Workflow.Stage.RetryBackoff(initialSeconds: 1, factor: 2, maxSeconds: 60, jitter: 0.2)
        let delay = backoff.delay(retry: claim.job.snoozes + 1, random: Double.random(in: 0..<1))
        var attempt = claim.attempt
        attempt.status = .snoozed
        attempt.endedAt = Timestamp.format(now)
        attempt.engine = run.outcome
        attempt.wallSeconds = run.wallSeconds
        var next = claim.job
        next.snoozes += 1
        next.notBefore = Timestamp.format(now.addingTimeInterval(delay))
        next.updatedAt = Timestamp.format(now)
        next.reason = "engine busy (\(busy)): snoozed \(next.snoozes) of \(stage.snoozeLimit), next try after \(next.notBefore!)"
        let transition = try next.apply(.attemptFinished(.snoozed(stage: stage.name)))
        let event = EventRecord(
            transition, jobID: next.jobID, ts: next.updatedAt, runID: configuration.runID, stage: stage.name,
            attemptID: attempt.attemptID,
            details: ["snoozes": .number(Double(next.snoozes)), "not_before": .string(next.notBefore!), "delay_seconds": .number(delay)])
        try await commit(attempt, of: claim, job: next, transition: transition, event: event)
        logger(claim).notice("engine busy: snoozed", metadata: ["not_before": .string(next.notBefore!)])
        configuration.progress?(AttemptProgress(jobID: next.jobID, stage: stage.name.rawValue, attemptID: attempt.attemptID, phase: .ended("SNOOZED")))
        return .snoozed
    }

    /// Records an attempt stopped by shutdown: interrupted, the job queued again, no budget spent.
    func interrupt(_ claim: Claim) async -> Result {
        logger(claim).notice("attempt interrupted: Gaffer is stopping; it will run again and does not count against the budget")
        configuration.progress?(AttemptProgress(jobID: claim.attempt.jobID, stage: claim.attempt.stage.rawValue, attemptID: claim.attempt.attemptID, phase: .ended("interrupted")))
        var attempt = claim.attempt
        attempt.status = .interrupted
        attempt.endedAt = clock.timestamp()
        var next = claim.job
        next.updatedAt = attempt.endedAt!
        do {
            let transition = try next.apply(.interrupted)
            let event = EventRecord(
                transition, jobID: next.jobID, ts: next.updatedAt, runID: configuration.runID, stage: attempt.stage,
                attemptID: attempt.attemptID, details: ["note": "Gaffer was stopping; the attempt does not count against the budget"])
            try await commit(attempt, of: claim, job: next, transition: transition, event: event)
        } catch StoreError.leaseLost {
            // Fenced off: another worker holds the job now (this one was paused or cut off); nothing to record.
            logger(claim).notice("the interruption is not recorded: this worker's lease was lost")
        } catch {
            logger(claim).error("could not record the interruption: \(error)")
        }
        return .interrupted
    }

    /// An error while working the claimed attempt: the attempt ends, the job is ESCALATED (CONTRACT_VIOLATION) with
    /// the operator-facing text, and nothing else is affected (SPEC §6.1).
    func recordFault(_ text: String, claim: Claim) async -> Result {
        logger(claim).error("job escalated: \(text)")
        let now = clock.timestamp()
        var attempt = claim.attempt
        attempt.status = .decided
        attempt.endedAt = now
        attempt.decisionAction = .escalateUser
        attempt.decisionReason = text
        attempt.escalationReason = .contractViolation
        let document = Supervisor.faultEscalation(
            jobID: attempt.jobID, attemptID: attempt.attemptID, stage: attempt.stage, now: now, summary: text)
        var next = claim.job
        next.updatedAt = now
        do {
            let transition = try next.apply(.escalated(reason: text))
            let event = EventRecord(
                transition, jobID: next.jobID, ts: now, runID: configuration.runID, stage: attempt.stage, attemptID: attempt.attemptID,
                details: ["error": .string(text), "escalation_id": .string(document.escalationID), "cause": .string(EscalationCause.contractViolation.rawValue)])
            try await commit(attempt, of: claim, job: next, transition: transition, event: event, escalation: EscalationRecord(document: document))
        } catch StoreError.leaseLost {
            return .leaseLost
        } catch {
            logger(claim).critical("could not record the fault on the job: \(error)")
        }
        configuration.progress?(AttemptProgress(jobID: attempt.jobID, stage: attempt.stage.rawValue, attemptID: attempt.attemptID, phase: .ended("ESCALATE_USER")))
        return .faulted
    }

    /// The end of every claimed attempt, however it ended: the attempt, the job's transition, its event, the
    /// escalation it opened and the output it accepted, in one transaction fenced by the claim's lease — recorded even
    /// when this task is being cancelled — then the job's views, refreshed once.
    func commit(
        _ attempt: AttemptRecord, of claim: Claim, job: JobRecord, transition: JobTransition, event: EventRecord,
        escalation: EscalationRecord? = nil, accepted: AcceptedOutput? = nil
    ) async throws {
        let (store, views, lease) = (self.store, self.views, claim.lease)
        let (logger, patience) = (configuration.logger(job: job.jobID, attempt: attempt.attemptID), configuration.leaseSeconds)
        try await durably {
            // A store that is away (a database restarting) holds the result, not loses it: the write is retried for as
            // long as the lease would last; after that another worker may have taken the job over (`leaseLost`).
            try await retryingWhileUnavailable(for: patience, logger: logger) {
                try await store.finishAttempt(attempt, lease: lease, job: job, transition: transition, event: event, escalation: escalation, accepted: accepted)
            }
        }
        try? await durably { try await views.refresh(job.jobID) }
    }

    /// An attempt artifact, written atomically; durable only with the others (`makeDurable`), before the commit.
    func write(_ data: Data, to path: String) throws {
        do {
            try AtomicFile.write(data, to: path, durable: false)
        } catch {
            throw JobFault.escalate("cannot write \(configuration.layout.relative(path)): \(error)")
        }
    }

    /// The attempt's metrics, QC report and decision on disk for good before its result is committed: a crash
    /// before the commit leaves an interrupted attempt (run again in a new folder), never a recorded decision whose
    /// files a power cut could lose.
    func makeDurable(_ plan: AttemptPlan, report: Bool) throws {
        let paths = [plan.metricsPath, report ? plan.folder + "/qc_report.v1.json" : nil, plan.folder + "/production_decision.v1.json"]
            .compactMap { $0 }.filter { FileManager.default.fileExists(atPath: $0) }
        do {
            try AtomicFile.makeDurable(paths, in: plan.folder)
        } catch {
            throw JobFault.escalate("cannot make the attempt's files durable in \(configuration.layout.relative(plan.folder)): \(error)")
        }
    }
}

/// Runs a store write to its end even when the calling task is cancelled (shutdown after the grace period): the
/// store rightly refuses work from cancelled tasks, but a result that was reached must be recorded before exit.
func durably(_ body: @escaping @Sendable () async throws -> Void) async throws {
    try await Task.detached(operation: body).value
}

/// `body`, again after a pause (0.2 s doubling to 5 s) while it fails with `StoreError.unavailable`, for up to
/// `seconds`; the last error when the store stays away.
func retryingWhileUnavailable(for seconds: Double, logger: Logger, _ body: @Sendable () async throws -> Void) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
    var pause = Duration.milliseconds(200)
    while true {
        do {
            return try await body()
        } catch StoreError.unavailable(let why) where clock.now.advanced(by: pause) < deadline {
            logger.warning("the store is unavailable; holding the attempt's result and retrying", metadata: ["error": .string(why)])
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(5))
        }
    }
}
