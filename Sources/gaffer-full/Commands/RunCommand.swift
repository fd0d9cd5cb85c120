import ArgumentParser
import Dispatch
import Foundation
import GafferAdvisor
import GafferCLICore
import GafferRemoteEngines
import GafferContracts
import GafferLoop
import GafferNotify
import GafferStore
import ServiceLifecycle

/// `gaffer run`: the loop. Runs jobs through their stages with supervised engines and decides after each.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the loop over the sandbox's jobs (keeps polling the inbox unless --once).",
        discussion: """
            --once exits when every job is terminal or waiting for an operator: 0 when all ended COMPLETED or \
            POSTED, else 2 if a job is INVALID, 3 if one is ESCALATED, 4 otherwise; 5 when another `gaffer run` \
            holds the sandbox (with the SQLite store; workers sharing a --store postgres://… run side by side). SIGTERM/SIGINT stop intake, let running attempts finish for --grace seconds, \
            then kill them and record them as interrupted.
            """)

    @OptionGroup var sandbox: SandboxOptions
    @Flag(help: "Work until nothing is left to do, then exit (for cron and CI).") var once = false
    @Option(name: .customLong("job"), help: "Only this job (repeatable).") var jobs: [String] = []
    @Option(name: .customLong("max-retries"), help: "Retries per stage (default: the policy's max_retries_default).") var maxRetries: Int?
    @Option(name: .customLong("max-job-attempts"), help: "A cap on all attempts of one job, across runs and stages.") var maxJobAttempts: Int = 50
    @Option(help: "Jobs worked on at once.") var concurrency: Int = 2
    @Option(help: "Workflows folder (default <sandbox>/workflows).") var workflows: String?
    @Option(help: "Policies folder (default <sandbox>/policies).") var policies: String?
    @Option(help: "What job relpaths (quality_target.relpath, continuity_pack.relpath) resolve against (default: the folder that holds the sandbox).") var root: String?
    @Option(help: "Seconds running attempts get to finish after SIGTERM/SIGINT.") var grace: Double = 30
    @Option(help: "Seconds between inbox scans (new jobs, answers given by other processes).") var poll: Double = 1
    @Option(name: .customLong("label"), help: "A label of this worker, key=value (repeatable): stages that `requires` it run only on workers that have it.")
    var labels: [String] = []
    @Option(help: "Seconds a claimed attempt's lease lasts without a heartbeat (renewed every sixth of it); a dead worker's attempts are taken over after this.")
    var lease: Double = 30
    @Option(name: .customLong("worker-id"), help: "This worker's id in leases (default <host>-<pid>); give each worker of a fleet a fixed one, so a restart recovers its own attempts at once.")
    var workerID: String?
    @Flag(help: "Also serve the ops server (API, metrics, review page) from this process; keeps running until stopped.") var serve = false
    @OptionGroup var advisorOption: AdvisorOption
    @Flag(name: .customLong("authority-trial"), help: "The operator's consent to the policies' authority trial: an allowed advisor proposal may replace a decision.")
    var authorityTrial = false
    @OptionGroup var server: ServeOptions
    @Option(help: "Webhooks to notify (YAML: notify: [{url, events, secret_env}]); default <sandbox>/notify.yaml when it exists, else GAFFER_NOTIFY.")
    var notify: String?

    func validate() throws {
        if let maxRetries, maxRetries < 0 { throw ValidationError("--max-retries must be 0 or more") }
        if concurrency < 1 { throw ValidationError("--concurrency must be 1 or more") }
        if maxJobAttempts < 1 { throw ValidationError("--max-job-attempts must be 1 or more") }
        if grace < 0 { throw ValidationError("--grace must be 0 or more") }
        if poll <= 0 { throw ValidationError("--poll must be more than 0 seconds") }
        if serve && once { throw ValidationError("--serve keeps running; it does not combine with --once") }
        for label in labels where Self.label(label) == nil {
            throw ValidationError("--label \(label): expected key=value (letters, digits, . _ - in the key)")
        }
        if lease < 1 { throw ValidationError("--lease must be at least 1 second") }
        if let workerID, workerID.isEmpty || workerID.contains(where: { $0.isWhitespace }) {
            throw ValidationError("--worker-id must be a non-empty word (no spaces)")
        }
    }

    func run() async throws {
        // Read before anything runs: a bad advisor file (or an unset key variable) is invalid input, not a run
        // whose every decision finds its advisor unavailable.
        let advisorSettings = try advisorOption.advisor.map { path throws(ContractError) in (path, try AdvisorSettings.load(path)) }
        let advisor = try advisorSettings.map { path, settings throws(ContractError) in try settings.makeAdvisor(source: path) }
        let notifySettings = try notifyFile().map { path throws(ContractError) in try NotifySettings.load(path) }
        let store = try await sandbox.openStore(create: true)
        // The SQLite store has one worker: the sandbox's run lock keeps a second one out. A PostgreSQL store is
        // shared by a fleet: leases and fencing tokens keep the workers apart, so no lock is taken.
        var lock: FileLock?
        if !sandbox.isShared {
            guard let held = FileLock(tryPath: sandbox.layout.runLockPath) else {
                throw CommandFailure(status: .busy, message: "another `gaffer run` is working on \(sandbox.layout.root)")
            }
            lock = held
        }
        defer { withExtendedLifetime(lock) {} }
        var configuration = LoopConfiguration(
            sandbox: sandbox.sandbox, workflowsFolder: workflows, policiesFolder: policies, projectRoot: root, maxRetries: maxRetries,
            maxJobAttempts: maxJobAttempts, concurrency: concurrency, onlyJobs: Set(jobs), gafferExecutable: SelfExecutable.path,
            shutdownGrace: .milliseconds(Int64(grace * 1000)), pollInterval: .milliseconds(Int64(poll * 1000)), workerID: workerID,
            leaseSeconds: lease, heartbeatSeconds: lease / 6,
            exclusive: !sandbox.isShared, labels: Dictionary(labels.compactMap(Self.label), uniquingKeysWith: { _, last in last }),
            authorityTrialConsent: authorityTrial, advisorCircuit: advisorSettings?.1.circuit ?? CircuitBreaker.Settings(),
            logger: LogSetup.logger("loop"), progress: LogSetup.progress)
        configuration.remoteEngines = [.comfyui: ComfyUIEngine(logger: LogSetup.logger("comfyui")), .httpJob: HTTPJobEngine()]
        LogSetup.board.start()
        defer { LogSetup.board.stop() }
        // One service, one shutdown path: SIGTERM/SIGINT stop claiming; after --grace the group cancels the loop, whose
        // running attempts are recorded as interrupted. With --serve the ops server runs in the same group.
        let scheduler = Scheduler(configuration: configuration, store: store, once: once, advisor: advisor)
        let logger = LogSetup.logger(serve ? "server" : "loop")
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: scheduler, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup),
        ]
        if serve {
            services.append(.init(service: try server.server(layout: sandbox.layout, store: store, logger: logger, wakeup: scheduler.wakeup)))
        }
        if let notifySettings, !notifySettings.hooks.isEmpty {
            // The sandbox's only run (SQLite, under the run lock) owns its hooks under one name, so a restart after a
            // crash delivers at once; a fleet worker under its worker id (fixed with --worker-id, it reclaims at once too).
            let owner = sandbox.isShared ? configuration.workerID : "sandbox-run"
            services.append(.init(service: NotificationDispatcher(settings: notifySettings, store: store, logger: LogSetup.logger("notify"), owner: owner)))
        }
        var groupConfiguration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownGrace
        do {
            try await ServiceGroup(configuration: groupConfiguration).run()
        } catch let error as ContractError {
            throw error
        } catch {
            throw CommandFailure(status: .internalError, message: "internal error: \(error)")
        }
        // `run --serve` is a server: a graceful stop is a success. The loop alone reports where its jobs ended.
        if serve { return }
        let summary = try await scheduler.summary()
        let jobs = summary.jobs.map(JobSummary.init)
        Console.out(StatusTable.render(jobs, attempts: try await StatusTable.attempts(of: jobs, in: store)))
        if once || scheduler.stopRequested {
            if summary.exitStatus != 0 { throw CommandFailure(status: ExitStatus(rawValue: summary.exitStatus) ?? .internalError, message: "") }
        }
    }

    /// The webhooks file: `--notify`, else `<sandbox>/notify.yaml` when it exists, else `GAFFER_NOTIFY`.
    func notifyFile() -> String? {
        if let notify { return notify }
        let local = sandbox.layout.path("notify.yaml")
        if FileManager.default.fileExists(atPath: local) { return local }
        return ProcessInfo.processInfo.environment["GAFFER_NOTIFY"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `key=value` → (key, value); nil when malformed.
    static func label(_ text: String) -> (String, String)? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let key = String(text[..<equals]), value = String(text[text.index(after: equals)...])
        let keyCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._-"))
        guard !key.isEmpty, !value.isEmpty, key.unicodeScalars.allSatisfy(keyCharacters.contains) else { return nil }
        return (key, value)
    }
}
