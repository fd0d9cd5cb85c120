import GafferContracts
import GafferLoop

/// The body of `POST /api/jobs/{id}/{verb}` (SPEC §7), every member optional:
/// `{"note": "…", "now": true, "stage": "video", "attempt_id": "run-0001", "gate_id": "g", "overrides": {…},
/// "abort": true, "by": "…"}`. `by` counts only with the single unnamed token; a named token's name wins.
struct VerbRequest: Sendable {
    static let members = ["note", "now", "stage", "attempt_id", "gate_id", "overrides", "abort", "by"]

    var request: OperatorDesk.Request
    var claimedBy: String?

    init(_ verb: OperatorVerb, body: JSONBody) throws(APIError) {
        claimedBy = try body.optionalString("by")
        let overrides = try body.optionalObject("overrides") ?? [:]
        for key in overrides.keys.sorted() where key.isEmpty || key.contains("=") {
            throw .badRequest("override names must be non-empty and contain no '='", at: JSONPointer(tokens: ["overrides", key]))
        }
        let stage = try body.optionalString("stage")
        request = OperatorDesk.Request(
            verb, by: claimedBy ?? ResolveRequest.defaultAnswerer, note: try body.optionalString("note"),
            now: try body.optionalBool("now") ?? false, stage: stage.map(StageName.init(rawValue:)),
            attemptID: try body.optionalString("attempt_id"), gateID: try body.optionalString("gate_id"), overrides: overrides,
            abort: try body.optionalBool("abort") ?? false)
    }
}
