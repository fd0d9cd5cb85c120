/// Why an escalation was opened, in Gaffer's own words (SPEC §5.3). `EscalationReason` stays the original's six
/// values; the cause says precisely what happened, and pages and tables show it (with the summary) first.
public enum EscalationCause: String, Codable, CaseIterable, Sendable {
    /// A measured failure that retrying cannot repair (`repairable: false`, not identity or costume).
    case qcUnrepairable = "qc_unrepairable"
    /// A blocking gate's metric is missing (UNKNOWN fails closed).
    case qcMissingMetric = "qc_missing_metric"
    /// An identity or costume gate failed.
    case qcIdentity = "qc_identity"
    /// The policy routed a QC failure to an operator.
    case qcFailure = "qc_failure"
    /// The engine said its input is invalid (an `exit_codes` rule): retrying the same parameters cannot help.
    case engineInvalidInput = "engine_invalid_input"
    case engineCrash = "engine_crash"
    case engineExit = "engine_exit"
    /// A remote engine reported an error of its own (ComfyUI's `execution_error`).
    case engineError = "engine_error"
    case engineTimeout = "engine_timeout"
    case engineStall = "engine_stall"
    /// The engine stayed busy past the stage's `snooze_limit`.
    case engineBusy = "engine_busy"
    case outputMissing = "output_missing"
    case outputCorrupt = "output_corrupt"
    case lowDetection = "low_detection"
    case budgetExhausted = "budget_exhausted"
    /// A contract fault found while working the job (a workflow that lost a stage, a corrupt row, a failed write).
    case contractViolation = "contract_violation"
    case advisor
}
