import GafferContracts

/// The body of `POST /api/escalations/{id}/resolve`:
/// `{"action": "RETRY_STAGE", "overrides": {"pose_weight": 0.95}, "note": "…", "by": "…"}`.
struct ResolveRequest: Sendable, Equatable {
    static let members = ["action", "overrides", "note", "by"]
    /// Who answered when the body does not say.
    static let defaultAnswerer = "api"

    var action: Action
    var overrides: [String: JSONValue]
    var note: String?
    var by: String
    /// The `by` the body gave (used only with the single unnamed token).
    var claimedBy: String?

    init(_ body: JSONBody) throws(APIError) {
        let name = try body.requiredString("action")
        guard let action = Action(rawValue: name) else {
            throw .badRequest(
                "\(name) is not an action; expected one of \(Action.allCases.map(\.rawValue).joined(separator: ", "))",
                at: "action")
        }
        self.action = action
        overrides = try body.optionalObject("overrides") ?? [:]
        for key in overrides.keys.sorted() where key.isEmpty || key.contains("=") {
            throw .badRequest("override names must be non-empty and contain no '='", at: JSONPointer(tokens: ["overrides", key]))
        }
        note = try body.optionalString("note")
        claimedBy = try body.optionalString("by")
        by = claimedBy ?? Self.defaultAnswerer
    }
}
