import GafferLoop
import GafferStore
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

    var handoffDesk: HandoffDesk {
        HandoffDesk(layout: layout, store: store, extraPlatforms: configuration.extraPlatforms)
    }

    var readiness: ReadinessProbe {
        ReadinessProbe(store: store, sandbox: layout.root, searchPath: configuration.searchPath)
    }
}
