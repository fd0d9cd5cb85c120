import Glibc

/// The engine could not be started; nothing was left running.
///
/// Thrown before or by the spawn itself. Once an engine has started, whatever happens to it is an
/// ``EngineRun``, never an error.
public struct EngineLaunchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the launch failed.
    public enum Reason: Sendable, Hashable {
        /// `argv` was empty.
        case emptyArgv
        /// `argv[0]` has no slash and is not an executable file in any directory of the child's `PATH`.
        case executableNotFound(name: String, searchPath: String?)
        /// The path exists but is not an executable regular file.
        case notExecutable(path: String)
        /// `workingDirectory` does not exist or is not a directory.
        case workingDirectoryMissing(path: String)
        /// The log could not be created or truncated.
        case logNotWritable(path: String, errno: Int32)
        /// An argument or environment entry contains a NUL byte, or a variable name contains `=`.
        case invalidArgument(String)
        /// /proc is not mounted: without it the runner cannot see an engine's process tree.
        case procUnavailable
        /// `pipe2`, `posix_spawn` (including the exec and `chdir` in the child) failed.
        case spawnFailed(step: String, errno: Int32)
    }

    /// The argv that was to be run.
    public var argv: [String]
    /// Why it could not be.
    public var reason: Reason

    /// - Parameters:
    ///   - argv: the command that was to be started.
    ///   - reason: why it could not be.
    public init(argv: [String], reason: Reason) {
        self.argv = argv
        self.reason = reason
    }

    /// One sentence for an operator: the command, what went wrong and what to do about it.
    public var description: String {
        let command = argv.isEmpty ? "(empty argv)" : argv.map { "'\($0)'" }.joined(separator: " ")
        return "cannot start engine \(command): \(because)"
    }

    private var because: String {
        switch reason {
        case .emptyArgv:
            return "argv is empty; the workflow stage must name a program"
        case .executableNotFound(let name, let searchPath?):
            return "executable '\(name)' not found in the engine's PATH (\(searchPath)); "
                + "install it, add its directory to the stage's PATH, or give an absolute path"
        case .executableNotFound(let name, nil):
            return "executable '\(name)' cannot be looked up: the engine's environment has no PATH; "
                + "give an absolute path or add PATH to the stage's environment"
        case .notExecutable(let path):
            return "'\(path)' is not an executable file; check the path and its permissions (chmod +x)"
        case .workingDirectoryMissing(let path):
            return "working directory '\(path)' does not exist or is not a directory"
        case .logNotWritable(let path, let code):
            return "log '\(path)' cannot be written: \(Self.message(forErrno: code)); check the folder and its permissions"
        case .procUnavailable:
            return "/proc is not mounted; the runner needs it to watch and kill an engine's process tree"
        case .invalidArgument(let what):
            return what
        case .spawnFailed(let step, let code):
            return "\(step) failed: \(Self.message(forErrno: code))"
        }
    }

    /// `strerror` text with the symbolic number, e.g. "No such file or directory (errno 2)".
    static func message(forErrno code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: text)) (errno \(code))"
    }
}
