/// Why a gate got its status; written into `qc_report.v1` gates as `reason`.
public enum GateReason: String, Codable, CaseIterable, Sendable {
    case metricMissing = "metric_missing"
    case scoreInvalid = "score_invalid"
    case scoreMeetsThreshold = "score_meets_threshold"
    case scoreBelowThreshold = "score_below_threshold"
    case scoreCriticallyLow = "score_critically_low"
    case scoreAboveThreshold = "score_above_threshold"
    case scoreCriticallyHigh = "score_critically_high"
}
