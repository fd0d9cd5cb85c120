import ArgumentParser
import Foundation
import GafferCLICore
import GafferContracts
import GafferLoop
import GafferStore
import ServiceLifecycle

/// `gaffer demo`: a sandbox of sample jobs run end to end with the built-in ffmpeg engines — a clean pass, a
/// frozen-motion fault repaired by a stage retry whose decision changed the engine's parameters, an
/// unrepairable fault escalated with its evidence, and a handoff that moves a job to POSTED.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Write and run a sandbox of sample jobs.")

    @Option(help: "Where to write the demo sandbox (replaced if it is a previous demo).") var dir: String = "./demo-sandbox"
    @Flag(help: "Afterwards, keep serving the review page on the demo sandbox (answer the escalation in a browser).") var serve = false
    @OptionGroup var server: ServeOptions
    @Option(help: "The repository folder holding policies/technical_v1.json and workflows/demo_v1.yaml (default: found from here or the binary).") var repository: String?

    static let jobs: [(id: String, note: String, params: [String: JSONValue])] = [
        ("demo-clean-pass", "renders cleanly and passes every gate", ["seed": 1]),
        ("demo-frozen-motion", "freezes for 2 s; the retry's decision raises pose_weight and the freeze is gone",
         ["seed": 2, "freeze_at": 1, "freeze_seconds": 2]),
        ("demo-silent-audio", "has no sound for most of the clip: re-rendering cannot fix it, so an operator decides",
         ["seed": 3, "silence_at": 0.5, "silence_seconds": 3]),
    ]

    func run() async throws {
        let repository = try locateRepository()
        let layout = SandboxLayout(root: dir)
        try prepare(layout, repository: repository)
        let store = try SQLiteJobStore(path: layout.storePath)
        let configuration = LoopConfiguration(
            sandbox: dir, concurrency: 2, gafferExecutable: SelfExecutable.path, logger: LogSetup.logger("loop"),
            progress: LogSetup.progress)
        let started = Date()
        Console.out("demo sandbox: \(layout.root)\n")
        for job in Self.jobs { Console.out("  \(job.id): \(job.note)") }
        Console.out("\n$ gaffer run --once --sandbox \(dir)")
        let scheduler = Scheduler(configuration: configuration, store: store, once: true)
        LogSetup.board.start()
        _ = try await scheduler.runOnce()
        LogSetup.board.stop()

        Console.out("\n$ gaffer handoff register --job-id demo-clean-pass --platform youtube --post-url https://youtu.be/gaffer-demo")
        _ = try await HandoffDesk(layout: layout, store: store).register(
            HandoffRegistry.Entry(jobID: "demo-clean-pass", platform: "youtube", postURL: "https://youtu.be/gaffer-demo",
                                  platformPostID: "gaffer-demo", postedAt: Timestamp.now(), lane: "demo"),
            force: false, runID: configuration.runID)

        let jobs = try await store.jobSummaries()
        Console.out("\n$ gaffer status --sandbox \(dir)")
        Console.out(StatusTable.render(jobs, attempts: try await StatusTable.attempts(of: jobs, in: store)))
        for escalation in try await store.escalations(openOnly: true) {
            Console.out("\n$ gaffer escalations show \(escalation.escalationID) --sandbox \(dir)")
            Console.out(EscalationText.render(escalation.document, layout: layout))
        }
        Console.out(String(format: "\ndemo finished in %.1f s. Look around: %@/logs/<job>/ (attempts, decisions, events), %@/handoff_registry.v1.json", Date().timeIntervalSince(started), layout.root, layout.root))
        guard serve else { return }
        Console.out("\nServing the review page on the demo sandbox; Ctrl-C to stop.")
        let logger = LogSetup.logger("server")
        let group = ServiceGroup(configuration: .init(
            services: [try server.server(layout: layout, store: store, logger: logger)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// The folder with `policies/technical_v1.json` and `workflows/demo_v1.yaml`: --repository, the working
    /// directory, or the checkout the binary was built in.
    func locateRepository() throws -> String {
        var candidates = [repository, "."].compactMap { $0 }
        var folder = URL(fileURLWithPath: SelfExecutable.path).deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(folder.path)
            folder.deleteLastPathComponent()
        }
        guard let found = candidates.first(where: {
            FileManager.default.fileExists(atPath: $0 + "/policies/technical_v1.json")
                && FileManager.default.fileExists(atPath: $0 + "/workflows/demo_v1.yaml")
        }) else {
            throw CommandFailure.invalid("cannot find policies/technical_v1.json and workflows/demo_v1.yaml; run from the repository or pass --repository DIR")
        }
        return found
    }

    func prepare(_ layout: SandboxLayout, repository: String) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: layout.root) {
            let isEmpty = try manager.contentsOfDirectory(atPath: layout.root).isEmpty
            guard manager.fileExists(atPath: layout.path("workflows/demo_v1.yaml")) || isEmpty else {
                throw CommandFailure.invalid("--dir \(dir) exists and is not a previous demo sandbox; choose another folder")
            }
            try manager.removeItem(atPath: layout.root)
        }
        for folder in ["jobs", "workflows", "policies"] {
            try manager.createDirectory(atPath: layout.path(folder), withIntermediateDirectories: true)
        }
        try manager.copyItem(atPath: repository + "/workflows/demo_v1.yaml", toPath: layout.path("workflows/demo_v1.yaml"))
        try manager.copyItem(atPath: repository + "/policies/technical_v1.json", toPath: layout.path("policies/technical_v1.json"))
        for job in Self.jobs {
            let document: JSONValue = [
                "job_id": .string(job.id), "workflow": "demo_v1", "lane": "demo", "platforms": ["youtube"],
                "params": .object(job.params), "note": .string(job.note),
            ]
            try document.serialized().write(to: URL(fileURLWithPath: layout.path("jobs/\(job.id).job.json")))
        }
    }
}
