/// What an operator can do to a job (SPEC §7): `gaffer jobs <verb>`, `POST /api/jobs/{id}/<verb>`, the job page.
public enum OperatorVerb: String, Codable, CaseIterable, Sendable {
    case pause
    case resume
    case cancel
    case retry
    case pick
    case resetBudget = "reset-budget"
    case waive
    case approve
    case reject
}
