import GafferContracts
import Hummingbird

/// `GET /healthz` (the process answers) and `GET /readyz` (it can do its work: store, sandbox, ffmpeg).
struct HealthRoutes: Sendable {
    let dependencies: ServerDependencies

    func register(on router: Router<BasicRequestContext>) {
        router.get("healthz") { _, _ in JSONResponse.make(["status": "ok"]) }
        router.get("readyz") { _, _ in
            let failing = await dependencies.readiness.failures()
            guard failing.isEmpty else {
                return JSONResponse.make(
                    ["status": "unready", "failing": .array(failing.map(JSONValue.string))], status: .serviceUnavailable)
            }
            return JSONResponse.make(["status": "ready"])
        }
    }
}
