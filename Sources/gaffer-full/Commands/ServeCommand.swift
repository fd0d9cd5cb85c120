import ArgumentParser
import GafferLoop
import Logging
import ServiceLifecycle

/// `gaffer serve`: the ops server — health, readiness, Prometheus metrics, the JSON API and the review page.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve /healthz, /readyz, /metrics, the JSON API and the escalation review page.",
        discussion: "Requests that change something need `Authorization: Bearer <token>`. SIGTERM/SIGINT stop it gracefully.")

    @OptionGroup var sandbox: SandboxOptions
    @OptionGroup var serve: ServeOptions

    func run() async throws {
        let store = try await sandbox.openStore(create: true)
        let logger = LogSetup.logger("server")
        let group = ServiceGroup(configuration: .init(
            services: [try serve.server(layout: sandbox.layout, store: store, logger: logger)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
