import GafferContracts
import GafferEngines

/// An engine that is not a local process (SPEC §13.2, §13.3): a ComfyUI server, a hosted job API. Gaffer itself
/// holds the conversation, so a Gaffer killed with -9 leaves the remote job running, and the attempt after the
/// restart (whose ``RemoteAttempt/key`` is the same) finds it instead of submitting it again.
public protocol RemoteEngine: Sendable {
    /// Runs the attempt to its end: the output written to ``RemoteAttempt/outputPath``, or the reason there is
    /// none. Honours the timeout, the stall timeout and cancellation (shutdown, a lost lease) by ending the remote
    /// job it started; never throws — every fault is an outcome.
    func run(_ attempt: RemoteAttempt) async -> RemoteRun
}

/// Everything a remote engine needs for one attempt.
public struct RemoteAttempt: Sendable {
    public var jobID: String
    public var attemptID: String
    public var stage: Workflow.Stage
    /// The attempt's `{params}`: stage defaults ⊕ job ⊕ decision adjustments ⊕ operator overrides.
    public var params: [String: JSONValue]
    /// The job as admitted (an original-system job carries its `comfyui.bindings` here).
    public var job: JSONValue
    /// The stage's input (the accepted output of the stage it reads), when it has one.
    public var inputPath: String?
    /// The stage's `comfyui.uploads` with their templates filled: `"<node>.<input>"` → a local file.
    public var uploads: [String: String]
    /// A graph that replaces the stage's own (a SWITCH_POLICY to a registry workflow whose engine is this one).
    public var graphOverride: String?
    public var folder: String
    public var outputPath: String
    /// The engine log: every exchange with the server, one line each (the evidence of a failure).
    public var logPath: String
    /// A folder of the job's that outlives its attempts: where a remote engine records, durably and before it
    /// waits on anything, the id a provider gave the attempt's job (so a restart polls it instead of submitting).
    public var journalFolder: String
    /// The variables the workflow's `engine_env` lets through (a server URL, a token).
    public var environment: [String: String]
    public var timeout: Duration
    public var stall: Duration?
    /// Stable across a restart of Gaffer: the sandbox, job, stage and how many attempts of the stage were decided
    /// before this one. Remote ids (ComfyUI's prompt id, an idempotency key) derive from it.
    public var key: String
    /// The engine's own progress (`value` of `total`).
    public var onProgress: @Sendable (Double, Double) -> Void
    /// This worker is the sandbox's only one (the SQLite store, under its run lock): what it finds of Gaffer's on a
    /// server and does not hold itself, no one holds.
    public var soleWorker: Bool

    public init(
        jobID: String, attemptID: String, stage: Workflow.Stage, params: [String: JSONValue], job: JSONValue,
        inputPath: String?, uploads: [String: String] = [:], graphOverride: String?, folder: String, outputPath: String, logPath: String,
        journalFolder: String,
        environment: [String: String], timeout: Duration, stall: Duration?, key: String,
        onProgress: @escaping @Sendable (Double, Double) -> Void, soleWorker: Bool = false
    ) {
        self.soleWorker = soleWorker
        self.jobID = jobID
        self.attemptID = attemptID
        self.stage = stage
        self.params = params
        self.job = job
        self.inputPath = inputPath
        self.uploads = uploads
        self.graphOverride = graphOverride
        self.folder = folder
        self.outputPath = outputPath
        self.logPath = logPath
        self.journalFolder = journalFolder
        self.environment = environment
        self.timeout = timeout
        self.stall = stall
        self.key = key
        self.onProgress = onProgress
    }
}

/// How a remote attempt ended, in the facts a process run reports (pid 0), plus what only a remote engine says.
public struct RemoteRun: Sendable, Hashable {
    public enum Refusal: Sendable, Hashable {
        /// The server refused the input (ComfyUI's 400 / `node_errors`, a failed preflight): not retried as is.
        case invalidInput(String)
        /// The server is unreachable, restarted, or answered 429/5xx: snooze, no budget spent.
        case busy(String)
    }

    /// Wall time, timed out, stalled, interrupted; `exitCode` 0 when the engine finished (its output may still
    /// be missing), 1 when it reported an error.
    public var run: EngineRun
    public var refusal: Refusal?
    /// The engine's own account of an error (node, type, message).
    public var error: String?
    /// What the engine reported about itself for `engine_metrics` (prompt id, server, cost).
    public var facts: [String: JSONValue]

    public init(run: EngineRun, refusal: Refusal? = nil, error: String? = nil, facts: [String: JSONValue] = [:]) {
        self.run = run
        self.refusal = refusal
        self.error = error
        self.facts = facts
    }

    /// A run that ended at `wallSeconds` with `exitCode`, nothing else of a process about it.
    public static func ended(
        wallSeconds: Double, exitCode: Int32? = 0, timedOut: Bool = false, stalled: Bool = false, interrupted: Bool = false
    ) -> EngineRun {
        EngineRun(
            pid: 0, processGroup: 0, exitCode: exitCode, signal: nil, timedOut: timedOut, stalled: stalled,
            interrupted: interrupted, wallSeconds: wallSeconds, peakRSSBytes: 0, logBytes: 0, logTruncated: false)
    }
}
