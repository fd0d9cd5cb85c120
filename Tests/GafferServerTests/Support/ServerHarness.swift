import Foundation
import GafferServer
import Logging
import ServiceLifecycle

/// Runs the real application on 127.0.0.1, port 0, inside a service group, hands the body a client for the
/// bound port, then shuts the group down gracefully and waits for it.
enum ServerHarness {
    static func configuration(_ fixture: ServerFixture) -> ServerConfiguration {
        ServerConfiguration(
            host: "127.0.0.1", port: 0, token: ServerFixture.token, layout: fixture.layout, version: ServerFixture.version)
    }

    static func withServer<T>(
        _ fixture: ServerFixture, configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: (HTTPTestClient) async throws -> T
    ) async throws -> T {
        var configuration = configuration(fixture)
        configure(&configuration)
        let logger = Logger(label: "gaffer-server-test") { _ in SwiftLogNoOpLogHandler() }
        let (ports, announce) = AsyncStream.makeStream(of: Int.self)
        let application = GafferServer.application(configuration: configuration, store: fixture.store, logger: logger) { port in
            announce.yield(port)
            announce.finish()
        }
        let group = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { announce.finish() }
                try await group.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await tasks.waitForAll()
                throw FixtureError("the server stopped before it listened")
            }
            let outcome: Result<T, any Error>
            do {
                outcome = .success(try await body(HTTPTestClient(port: port)))
            } catch {
                outcome = .failure(error)
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try outcome.get()
        }
    }

    /// A fresh fixture and a server on it.
    static func withFixtureServer<T>(
        configure: (inout ServerConfiguration) -> Void = { _ in }, _ body: (ServerFixture, HTTPTestClient) async throws -> T
    ) async throws -> T {
        let fixture = try await ServerFixture.make()
        return try await withServer(fixture, configure: configure) { client in try await body(fixture, client) }
    }
}
