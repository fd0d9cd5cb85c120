import Foundation
import GafferContracts
import GafferStore
import Logging

/// How a `gaffer run` behaves. Everything the loop would otherwise read from the world comes in here.
public struct LoopConfiguration: Sendable {
    public var layout: SandboxLayout
    public var workflowsFolder: String
    public var policiesFolder: String
    /// What job relpaths (`quality_target.relpath`, `continuity_pack.relpath`) resolve against (`--root`); default the
    /// folder that holds the sandbox, where the original's `repo/` sits beside its `sandbox/`.
    public var projectRoot: String
    /// `--max-retries`; nil means each policy's `max_retries_default`.
    public var maxRetries: Int?
    /// A cap on all attempts of one job, across runs.
    public var maxJobAttempts: Int
    public var concurrency: Int
    /// When not empty, only these jobs are worked on.
    public var onlyJobs: Set<String>
    /// Replaces an argv[0] of `gaffer`, so workflows can call the built-in engines wherever Gaffer is installed.
    public var gafferExecutable: String
    public var host: String
    /// Names this invocation in every event it writes.
    public var runID: String
    /// How long SIGTERM/SIGINT lets running attempts finish before they are killed and recorded as interrupted.
    public var shutdownGrace: Duration
    /// How often `gaffer run` (without `--once`) looks at the inbox again.
    public var pollInterval: Duration
    /// This worker's id in leases (SPEC §9); default `<host>-<pid>`. Give a fixed one (`--worker-id`) in a fleet:
    /// a restarted worker then recovers its own orphaned attempts at once instead of after their leases expire.
    public var workerID: String
    /// Whether this worker is the store's only one (the SQLite store, under the sandbox's run lock): at start every
    /// running attempt is then an orphan. In a fleet (PostgreSQL) only this worker id's attempts are.
    public var exclusive: Bool
    /// This worker's labels (`--label gpu=a100`): a stage that `requires` labels runs only on a worker that has
    /// them all; the others leave its jobs queued for one that does.
    public var labels: [String: String]
    /// How long a claim's lease lasts without a heartbeat, and how often the heartbeat renews it.
    public var leaseSeconds: Double
    public var heartbeatSeconds: Double
    /// The operator's consent to the policy's authority trial (`--authority-trial`, SPEC §5.4): without it an
    /// advisor's proposals are recorded only, whatever the policy says.
    public var authorityTrialConsent: Bool
    /// When this worker stops asking an advisor that does not answer, and for how long.
    public var advisorCircuit: CircuitBreaker.Settings
    /// Gaffer's own log (engine output never goes here: it stays in the attempt's log file).
    public var logger: Logger
    /// Told when an attempt starts and ends, for a live progress display.
    public var progress: (@Sendable (AttemptProgress) -> Void)?
    /// The adapters of the stages whose `engine:` is not `process` (SPEC §13), by engine.
    public var remoteEngines: [EngineKind: any RemoteEngine] = [:]

    public init(
        sandbox: String, workflowsFolder: String? = nil, policiesFolder: String? = nil, projectRoot: String? = nil, maxRetries: Int? = nil,
        maxJobAttempts: Int = 50, concurrency: Int = 2, onlyJobs: Set<String> = [], gafferExecutable: String,
        runID: String = LoopConfiguration.newRunID(), shutdownGrace: Duration = .seconds(30),
        pollInterval: Duration = .seconds(1), workerID: String? = nil, leaseSeconds: Double = 30,
        heartbeatSeconds: Double = 5, exclusive: Bool = true, labels: [String: String] = [:],
        authorityTrialConsent: Bool = false, advisorCircuit: CircuitBreaker.Settings = CircuitBreaker.Settings(),
        logger: Logger = Logger(label: "gaffer.loop"),
        progress: (@Sendable (AttemptProgress) -> Void)? = nil
    ) {
        layout = SandboxLayout(root: sandbox)
        self.workflowsFolder = workflowsFolder ?? layout.path("workflows")
        self.policiesFolder = policiesFolder ?? layout.path("policies")
        self.projectRoot = projectRoot ?? JobRelpaths.defaultRoot(forSandbox: sandbox)
        self.maxRetries = maxRetries
        self.maxJobAttempts = maxJobAttempts
        self.concurrency = max(1, concurrency)
        self.onlyJobs = onlyJobs
        self.gafferExecutable = gafferExecutable
        host = ProcessInfo.processInfo.hostName
        self.runID = runID
        self.shutdownGrace = shutdownGrace
        self.pollInterval = pollInterval
        self.workerID = workerID ?? "\(host)-\(ProcessInfo.processInfo.processIdentifier)"
        self.leaseSeconds = leaseSeconds
        self.heartbeatSeconds = heartbeatSeconds
        self.exclusive = exclusive
        self.labels = labels
        self.authorityTrialConsent = authorityTrialConsent
        self.advisorCircuit = advisorCircuit
        var logger = logger
        logger[metadataKey: "run_id"] = .string(runID)
        logger[metadataKey: "component"] = "loop"
        self.logger = logger
        self.progress = progress
    }

    var worker: WorkerIdentity { WorkerIdentity(workerID: workerID, host: host) }

    /// The logger with a job's (and attempt's) fields set.
    func logger(job: String, stage: StageName? = nil, attempt: String? = nil) -> Logger {
        var scoped = logger
        scoped[metadataKey: "job_id"] = .string(job)
        if let stage { scoped[metadataKey: "stage"] = .string(stage.rawValue) }
        if let attempt { scoped[metadataKey: "attempt_id"] = .string(attempt) }
        return scoped
    }

    public static func newRunID() -> String {
        "r" + String(UInt64(Date().timeIntervalSince1970 * 1000), radix: 36) + "-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
    }
}

/// A running attempt's start or end, for progress displays.
public struct AttemptProgress: Sendable, Hashable {
    public enum Phase: Sendable, Hashable {
        case started
        /// The engine's own progress (`value` of `total`), from a remote engine.
        case progress(Double, Double)
        case ended(String)
    }

    public var jobID: String
    public var stage: String
    public var attemptID: String
    public var phase: Phase

    public init(jobID: String, stage: String, attemptID: String, phase: Phase) {
        self.jobID = jobID
        self.stage = stage
        self.attemptID = attemptID
        self.phase = phase
    }
}
