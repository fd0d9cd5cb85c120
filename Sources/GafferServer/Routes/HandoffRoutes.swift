import GafferContracts
import GafferLoop
import Hummingbird

/// `GET /api/handoffs` (the ledger) and `POST /api/handoffs`, which registers a post through `HandoffDesk`
/// exactly as `gaffer handoff register` does.
struct HandoffRoutes: Sendable {
    let dependencies: ServerDependencies

    func register(on router: Router<BasicRequestContext>) {
        router.get("api/handoffs") { _, _ in try await ledger() }
        router.post("api/handoffs") { request, _ in try await register(request) }
    }

    func ledger() async throws -> Response {
        let entries = try await dependencies.store.handoffs()
        return JSONResponse.make(["entries": try JSONResponse.array(of: entries)])
    }

    func register(_ request: Request) async throws -> Response {
        let handoff = try HandoffRequest(
            try await JSONBody.read(request, allowed: HandoffRequest.members), postedAt: Timestamp.now())
        let entry = handoff.entry
        if handoff.force, let caller = dependencies.caller(of: request), caller.role < .admin {
            throw APIError.forbidden("\(caller.name ?? "this token") is an \(caller.role.rawValue): only an admin may force a handoff; nothing changed")
        }
        let outcome: HandoffDesk.Outcome
        do {
            outcome = try await dependencies.handoffDesk.register(entry, force: handoff.force, runID: LoopConfiguration.newRunID())
        } catch let refusal as HandoffDesk.Refusal {
            throw Self.apiError(for: refusal)
        }
        let job = try await dependencies.store.job(entry.jobID).map(JobJSON.brief) ?? .null
        var body: [String: JSONValue] = ["job": job, "entry": .null]
        let ledger = try await dependencies.store.handoffs()
        if let stored = ledger.first(where: { $0.jobID == entry.jobID && $0.platform == entry.platform }) {
            body["entry"] = try JSONResponse.value(of: stored)
        }
        switch outcome {
        case .registered:
            body["outcome"] = "registered"
            return JSONResponse.make(.object(body), status: .created)
        case .unchanged:
            body["outcome"] = "unchanged"
            body["message"] = .string("\(entry.jobID) on \(entry.platform) is already registered with this URL; nothing changed")
            return JSONResponse.make(.object(body))
        case .corrected(let previous):
            body["outcome"] = "corrected"
            body["previous_post_url"] = .string(previous)
            return JSONResponse.make(.object(body))
        }
    }

    static func apiError(for refusal: HandoffDesk.Refusal) -> APIError {
        switch refusal {
        case .unknownJob(let id): .notFound("no job \(id)")
        case .notCompleted(let id, let state):
            .conflict("job \(id) is \(state.rawValue); only COMPLETED (or POSTED) jobs can be posted")
        case .badURL(let url): .badRequest("\(url) is not an absolute http(s) URL", at: "post_url")
        case .unknownPlatform(let platform, let known):
            .badRequest("unknown platform \(platform); known: \(known.joined(separator: ", "))", at: "platform")
        case .conflicting(let existing):
            .conflict("already registered with \(existing); send \"force\": true to record a correction")
        case .notTheJobsPlatform(let platform, let listed):
            .conflict("the job is for \(listed.joined(separator: ", ")) only, not \(platform); send \"force\": true to register it anyway (recorded)")
        }
    }
}
