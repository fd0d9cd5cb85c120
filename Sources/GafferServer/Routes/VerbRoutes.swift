import GafferContracts
import GafferLoop
import GafferStore
import Hummingbird

/// `POST /api/jobs/{id}/{verb}` — pause, resume, cancel, retry, pick, reset-budget, waive, approve, reject — through
/// `OperatorDesk`, exactly as `gaffer jobs <verb>` does (SPEC §7). Refused: 409 with the reason (nothing changes);
/// an invalid override: 400 naming its JSON path.
struct VerbRoutes: Sendable {
    let dependencies: ServerDependencies

    func register(on router: Router<BasicRequestContext>) {
        router.post("api/jobs/{id}/{verb}") { request, context in
            try await apply(try context.parameters.require("id"), verb: try context.parameters.require("verb"), request: request)
        }
    }

    func apply(_ id: String, verb name: String, request: Request) async throws -> Response {
        guard let verb = OperatorVerb(rawValue: name) else {
            throw APIError.notFound("no verb \(name); the verbs: \(OperatorVerb.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var body = try VerbRequest(verb, body: try await JSONBody.read(request, allowed: VerbRequest.members))
        body.request.by = dependencies.actor(of: request, claimed: body.claimedBy)
        let outcome: OperatorDesk.Outcome
        do {
            outcome = try await dependencies.operatorDesk.apply(id, body.request, runID: LoopConfiguration.newRunID())
        } catch let refusal as OperatorDesk.Refusal {
            throw Self.apiError(for: refusal, id: id)
        } catch let error as StoreError {
            throw APIError.conflict("\(id): \(error.description)")
        }
        dependencies.logger.info("operator verb", metadata: [
            "job_id": "\(id)", "verb": "\(verb.rawValue)", "by": "\(body.request.by)", "state": "\(outcome.job.state.rawValue)",
        ])
        return JSONResponse.make(["job": JobJSON.brief(outcome.job), "message": .string(outcome.message)])
    }

    static func apiError(for refusal: OperatorDesk.Refusal, id: String) -> APIError {
        switch refusal {
        case .unknownJob: .notFound(refusal.description)
        case .invalidOverride(_, let violations):
            .badRequest(refusal.description, at: JSONPointer(tokens: ["overrides"] + (violations.first?.path.tokens ?? [])))
        case .notNow, .notApplicable, .busy: .conflict("\(id): \(refusal.description)")
        }
    }
}
