#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The original's job files point at documents instead of holding them (SPEC §3.7): `quality_target {relpath}` →
/// a `quality_target.v1` file, `continuity_pack {relpath}` → an `episode_continuity_pack.v1` file. Resolved against
/// the project root (`--root`; default the folder that holds the sandbox, so the original's `repo/…` relpaths work),
/// read once at admission, and merged in place (the `relpath` kept), so the job the loop stores is the job QC reads.
public enum JobRelpaths {
    /// The pointers resolved, and the kind each must name.
    static let pointers: [(key: String, kind: ArtifactKind)] = [
        ("quality_target", .qualityTarget),
        ("continuity_pack", .continuityPack),
    ]

    /// `job` with every `{relpath}` pointer replaced by the document it names. Every fault names the job file and
    /// the JSON path; nothing is half-resolved.
    public static func resolve(_ job: JSONValue, root: String, source: String) throws(ContractError) -> JSONValue {
        guard case .object(var object) = job else { return job }
        var faults: [SchemaViolation] = []
        for (key, kind) in pointers {
            let version = kind.rawValue
            guard let relpath = object[key]?["relpath"]?.stringValue else { continue }
            let at = JSONPointer.root.appending(key).appending("relpath")
            guard RelativePath.staysInside(relpath), !relpath.isEmpty else {
                faults.append(SchemaViolation(path: at, message: "\"\(relpath)\" must be a path inside the project root \(root) (no leading /, no ..)"))
                continue
            }
            let path = RelativePath.join(root, relpath)
            guard let data = FileManager.default.contents(atPath: path) else {
                faults.append(SchemaViolation(path: at, message: "names \(path), which does not exist (relpaths resolve against --root \(root))"))
                continue
            }
            let document: JSONValue
            do {
                document = try JSONParser.parse(data)
            } catch {
                faults.append(SchemaViolation(path: at, message: "names \(path), which is not JSON: \(error)"))
                continue
            }
            guard case .object(var members) = document, members["version"]?.stringValue == version else {
                faults.append(SchemaViolation(path: at, message: "names \(path), which is not a \(version) (its version is \(document["version"]?.stringValue.map { "\"\($0)\"" } ?? "missing"))"))
                continue
            }
            do {
                try ContractDecoder.validate(document, as: kind, source: path)
            } catch {
                faults.append(SchemaViolation(path: at, message: "names a \(version) that breaks its contract: \(error.description)"))
                continue
            }
            members["relpath"] = .string(relpath)
            object[key] = .object(members)
        }
        if !faults.isEmpty { throw .violations(source: source, faults) }
        return .object(object)
    }

    /// The default project root: the folder that holds the sandbox.
    public static func defaultRoot(forSandbox sandbox: String) -> String {
        RelativePath.parent(of: URL(fileURLWithPath: sandbox).standardizedFileURL.path)
    }

    /// For a job file outside a run (`gaffer qc --job`): the root of the sandbox whose `jobs/` holds it
    /// (`<root>/sandbox/jobs/…/x.job.json` → `<root>`), else the current folder.
    public static func defaultRoot(forJob path: String) -> String {
        var folder = RelativePath.parent(of: URL(fileURLWithPath: path).standardizedFileURL.path)
        while folder != "/" && !folder.isEmpty {
            if RelativePath.lastComponent(of: folder) == "jobs" { return defaultRoot(forSandbox: RelativePath.parent(of: folder)) }
            folder = RelativePath.parent(of: folder)
        }
        return FileManager.default.currentDirectoryPath
    }
}
