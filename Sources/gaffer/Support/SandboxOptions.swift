import ArgumentParser
import Foundation
import GafferLoop
import GafferStore

/// `--sandbox DIR`, taken by every command that works on a sandbox.
struct SandboxOptions: ParsableArguments {
    @Option(help: "The sandbox folder (jobs/, logs/, output/, gaffer.sqlite …).") var sandbox: String = "./sandbox"

    var layout: SandboxLayout { SandboxLayout(root: sandbox) }

    /// Opens the store of an existing sandbox (or creates the folder when `create`).
    func openStore(create: Bool = false) throws -> SQLiteJobStore {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: layout.root, isDirectory: &isFolder) && isFolder.boolValue
        if !exists {
            guard create else { throw CommandFailure.invalid("--sandbox \(sandbox): no such folder") }
            try FileManager.default.createDirectory(atPath: layout.root, withIntermediateDirectories: true)
        }
        do {
            return try SQLiteJobStore(path: layout.storePath)
        } catch {
            throw CommandFailure(status: .internalError, message: "\(layout.storePath): cannot open the store: \(error)")
        }
    }
}

/// The path of the running `gaffer`, so workflows calling `gaffer engine …` run this very binary.
enum SelfExecutable {
    static var path: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
