/// What a token may do (SPEC §10): viewers read; operators also answer escalations, use the verbs and register
/// handoffs; admins also force a handoff (a correction, a platform the job does not list).
public enum OperatorRole: String, Codable, CaseIterable, Sendable, Comparable {
    case viewer
    case `operator`
    case admin

    public static func < (lhs: OperatorRole, rhs: OperatorRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
