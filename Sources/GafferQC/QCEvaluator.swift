import GafferContracts

/// Who the report is about and where its inputs came from; the clock is an input, not read here.
public struct ReportContext: Hashable, Sendable {
    public var jobID: String
    public var attemptID: String
    public var generatedAt: String
    public var inputs: QCReport.Inputs

    public init(jobID: String, attemptID: String, generatedAt: String, inputs: QCReport.Inputs = QCReport.Inputs()) {
        self.jobID = jobID
        self.attemptID = attemptID
        self.generatedAt = generatedAt
        self.inputs = inputs
    }
}

/// Policy + metrics + job targets → `qc_report.v1` (SPEC §4). Pure: no clock, no files.
public enum QCEvaluator {
    /// - Parameters:
    ///   - metrics: the attempt's `quality_metrics` (name → number | bool).
    ///   - jobThresholds: the job's `quality_target.thresholds`; they replace the policy's for their metrics.
    ///   - stage: when given, only gates whose `target_stage` is this stage are evaluated.
    ///   - gateIDs: when given, exactly these gates are evaluated (the loop's placement, SPEC §4.1), in policy order.
    ///   - job: the job document, its relpaths resolved (§3.7): what `applies_when` and the costume rule read. Nil
    ///     (no job): every pointer is absent, so the costume gate does not apply.
    public static func evaluate(
        policy: QCPolicy, metrics: [String: JSONValue], jobThresholds: [String: Double] = [:],
        stage: StageName? = nil, gateIDs: [String]? = nil, job: JSONValue? = nil, context: ReportContext
    ) -> QCReport {
        let chosen = gateIDs.map(Set.init)
        // One pass over the policy's gates, no intermediate copies of them.
        var gates: [GateResult] = []
        gates.reserveCapacity(policy.gates.count)
        for gate in policy.gates where chosen.map({ $0.contains(gate.gateID) }) ?? (stage == nil || gate.targetStage == stage) {
            switch GateApplicability.of(gate, job: job) {
            case .notApplicable(let reason):
                gates.append(GateEvaluator.notApplicable(gate, jobThreshold: jobThresholds[gate.metric], reason: reason))
            case .applies(let whenMissing):
                gates.append(GateEvaluator.evaluate(
                    gate, reading: ScoreReading(metrics[gate.metric]), jobThreshold: jobThresholds[gate.metric],
                    policy: policy, whenMissing: whenMissing))
            }
        }
        return QCReport(
            jobID: context.jobID, attemptID: context.attemptID, stage: stage, generatedAt: context.generatedAt,
            inputs: context.inputs, gates: gates, overall: overall(of: gates, routing: policy.routing))
    }

    /// The report with the failing gates `waivers` cover reported `PASS` (with `waived`) and its overall verdict
    /// judged again. A waiver covers a gate while the output it was granted on stays: `digests` holds the current
    /// output digest of each stage (this attempt's for its stage, the accepted one for earlier stages).
    public static func waive(_ report: QCReport, waivers: [GateWaiver], digests: [StageName: String], routing: Routing) -> QCReport {
        guard !waivers.isEmpty else { return report }
        var waivedReport = report
        var changed = false
        for index in waivedReport.gates.indices where waivedReport.gates[index].status.isFailure {
            let gate = waivedReport.gates[index]
            guard let waiver = waivers.last(where: { $0.gateID == gate.gateID && digests[$0.stage] == $0.digest }) else { continue }
            waivedReport.gates[index].status = .pass
            waivedReport.gates[index].effectiveAction = nil
            waivedReport.gates[index].failureClass = nil
            waivedReport.gates[index].waived = waiver
            changed = true
        }
        guard changed else { return report }
        waivedReport.overall = overall(of: waivedReport.gates, routing: routing)
        return waivedReport
    }

    /// Only blocking gates route; every failing gate (UNKNOWN included) is listed.
    static func overall(of gates: [GateResult], routing: Routing) -> QCReport.Overall {
        // One pass by index, reading the gates in place: this runs once per evaluation.
        var pass = true
        var carried: [Action] = []
        var failedGateIDs: [String] = []
        var classes: [String] = []
        for index in gates.indices {
            let status = gates[index].status
            if let failureClass = gates[index].failureClass, !classes.contains(failureClass) { classes.append(failureClass) }
            guard status.isFailure else { continue }
            failedGateIDs.append(gates[index].gateID)
            guard gates[index].blocking else { continue }
            pass = false
            if let action = gates[index].effectiveAction, !carried.contains(action) { carried.append(action) }
        }
        let recommended: Action =
            pass ? .proceed : routing.failureActionPriority.first(where: carried.contains) ?? routing.fallbackAction
        return QCReport.Overall(
            pass: pass, failedGateIDs: failedGateIDs, failedFailureClasses: classes.sorted(), recommendedAction: recommended)
    }

}
