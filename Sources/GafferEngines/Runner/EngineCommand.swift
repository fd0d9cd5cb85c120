/// One engine invocation, described completely: what to run, with which environment, where its output
/// goes, and when the runner gives up on it (SPEC §6.4).
///
/// Relative paths (`logPath`, `progressFile`, an `argv[0]` containing a slash, relative `PATH`
/// entries) resolve against `workingDirectory`, the directory the child starts in.
public struct EngineCommand: Sendable, Hashable {
    /// The program and its arguments, passed to the child as is: never through a shell.
    ///
    /// `argv[0]` without a slash is looked up in the `PATH` of ``environment`` (the child's, not
    /// Gaffer's); with a slash it is a path. Launch fails when it is missing or not executable.
    public var argv: [String]

    /// Exactly the environment the child gets. Nothing of Gaffer's own environment leaks in, so
    /// credentials reach an engine only when named here.
    public var environment: [String: String]

    /// The directory the child starts in. It must exist.
    public var workingDirectory: String

    /// Where stdout and stderr (one stream, in the order written) are saved. Created or truncated;
    /// missing parent directories are created.
    public var logPath: String

    /// Most bytes of output kept in the log. Past it the log gets one line
    /// `[gaffer: log capped at N bytes; further output discarded]` and the rest is read and
    /// dropped, so a chatty engine is never blocked on a full pipe. Default 8 MiB.
    public var logCapBytes: Int

    /// Wall-clock limit from spawn; nil means none.
    public var timeout: Duration?

    /// Longest silence tolerated: no output at all (kept or discarded) and no change of size or
    /// modification time of ``progressFile``. nil disables stall detection.
    public var stallTimeout: Duration?

    /// A file the engine touches or grows to say it is alive while printing nothing.
    public var progressFile: String?

    /// Time between SIGTERM to the process group and SIGKILL. Default 5 s.
    public var gracePeriod: Duration

    /// A file the child reads as its stdin; nil means /dev/null. Opened by the child, so a missing file fails
    /// the launch.
    public var stdinPath: String?

    /// A minimal `PATH` and nothing else: what an engine gets when the caller names no variables.
    public static let minimalEnvironment: [String: String] = ["PATH": "/usr/local/bin:/usr/bin:/bin"]

    /// The default log cap, 8 MiB.
    public static let defaultLogCapBytes = 8 * 1024 * 1024

    /// - Parameters:
    ///   - argv: program and arguments; must not be empty.
    ///   - environment: the child's whole environment (default: ``minimalEnvironment``).
    ///   - workingDirectory: the child's starting directory.
    ///   - logPath: file that receives stdout and stderr.
    ///   - logCapBytes: bytes kept in the log (default 8 MiB).
    ///   - timeout: wall-clock limit (default none).
    ///   - stallTimeout: silence limit (default none).
    ///   - progressFile: heartbeat file for stall detection (default none).
    ///   - gracePeriod: SIGTERM-to-SIGKILL delay (default 5 s).
    public init(
        argv: [String],
        environment: [String: String] = EngineCommand.minimalEnvironment,
        workingDirectory: String,
        logPath: String,
        logCapBytes: Int = EngineCommand.defaultLogCapBytes,
        timeout: Duration? = nil,
        stallTimeout: Duration? = nil,
        progressFile: String? = nil,
        gracePeriod: Duration = .seconds(5),
        stdinPath: String? = nil
    ) {
        self.argv = argv
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.logPath = logPath
        self.logCapBytes = logCapBytes
        self.timeout = timeout
        self.stallTimeout = stallTimeout
        self.progressFile = progressFile
        self.gracePeriod = gracePeriod
        self.stdinPath = stdinPath
    }

    /// `path` made absolute against ``workingDirectory`` when relative.
    func resolved(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return workingDirectory.hasSuffix("/") ? workingDirectory + path : workingDirectory + "/" + path
    }
}
