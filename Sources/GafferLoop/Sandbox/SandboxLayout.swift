import Foundation
import GafferContracts

/// Where everything lives in a sandbox (SPEC §6.3). Every path built from a job id or a file name is
/// checked to stay inside the sandbox before anything is created.
public struct SandboxLayout: Hashable, Sendable {
    public let root: String

    public init(root: String) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
    }

    public var jobsFolder: String { path("jobs") }
    public var storePath: String { path("gaffer.sqlite") }
    public var registryPath: String { path("handoff_registry.v1.json") }
    public var runLockPath: String { path(".gaffer-run.lock") }
    public var handoffLockPath: String { path(".handoff.lock") }

    public func logs(_ jobID: String) -> String { path("logs/\(jobID)") }
    public func statePath(_ jobID: String) -> String { path("logs/\(jobID)/state.json") }
    public func eventsPath(_ jobID: String) -> String { path("logs/\(jobID)/events.ndjson") }
    public func lineagePath(_ jobID: String) -> String { path("logs/\(jobID)/attempt_lineage.v1.json") }
    public func attemptFolder(_ jobID: String, _ attemptID: String) -> String { path("logs/\(jobID)/attempts/\(attemptID)") }
    public func escalationsFolder(_ jobID: String) -> String { path("logs/\(jobID)/escalations") }
    public func escalationPath(_ jobID: String, _ escalationID: String) -> String {
        path("logs/\(jobID)/escalations/\(escalationID).user_action_required.v1.json")
    }
    public func resolvedEscalationPath(_ jobID: String, _ escalationID: String) -> String {
        path("logs/\(jobID)/escalations/history/\(escalationID).user_action_required.v1.json")
    }
    public func outputFolder(_ jobID: String) -> String { path("output/\(jobID)") }
    public func distFolder(_ jobID: String) -> String { path("dist_artifacts/\(jobID)") }

    /// `root/relative`, refusing anything that would leave the sandbox (`..`, absolute paths, links are not followed here).
    public func path(_ relative: String) -> String {
        precondition(Self.staysInside(relative), "path \(relative) would leave the sandbox")
        return root + "/" + relative
    }

    /// Whether `relative` names something inside the sandbox.
    public static func staysInside(_ relative: String) -> Bool {
        RelativePath.staysInside(relative)
    }

    /// Checks an id before it names folders: the job-id pattern, so no `/`, `..` or upper case gets through.
    public static func isSafeJobID(_ id: String) -> Bool {
        Job.isValidID(id)
    }

    /// The path of `absolute` relative to the sandbox, for pointers in artifacts.
    public func relative(_ absolute: String) -> String {
        let standardized = URL(fileURLWithPath: absolute).standardizedFileURL.path
        return standardized.hasPrefix(root + "/") ? String(standardized.dropFirst(root.count + 1)) : standardized
    }

}
