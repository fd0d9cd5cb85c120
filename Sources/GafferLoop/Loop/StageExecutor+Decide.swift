import Foundation
import Logging
import GafferContracts
import GafferQC
import GafferStore
import GafferSupervisor

extension StageExecutor {
    /// QC the attempt, ask the supervisor, write the artifacts, and commit the job's next state.
    func decide(
        _ plan: AttemptPlan, jobRecord: JobRecord, workflow: Workflow, policy: QCPolicy, job: Job,
        outcome: EngineOutcome, metrics: MetricsDocument?, productionMetrics: ProductionMetrics, history: [AttemptRecord]
    ) async throws -> Result {
        let layout = configuration.layout
        let stageName = plan.stage.name
        let now = Timestamp.now()
        let gated = policy.gates.contains { $0.targetStage == stageName }
        var report: QCReport?
        if outcome.failure == nil, gated {
            report = QCEvaluator.evaluate(
                policy: policy, metrics: metrics?.qualityMetrics ?? [:], jobThresholds: job.qualityThresholds,
                stage: stageName,
                context: ReportContext(
                    jobID: plan.attempt.jobID, attemptID: plan.attempt.attemptID, generatedAt: now,
                    inputs: QCReport.Inputs(policy: jobRecord.policyPath, metrics: layout.relative(plan.metricsPath))))
            try AtomicFile.write(ContractEncoder.encode(report!, as: .qcReport), to: plan.folder + "/qc_report.v1.json")
        }

        let counted = history.filter { $0.status == .decided }
        let sinceFloor = counted.filter { $0.number > jobRecord.budgetFloor }
        let outcomeOfSupervisor: SupervisorOutcome
        if outcome.failure == nil && !gated {
            // SPEC: a stage that no gate targets passes QC.
            let decision = ProductionDecision(jobID: plan.attempt.jobID, attemptID: plan.attempt.attemptID, decision: .init(
                action: .proceed, reasoning: "No gate of policy \(policy.policyID) targets stage \(stageName); the engine succeeded."))
            outcomeOfSupervisor = SupervisorOutcome(decision: decision, escalation: nil, poseRetry: false, score: nil)
        } else {
            outcomeOfSupervisor = Supervisor.decide(SupervisorInput(
                jobID: plan.attempt.jobID, attemptID: plan.attempt.attemptID, stage: stageName, now: now, policy: policy,
                report: report, engine: outcome,
                pose: productionMetrics.poseObservation(maxFrames: plan.params["max_frames"]?.doubleValue.map { Int($0) }),
                history: sinceFloor.map { $0.lineageEntry() },
                stageAttempts: sinceFloor.filter { $0.stage == stageName }.count + 1, jobAttempts: counted.count + 1,
                maxRetries: configuration.maxRetries, maxJobAttempts: configuration.maxJobAttempts,
                currentWorkflow: workflow.workflowID,
                outputs: [plan.outputPath, plan.logPath].filter { FileManager.default.fileExists(atPath: $0) }.map(layout.relative),
                thumbnails: [plan.folder + "/contact_sheet.jpg"].filter { FileManager.default.fileExists(atPath: $0) }.map(layout.relative)))
        }
        let decisionPath = plan.folder + "/production_decision.v1.json"
        try AtomicFile.write(ContractEncoder.encode(outcomeOfSupervisor.decision, as: .productionDecision), to: decisionPath)

        var attempt = plan.attempt
        attempt.status = .decided
        attempt.endedAt = now
        attempt.engine = outcome
        attempt.decisionAction = outcomeOfSupervisor.action
        attempt.decisionReason = outcomeOfSupervisor.decision.decision.reasoning
        attempt.escalationReason = outcomeOfSupervisor.decision.decision.escalationReason
        attempt.score = outcomeOfSupervisor.score
        attempt.workflowProfile = outcomeOfSupervisor.decision.decision.workflowProfile
        attempt.poseRetry = outcomeOfSupervisor.poseRetry
        attempt.gateResults = Dictionary(report?.gates.map { ($0.gateID, $0.status) } ?? [], uniquingKeysWith: { _, last in last })
        attempt.wallSeconds = productionMetrics.engineMetrics?.executionTimeSeconds
        attempt.peakRSSBytes = productionMetrics.engineMetrics?.memoryPeakMB.map { Int64($0 * 1_048_576) }

        guard var next = try await store.job(jobRecord.jobID) else { throw StoreError.unknownJob(jobRecord.jobID) }
        let from = next.state
        next.updatedAt = now
        next.pendingDecision = layout.relative(decisionPath)
        next.reason = outcomeOfSupervisor.decision.decision.reasoning
        let decision = outcomeOfSupervisor.decision.decision
        var escalation: EscalationRecord?
        switch decision.action {
        case .proceed:
            let following = workflow.stage(after: stageName)
            try Acceptance.accept(attemptID: attempt.attemptID, jobID: attempt.jobID, stage: plan.stage, isLast: following == nil, layout: layout)
            next.state = following == nil ? .completed : .running
            next.stage = following?.name ?? stageName
        case .retryStage, .switchPolicy:
            let target = decision.targetStage.flatMap(workflow.stage(named:))?.name ?? stageName
            next.state = .running
            next.stage = target
        case .escalateUser:
            next.state = .escalated
            next.stage = stageName
            escalation = outcomeOfSupervisor.escalation.map(EscalationRecord.init(document:))
        case .abort:
            next.state = .aborted
        }
        var details: [String: JSONValue] = ["action": .string(decision.action.rawValue), "reasoning": .string(decision.reasoning)]
        if let reason = decision.escalationReason { details["escalation_reason"] = .string(reason.rawValue) }
        if let target = decision.targetStage { details["target_stage"] = .string(target.rawValue) }
        if let escalation { details["escalation_id"] = .string(escalation.escalationID) }
        try await store.finishAttempt(attempt, job: next, event: EventRecord(
            jobID: next.jobID, ts: now, runID: configuration.runID, event: "DECIDED", fromState: from, toState: next.state,
            stage: stageName, attemptID: attempt.attemptID, details: details), escalation: escalation)
        try await views.refresh(next.jobID)
        var logger = configuration.logger(job: next.jobID, stage: stageName, attempt: attempt.attemptID)
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
}
