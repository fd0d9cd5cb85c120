import Foundation
import GafferContracts
import GafferLoop
import GafferStore
import Hummingbird

/// `GET /api/escalations` (open, oldest first), `GET /api/escalations/{id}`, and
/// `POST /api/escalations/{id}/resolve`, which answers through `EscalationDesk` exactly as
/// `gaffer escalations resolve` does.
struct EscalationRoutes: Sendable {
    let dependencies: ServerDependencies

    func register(on router: Router<BasicRequestContext>) {
        router.get("api/escalations") { _, _ in try await list() }
        router.get("api/escalations/{id}") { _, context in try await show(try context.parameters.require("id")) }
        router.post("api/escalations/{id}/resolve") { request, context in
            try await resolve(try context.parameters.require("id"), request: request)
        }
    }

    func list() async throws -> Response {
        let open = try await dependencies.escalationDesk.list()
        return JSONResponse.make(["escalations": try JSONResponse.array(of: open)])
    }

    func show(_ id: String) async throws -> Response {
        guard let record = try await dependencies.store.escalation(id) else { throw APIError.notFound("no escalation \(id)") }
        return JSONResponse.make(try JSONResponse.value(of: record.document))
    }

    func resolve(_ id: String, request: Request) async throws -> Response {
        var answer = try ResolveRequest(try await JSONBody.read(request, allowed: ResolveRequest.members))
        answer.by = dependencies.actor(of: request, claimed: answer.claimedBy)
        let document: UserActionRequired
        let job: JobRecord
        do {
            (document, job) = try await dependencies.escalationDesk.resolve(
                id, action: answer.action, overrides: answer.overrides, note: answer.note, by: answer.by,
                runID: LoopConfiguration.newRunID())
        } catch let refusal as EscalationDesk.Refusal {
            throw Self.apiError(for: refusal, id: id)
        } catch let refusal as OperatorDesk.Refusal {
            throw VerbRoutes.apiError(for: refusal, id: id)
        } catch let error as StoreError {
            // The desk checked the escalation was open; another answer landed first.
            throw APIError.conflict("\(id): \(error.description)")
        }
        dependencies.logger.info("escalation resolved", metadata: [
            "escalation_id": "\(id)", "job_id": "\(job.jobID)", "action": "\(answer.action.rawValue)", "by": "\(answer.by)",
        ])
        return JSONResponse.make(["escalation": try JSONResponse.value(of: document), "job": JobJSON.brief(job)])
    }

    static func apiError(for refusal: EscalationDesk.Refusal, id: String) -> APIError {
        switch refusal {
        case .unknown: .notFound("no escalation \(id)")
        case .badOverride: .badRequest(refusal.description, at: "overrides")
        case .notOpen, .notAllowed, .jobNotEscalated, .nothingToAccept: .conflict("\(id): \(refusal.description); nothing changed")
        }
    }
}
