import GafferContracts
import Hummingbird

/// `GET /healthz` (the process answers) and `GET /readyz` (it can do its work: store, sandbox, ffmpeg).
struct HealthRoutes: Sendable {
    let dependencies: ServerDependencies

    func register(on router: Router<BasicRequestContext>) {
        router.get("healthz") { _, _ in JSONResponse.make(["status": "ok"]) }
        router.get("readyz") { _, _ in
            let failing = await dependencies.readiness.failures()
            // Details that do not make the server unready: a worker deciding without its advisor still works.
            let details = await dependencies.readiness.details()
            var body: [String: JSONValue] = failing.isEmpty
                ? ["status": "ready"] : ["status": "unready", "failing": .array(failing.map(JSONValue.string))]
            if !details.isEmpty { body["details"] = .array(details.map(JSONValue.string)) }
            return JSONResponse.make(.object(body), status: failing.isEmpty ? .ok : .serviceUnavailable)
        }
    }
}
