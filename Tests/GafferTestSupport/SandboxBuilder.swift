import Foundation
import GafferContracts

/// A sandbox in a temporary folder: workflows, policies and jobs written by the test, run by the real binary.
public final class SandboxBuilder: Sendable {
    public let folder: TemporaryFolder
    public var root: String { folder.root }

    public init() throws {
        folder = try TemporaryFolder()
        for name in ["jobs", "workflows", "policies"] {
            try FileManager.default.createDirectory(atPath: folder.path(name), withIntermediateDirectories: true)
        }
    }

    public func path(_ relative: String) -> String { folder.path(relative) }

    public func write(_ relative: String, _ text: String) throws {
        let target = path(relative)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
    }

    /// Copies a policy shipped in the repository's `policies/`.
    public func copyPolicy(_ name: String) throws {
        try FileManager.default.copyItem(atPath: RepositoryPaths.path("policies/\(name)"), toPath: path("policies/\(name)"))
    }

    /// A policy with no gates: every stage passes when its engine succeeds.
    public func writeOpenPolicy(_ name: String = "qc_policy.v1.json") throws {
        try write("policies/\(name)", #"{"version": "qc_policy.v1", "policy_id": "open", "gates": [], "routing": {}}"#)
    }

    public func writeJob(_ id: String, _ extra: [String: JSONValue] = [:], folder: String = "jobs") throws {
        var document: [String: JSONValue] = ["job_id": .string(id)]
        document.merge(extra) { _, new in new }
        try write("\(folder)/\(id).job.json", String(decoding: JSONValue.object(document).serialized(), as: UTF8.self))
    }

    /// `gaffer <arguments> --sandbox <root>` with the built binary.
    public func gaffer(_ arguments: [String]) throws -> ProcessResult {
        try GafferProcess.run(arguments + ["--sandbox", root])
    }

    public func json(_ relative: String) throws -> JSONValue { try JSONValue.read(path(relative)) }

    /// Every `*.json` file under the sandbox, relative to it.
    public func jsonFiles() -> [String] {
        (FileManager.default.subpaths(atPath: root) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    /// Processes whose command line contains `marker` (to prove an engine left nothing running).
    public static func processes(containing marker: String) -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry -> Int32? in
            guard let pid = Int32(entry), pid != getpid(),
                let raw = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return nil }
            let command = String(decoding: raw.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            return command.contains(marker) ? pid : nil
        }
    }
}
