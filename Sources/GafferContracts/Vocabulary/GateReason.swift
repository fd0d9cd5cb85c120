/// Why a gate got its status; written into `qc_report.v1` gates as `reason`.
public enum GateReason: String, Codable, CaseIterable, Sendable {
    case metricMissing = "metric_missing"
    case scoreInvalid = "score_invalid"
    case scoreMeetsThreshold = "score_meets_threshold"
    case scoreBelowThreshold = "score_below_threshold"
    case scoreCriticallyLow = "score_critically_low"
    case scoreAboveThreshold = "score_above_threshold"
    case scoreCriticallyHigh = "score_critically_high"
    /// The gate's `applies_when` does not hold for the job.
    case notApplicable = "not_applicable"
    /// The costume rule (SPEC §3.1): the job's continuity pack does not require costume fidelity.
    case notRequiredByContinuity = "not_required_by_continuity"
    /// The costume rule: the continuity pack requires costume fidelity and no source measured it.
    case costumeReportMissing = "costume_report_missing"
    /// The original runner's words, read from its reports (Gaffer writes `score_critically_low` / `score_invalid`).
    case costumeFidelityFailed = "costume_fidelity_failed"
    case scoreMissing = "score_missing"
}
