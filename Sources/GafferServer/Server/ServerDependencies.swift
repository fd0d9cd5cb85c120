import GafferLoop
import GafferStore
import Hummingbird
import Logging

/// What every route needs: the configuration, the store, and the operator desks that change things.
struct ServerDependencies: Sendable {
    let configuration: ServerConfiguration
    let store: any JobStore
    let logger: Logger

    var layout: SandboxLayout { configuration.layout }

    var escalationDesk: EscalationDesk {
        EscalationDesk(layout: layout, store: store, workflowsFolder: configuration.workflowsFolder, wakeup: configuration.wakeup)
    }

    var operatorDesk: OperatorDesk {
        OperatorDesk(layout: layout, store: store, workflowsFolder: configuration.workflowsFolder, wakeup: configuration.wakeup)
    }

    /// The token's entry of a request that passed the token middleware.
    func caller(of request: Request) -> OperatorTokens.Entry? {
        if case .accepted(let entry) = configuration.tokens.identify(authorization: request.headers[.authorization]) { return entry }
        return nil
    }

    /// Who a change is recorded under: a named token's name (SPEC §10: not free text); with the single unnamed
    /// token, the `by` the request gives.
    func actor(of request: Request, claimed: String?) -> String {
        caller(of: request)?.name ?? claimed ?? "api"
    }

    var handoffDesk: HandoffDesk {
        HandoffDesk(layout: layout, store: store, extraPlatforms: configuration.extraPlatforms)
    }

    var readiness: ReadinessProbe {
        ReadinessProbe(store: store, sandbox: layout.root, searchPath: configuration.searchPath)
    }
}
