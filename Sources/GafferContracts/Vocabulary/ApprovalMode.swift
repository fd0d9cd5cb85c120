/// Whether a stage's output needs a person's sign-off after it passes QC (SPEC §6.2 `AWAITING_APPROVAL`).
public enum ApprovalMode: String, Codable, CaseIterable, Sendable {
    case none
    case required
}
