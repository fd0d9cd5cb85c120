import Foundation
import Synchronization
import GafferStore
import GafferTestSupport
import Testing

/// Opening one new SQLite store from several connections at once: each would otherwise see the migrations unapplied
/// and run them too ("duplicate column name"), which is what a `gaffer run` met when a `gaffer status` opened the
/// sandbox's first store at the same moment.
@Suite("SQLite store: opening")
struct SQLiteOpeningTests {
    @Test func aNewStoreOpenedByEightAtOnceIsMigratedOnce() async throws {
        let folder = try TemporaryFolder("sqlite-open")
        let failures = try await offThePool { () -> [String] in
            let failures = Mutex<[String]>([])
            for round in 0..<10 {
                let path = folder.path("round-\(round).sqlite")
                DispatchQueue.concurrentPerform(iterations: 8) { _ in
                    do {
                        _ = try SQLiteJobStore(path: path)
                    } catch {
                        failures.withLock { $0.append("round \(round): \(error)") }
                    }
                }
            }
            return failures.withLock { $0 }
        }
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        let migrations = try await SQLiteJobStore(path: folder.path("round-9.sqlite")).migrations()
        #expect(!migrations.isEmpty && Set(migrations).count == migrations.count)
    }
}
