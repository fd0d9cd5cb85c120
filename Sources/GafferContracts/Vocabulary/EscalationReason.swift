/// Why a job waits for an operator; chosen by the cause of the escalation (SPEC §5.3).
public enum EscalationReason: String, Codable, CaseIterable, Sendable {
    case artifactMissing = "ARTIFACT_MISSING"
    case artifactCorrupted = "ARTIFACT_CORRUPTED"
    case contractViolation = "CONTRACT_VIOLATION"
    case identityConflict = "IDENTITY_CONFLICT"
    case lowConfidenceDetection = "LOW_CONFIDENCE_DETECTION"
    case retryBudgetExceeded = "RETRY_BUDGET_EXCEEDED"
}
