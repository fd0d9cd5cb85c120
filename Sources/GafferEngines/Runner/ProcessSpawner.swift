import Foundation
import Glibc

/// A child that was started: its pid (also its process group and session id) and the read end of
/// the pipe that carries its stdout and stderr.
struct SpawnedProcess: Sendable {
    var pid: Int32
    var outputFD: Int32
}

/// Starts an engine with `posix_spawn`: its own session and process group, stdin from /dev/null (or a file),
/// stdout and stderr into one pipe, no other inherited descriptor, only the given environment,
/// default signal dispositions and an empty signal mask.
enum ProcessSpawner {
    /// `POSIX_SPAWN_SETSID` (glibc ≥ 2.26): the child calls `setsid`. Not imported into Swift because
    /// glibc declares it only under `_GNU_SOURCE`.
    private static let spawnSetSession: Int32 = 0x80

    /// Opens (creating parent folders, truncating) the log. The descriptor is close-on-exec.
    static func openLog(_ command: EngineCommand) throws(EngineLaunchError) -> Int32 {
        let path = command.resolved(command.logPath)
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw EngineLaunchError(argv: command.argv, reason: .logNotWritable(path: path, errno: errno))
        }
        return fd
    }

    /// Checks everything that can be checked before spawning (argv, environment, working directory)
    /// and returns the executable's path.
    static func preflight(_ command: EngineCommand) throws(EngineLaunchError) -> String {
        try validate(command)
        return try resolveExecutable(command)
    }

    /// Spawns `command` with the path ``preflight(_:)`` returned. On error nothing was started and
    /// no descriptor is left open.
    static func spawn(_ command: EngineCommand, executable: String) throws(EngineLaunchError) -> SpawnedProcess {
        let fail = { (reason: EngineLaunchError.Reason) in EngineLaunchError(argv: command.argv, reason: reason) }

        guard let (readEnd, writeEnd) = GNUSpawnExtensions.closeOnExecPipe() else {
            throw fail(.spawnFailed(step: "pipe2", errno: errno))
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        let stdin = command.stdinPath.map(command.resolved) ?? "/dev/null"
        var setupError: Int32 = posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        if setupError == 0 { setupError = posix_spawn_file_actions_adddup2(&actions, writeEnd, 1) }
        if setupError == 0 { setupError = posix_spawn_file_actions_adddup2(&actions, writeEnd, 2) }
        // Descriptors opened elsewhere in Gaffer without O_CLOEXEC must not reach the engine (an
        // inherited pipe end would keep another run's pipe open). Without closefrom (glibc < 2.34)
        // the runner's own descriptors are still close-on-exec.
        if setupError == 0, let closeFrom = GNUSpawnExtensions.addCloseFrom { setupError = closeFrom(&actions, 3) }
        if setupError == 0 {
            if let addChdir = GNUSpawnExtensions.addChdir {
                setupError = addChdir(&actions, command.workingDirectory)
            } else {
                setupError = ENOSYS
            }
        }
        if setupError == 0 {
            var noSignals = sigset_t()
            sigemptyset(&noSignals)
            var everySignal = sigset_t()
            sigfillset(&everySignal)
            sigdelset(&everySignal, SIGKILL)
            sigdelset(&everySignal, SIGSTOP)
            posix_spawnattr_setsigmask(&attributes, &noSignals)
            posix_spawnattr_setsigdefault(&attributes, &everySignal)
            let flags = spawnSetSession | Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)
            setupError = posix_spawnattr_setflags(&attributes, Int16(flags))
        }
        guard setupError == 0 else {
            close(readEnd)
            close(writeEnd)
            throw fail(.spawnFailed(step: "posix_spawn setup (glibc ≥ 2.29 needed)", errno: setupError))
        }

        let arguments = CStringArray(command.argv)
        let environment = CStringArray(command.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        var pid: pid_t = 0
        let spawnError = arguments.withPointers { argv in
            environment.withPointers { envp in
                posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            }
        }
        close(writeEnd)
        guard spawnError == 0 else {
            close(readEnd)
            throw fail(.spawnFailed(step: "posix_spawn of '\(executable)'", errno: spawnError))
        }
        return SpawnedProcess(pid: pid, outputFD: readEnd)
    }

    /// The path to exec: `argv[0]` itself when it has a slash, else the first executable regular file
    /// named `argv[0]` in the child's `PATH` (an empty entry means the working directory).
    static func resolveExecutable(_ command: EngineCommand) throws(EngineLaunchError) -> String {
        guard let name = command.argv.first, !name.isEmpty else {
            throw EngineLaunchError(argv: command.argv, reason: .emptyArgv)
        }
        if name.contains("/") {
            let path = command.resolved(name)
            guard exists(path) else {
                throw EngineLaunchError(argv: command.argv, reason: .executableNotFound(name: path, searchPath: nil))
            }
            guard isExecutableFile(path) else {
                throw EngineLaunchError(argv: command.argv, reason: .notExecutable(path: path))
            }
            return path
        }
        guard let searchPath = command.environment["PATH"] else {
            throw EngineLaunchError(argv: command.argv, reason: .executableNotFound(name: name, searchPath: nil))
        }
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = command.resolved(directory.isEmpty ? name : "\(directory)/\(name)")
            if isExecutableFile(candidate) { return candidate }
        }
        throw EngineLaunchError(argv: command.argv, reason: .executableNotFound(name: name, searchPath: searchPath))
    }

    private static func validate(_ command: EngineCommand) throws(EngineLaunchError) {
        let fail = { (what: String) in EngineLaunchError(argv: command.argv, reason: .invalidArgument(what)) }
        if command.argv.isEmpty { throw EngineLaunchError(argv: command.argv, reason: .emptyArgv) }
        if let bad = command.argv.first(where: { $0.utf8.contains(0) }) {
            throw fail("argument '\(bad)' contains a NUL byte")
        }
        for (key, value) in command.environment {
            if key.isEmpty || key.contains("=") || key.utf8.contains(0) {
                throw fail("environment variable name '\(key)' is empty or contains '=' or NUL")
            }
            if value.utf8.contains(0) { throw fail("environment variable \(key) contains a NUL byte") }
        }
        var info = stat()
        guard stat(command.workingDirectory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw EngineLaunchError(argv: command.argv, reason: .workingDirectoryMissing(path: command.workingDirectory))
        }
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && access(path, X_OK) == 0
    }
}
