import ArgumentParser
import GafferCLICore
import GafferPostgres
import GafferStore

/// `gaffer store …`: the store itself.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "The store of record (SQLite file or PostgreSQL).", subcommands: [Migrate.self])

    /// `gaffer store migrate`: applies the migrations the store lacks — before a fleet's workers roll out, say (each
    /// worker applies them at start too; two at once apply them once) — and lists what the store has.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply the store's schema migrations and list them.")

        @OptionGroup var sandbox: SandboxOptions

        func run() async throws {
            let store = try await sandbox.openStore(create: true)
            let applied = try await store.migrations()
            // A PostgreSQL store is named without its password (the location's description leaves it out).
            let name = sandbox.postgres.map { url in (try? PostgresLocation(url: url)).map(String.init(describing:)) ?? "the PostgreSQL store" }
            Console.out("\(name ?? sandbox.layout.storePath): \(applied.count) migrations applied")
            for name in applied { Console.out("  \(name)") }
        }
    }
}
