import ArgumentParser
import Foundation
import GafferCLICore
import GafferContracts
import GafferLoop
import GafferStore

/// `gaffer handoff register|list`: the ledger of platform posts (SPEC §8).
struct HandoffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handoff", abstract: "Register platform posts; a registered job moves to POSTED.",
        subcommands: [Register.self, List.self])

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "register",
            abstract: "Record that a completed job was posted.",
            discussion: """
                The same (job, platform, URL) again is a no-op (exit 0). A different URL is refused (exit 2) \
                unless --force, which records the correction. Extra platform names: GAFFER_PLATFORMS=a,b.
                """)
        @OptionGroup var sandbox: SandboxOptions
        @Option(name: .customLong("job-id")) var jobID: String
        @Option(help: "youtube, tiktok, instagram, x, validation (or one in GAFFER_PLATFORMS).") var platform: String
        @Option(name: .customLong("post-url"), help: "Absolute http(s) URL of the post.") var postURL: String
        @Option(name: .customLong("platform-post-id")) var platformPostID: String?
        @Option var author: String?
        @Option var niche: String?
        @Option var lane: String?
        @Flag(help: "Replace a different URL already registered for this job and platform.") var force = false

        func run() async throws {
            let store = try await sandbox.openStore()
            let extra = Set((ProcessInfo.processInfo.environment["GAFFER_PLATFORMS"] ?? "").split(separator: ",").map(String.init))
            let desk = HandoffDesk(layout: sandbox.layout, store: store, extraPlatforms: extra)
            let entry = HandoffRegistry.Entry(
                jobID: jobID, platform: platform, postURL: postURL, platformPostID: platformPostID, postedAt: Timestamp.now(),
                author: author, niche: niche, lane: lane)
            do {
                switch try await desk.register(entry, force: force, runID: LoopConfiguration.newRunID()) {
                case .registered: Console.out("registered \(jobID) on \(platform): \(postURL); the job is POSTED")
                case .unchanged: Console.out("already registered: \(jobID) on \(platform) is \(postURL); nothing changed")
                case .corrected(let previous): Console.out("corrected \(jobID) on \(platform): \(previous) → \(postURL)")
                }
            } catch let refusal as HandoffDesk.Refusal {
                throw CommandFailure.invalid(refusal.description)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Print the ledger.")
        @OptionGroup var sandbox: SandboxOptions
        @Flag(help: "Print the handoff_registry.v1 document.") var json = false

        func run() async throws {
            let store = try await sandbox.openStore()
            let registry = try HandoffDesk(layout: sandbox.layout, store: store).loadRegistry()
            if json {
                Console.out(try HandoffDesk.encode(registry))
                return
            }
            let legacy = HandoffDesk.legacyEntries(registry)
            var rows = [["JOB", "PLATFORM", "POST URL", "POSTED AT"]]
            for (index, entry) in registry.entries.enumerated() {
                rows.append([entry.jobID, entry.platform, entry.postURL + (legacy.contains(index) ? "  (legacy: not an http(s) URL)" : ""), entry.postedAt])
            }
            Console.out(registry.entries.isEmpty ? "no handoffs registered" : StatusTable.table(rows))
        }
    }
}
