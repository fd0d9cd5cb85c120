import GafferContracts
import GafferQC

/// Runs one smoke scenario through QC and the supervisor and lists every expectation it misses. Pure.
public enum ScenarioCheck {
    public struct Result: Hashable, Sendable {
        public var name: String
        public var report: QCReport
        public var outcome: SupervisorOutcome
        /// Empty when the scenario passed; otherwise one line per missed expectation.
        public var mismatches: [String]
        public var passed: Bool { mismatches.isEmpty }
    }

    /// - Parameters:
    ///   - policy: the scenario's policy, already resolved (a path is read by the caller).
    ///   - now: the timestamp written into the report and the decision.
    public static func run(_ scenario: SmokeScenario, policy: QCPolicy, now: String) -> Result {
        let job = scenario.job.flatMap { try? Job(raw: $0.merging(jobID: "smoke-\(scenario.name)")) }
        let jobID = "smoke-\(scenario.name)"
        let history = scenario.history ?? []
        let stageAttempts = scenario.stageAttempts ?? (history.filter { $0.stage == scenario.stage }.count + 1)
        let attemptID = AttemptID.make(history.count + 1)
        let report = QCEvaluator.evaluate(
            policy: policy, metrics: scenario.metrics, jobThresholds: job?.qualityThresholds ?? [:],
            stage: scenario.stage, job: job?.raw, context: ReportContext(jobID: jobID, attemptID: attemptID, generatedAt: now))
        let outcome = Supervisor.decide(SupervisorInput(
            jobID: jobID, attemptID: attemptID, stage: scenario.stage, now: now, policy: policy, report: report,
            pose: scenario.productionMetrics, history: history, stageAttempts: stageAttempts,
            jobAttempts: history.count + 1, maxRetries: scenario.maxRetries,
            advice: scenario.advice.map { AdvisorAdvice(source: "scenario:\(scenario.name)", proposal: $0) },
            authorityTrialConsent: scenario.authorityTrial ?? false))
        return Result(
            name: scenario.name, report: report, outcome: outcome,
            mismatches: mismatches(scenario.expect, report: report, decision: outcome.decision.decision))
    }

    static func mismatches(
        _ expect: SmokeScenario.Expectation, report: QCReport, decision: ProductionDecision.Decision
    ) -> [String] {
        var misses: [String] = []
        func check<T: Equatable>(_ what: String, expected: T?, actual: T?) {
            guard let expected, expected != actual else { return }
            let shown = actual.map { render($0) } ?? "nothing"
            misses.append("\(what): expected \(render(expected)), got \(shown)")
        }
        check("recommended_action", expected: expect.recommendedAction, actual: report.overall.recommendedAction)
        check("pass", expected: expect.pass, actual: report.overall.pass)
        for (gateID, status) in (expect.gates ?? [:]).sorted(by: { $0.key < $1.key }) {
            check("gate \(gateID)", expected: status, actual: report.gates.first { $0.gateID == gateID }?.status)
        }
        check("failed_gate_ids", expected: expect.failedGateIDs, actual: report.overall.failedGateIDs)
        check("failed_failure_classes", expected: expect.failedFailureClasses, actual: report.overall.failedFailureClasses)
        if let expected = expect.decision {
            check("decision.action", expected: expected.action, actual: decision.action)
            check("decision.target_stage", expected: expected.targetStage, actual: decision.targetStage)
            check("decision.workflow_profile", expected: expected.workflowProfile, actual: decision.workflowProfile)
            check("decision.escalation_reason", expected: expected.escalationReason, actual: decision.escalationReason)
            check("decision.max_frames_override", expected: expected.maxFramesOverride,
                  actual: decision.policyOverrides.maxFramesOverride)
            check("decision.advisor.outcome", expected: expected.advisorOutcome, actual: decision.advisor?.outcome)
        }
        return misses
    }

    private static func render(_ value: some Equatable) -> String {
        switch value {
        case let action as Action: action.rawValue
        case let status as GateStatus: status.rawValue
        case let reason as EscalationReason: reason.rawValue
        case let stage as StageName: stage.rawValue
        case let outcome as ProductionDecision.AdvisorRecord.Outcome: outcome.rawValue
        case let list as [String]: "[\(list.joined(separator: ", "))]"
        default: "\(value)"
        }
    }
}

extension JSONValue {
    /// A scenario's partial job, completed with an id so it reads as a job.
    fileprivate func merging(jobID: String) -> JSONValue {
        guard case .object(var object) = self else { return self }
        if object["job_id"] == nil { object["job_id"] = .string(jobID) }
        return .object(object)
    }
}
