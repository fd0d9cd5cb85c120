import GafferContracts

/// One gate against one reading (SPEC §4, steps 1–4). Pure.
public enum GateEvaluator {
    /// The verdict of a gate, with the action it carries into routing.
    /// - Parameter whenMissing: the verdict when no source measured the metric (the costume rule's hard failure);
    ///   nil for the usual UNKNOWN.
    public static func evaluate(
        _ gate: QCGate, reading: ScoreReading, jobThreshold: Double?, policy: QCPolicy,
        whenMissing: (GateStatus, GateReason)? = nil
    ) -> GateResult {
        let threshold = jobThreshold ?? gate.threshold
        var (status, reason, score) = verdict(reading, threshold: threshold, direction: gate.direction)
        if case .missing = reading, let whenMissing { (status, reason) = whenMissing }
        var failureClass: String?
        var action: Action?
        switch status {
        case .pass:
            break
        case .unknown:
            action = policy.defaultActionOnMissingReport
        case .softFail, .hardFail:
            if let matched = policy.failureClass(forMetric: gate.metric) {
                failureClass = matched.classID
                action = matched.action
            } else {
                action = gate.failureAction
            }
        }
        if let carried = action, !gate.repairable, carried.isRetry {
            action = .escalateUser
        }
        return GateResult(
            gateID: gate.gateID, metric: gate.metric, dimension: gate.dimension, status: status,
            severity: gate.severity, repairable: gate.repairable, score: score, threshold: threshold,
            direction: gate.direction, blocking: gate.blocking, failureAction: gate.failureAction,
            effectiveAction: action, failureClass: failureClass, targetStage: gate.targetStage, reason: reason)
    }

    /// A gate that does not apply to the job: PASS, carrying nothing, marked `applies: false`.
    static func notApplicable(_ gate: QCGate, jobThreshold: Double?, reason: GateReason) -> GateResult {
        GateResult(
            gateID: gate.gateID, metric: gate.metric, dimension: gate.dimension, status: .pass, severity: gate.severity,
            repairable: gate.repairable, score: nil, threshold: jobThreshold ?? gate.threshold, direction: gate.direction,
            blocking: gate.blocking, failureAction: gate.failureAction, effectiveAction: nil, failureClass: nil,
            targetStage: gate.targetStage, reason: reason, applies: false)
    }

    /// Status by direction: min — below half the threshold is critical; max — above twice it
    /// (or above threshold + 0.5 when the threshold is 0, where "twice" would be 0).
    static func verdict(
        _ reading: ScoreReading, threshold: Double, direction: GateDirection
    ) -> (GateStatus, GateReason, Double?) {
        switch reading {
        case .missing:
            return (.unknown, .metricMissing, nil)
        case .invalid:
            return (.unknown, .scoreInvalid, nil)
        case .value(let score):
            switch direction {
            case .min:
                if score >= threshold { return (.pass, .scoreMeetsThreshold, score) }
                if score < 0.5 * threshold { return (.hardFail, .scoreCriticallyLow, score) }
                return (.softFail, .scoreBelowThreshold, score)
            case .max:
                if score <= threshold { return (.pass, .scoreMeetsThreshold, score) }
                let critical = threshold == 0 ? threshold + 0.5 : 2 * threshold
                if score > critical { return (.hardFail, .scoreCriticallyHigh, score) }
                return (.softFail, .scoreAboveThreshold, score)
            }
        }
    }
}
