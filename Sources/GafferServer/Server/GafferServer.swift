import GafferStore
import Hummingbird
import Logging
import ServiceLifecycle

/// The ops server of SPEC §10: health, readiness, Prometheus metrics built from the store, the JSON API for
/// jobs, escalations and handoffs, the escalation review page and the evidence files it shows.
///
/// Everything it reports is read from the store at request time, so it can run in its own process beside
/// `gaffer run`. Everything it changes goes through `EscalationDesk` and `HandoffDesk`, the same code the
/// CLI calls, behind a bearer token.
public enum GafferServer {
    /// The Hummingbird application (it is a swift-service-lifecycle `Service`: run it in a `ServiceGroup` for a
    /// graceful shutdown).
    ///
    /// - Parameters:
    ///   - configuration: where to listen, the token, the sandbox.
    ///   - store: the sandbox's store (the server only reads it, except through the operator desks).
    ///   - logger: request failures and internal errors are logged here.
    ///   - onRunning: called once the server listens, with the bound port (pass port 0 to get a free one).
    public static func application(
        configuration: ServerConfiguration, store: any JobStore, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol & Service {
        let dependencies = ServerDependencies(configuration: configuration, store: store, logger: logger)
        return Application(
            router: ServerRouter.make(dependencies),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "gaffer/\(configuration.version)"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}
