import ArgumentParser
import Foundation
import GafferCLICore
import GafferLoop
import GafferPostgres
import GafferStore

/// `--sandbox DIR` and `--store URL`, taken by every command that works on a sandbox.
struct SandboxOptions: ParsableArguments {
    @Option(help: "The sandbox folder (jobs/, logs/, output/, gaffer.sqlite …).") var sandbox: String = "./sandbox"
    @Option(
        name: .customLong("store"),
        help: "The store: postgres://user[:password]@host[:port]/database for a fleet of workers (default: $GAFFER_STORE, else <sandbox>/gaffer.sqlite).")
    var storeURL: String?

    var layout: SandboxLayout { SandboxLayout(root: sandbox) }

    /// The PostgreSQL store named by `--store` or `GAFFER_STORE`, if any.
    var postgres: String? {
        let named = storeURL ?? ProcessInfo.processInfo.environment["GAFFER_STORE"].flatMap { $0.isEmpty ? nil : $0 }
        return named
    }

    /// Whether several workers may share the store (PostgreSQL): then no sandbox run lock is taken.
    var isShared: Bool { postgres != nil }

    /// Opens the store: PostgreSQL when one is named, else the sandbox's SQLite file (creating the folder when
    /// `create`).
    func openStore(create: Bool = false) async throws -> any JobStore {
        if let url = postgres {
            guard PostgresLocation.isPostgres(url) else {
                throw CommandFailure.invalid("--store \(url): not a postgres:// URL (leave it out for the sandbox's SQLite file)")
            }
            do {
                return try await PostgresJobStore.connect(try PostgresLocation(url: url), logger: LogSetup.logger("store"))
            } catch {
                throw CommandFailure(status: .internalError, message: "cannot open the store: \(error)")
            }
        }
        return try openSQLite(create: create)
    }

    func openSQLite(create: Bool) throws -> SQLiteJobStore {
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
