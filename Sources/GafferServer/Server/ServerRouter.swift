import Hummingbird

/// The routes, in the order an operator meets them, behind the error and token middleware.
enum ServerRouter {
    static func make(_ dependencies: ServerDependencies) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        // Outermost first: every failure becomes a response with a message; the token is checked before any
        // handler reads a body.
        router.add(middleware: ErrorMiddleware(logger: dependencies.logger))
        router.add(middleware: BearerTokenMiddleware(tokens: dependencies.configuration.tokens))

        HealthRoutes(dependencies: dependencies).register(on: router)
        MetricsRoutes(dependencies: dependencies).register(on: router)
        JobRoutes(dependencies: dependencies).register(on: router)
        VerbRoutes(dependencies: dependencies).register(on: router)
        EscalationRoutes(dependencies: dependencies).register(on: router)
        HandoffRoutes(dependencies: dependencies).register(on: router)
        PageRoutes(dependencies: dependencies).register(on: router)
        EvidenceRoutes(dependencies: dependencies).register(on: router)
        return router
    }
}
