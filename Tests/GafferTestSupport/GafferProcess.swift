import Foundation

/// How a child process ended and everything it printed.
public struct ProcessResult: Sendable, Hashable, CustomStringConvertible {
    /// The exit status; for a process killed by a signal, 128 + the signal number (as a shell reports it).
    public let status: Int32
    public let stdout: String
    public let stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    /// The lines of stdout, without the empty last one a trailing newline leaves.
    public var stdoutLines: [String] { Self.lines(stdout) }
    /// The lines of stderr, without the empty last one a trailing newline leaves.
    public var stderrLines: [String] { Self.lines(stderr) }

    /// For failure messages: the status and both streams, so a failing test shows what the process said.
    public var description: String {
        "exit status \(status)\n--- stdout ---\n\(stdout.isEmpty ? "(empty)\n" : stdout)--- stderr ---\n\(stderr.isEmpty ? "(empty)\n" : stderr)"
    }

    static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// Why a child process could not be run at all (as opposed to running and failing).
public struct ProcessLaunchError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Runs child processes with Foundation's `Process`, capturing their output completely.
///
/// stdout and stderr go to files rather than pipes: a child that writes more than a pipe buffer
/// holds can never block on a reader that only starts reading after the child exits.
public enum ChildProcess {
    /// - Parameters:
    ///   - executable: the program to run (absolute path).
    ///   - arguments: its arguments, passed as they are (no shell).
    ///   - cwd: the working directory; the test's own when nil.
    ///   - stdin: bytes for the child's standard input; /dev/null when nil.
    ///   - environment: replaces the inherited environment when given.
    public static func run(
        _ executable: URL, _ arguments: [String], cwd: String? = nil, stdin: Data? = nil,
        environment: [String: String]? = nil
    ) throws -> ProcessResult {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("gaffer-process-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        guard FileManager.default.createFile(atPath: outURL.path, contents: nil),
            FileManager.default.createFile(atPath: errURL.path, contents: nil)
        else { throw ProcessLaunchError("cannot create the capture files in \(scratch.path)") }
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd, isDirectory: true) }
        if let environment { process.environment = environment }
        process.standardOutput = outHandle
        process.standardError = errHandle
        var inHandle: FileHandle?
        if let stdin {
            let inURL = scratch.appendingPathComponent("stdin")
            try stdin.write(to: inURL)
            let handle = try FileHandle(forReadingFrom: inURL)
            inHandle = handle
            process.standardInput = handle
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        defer { try? inHandle?.close() }

        do {
            try process.run()
        } catch {
            throw ProcessLaunchError("cannot start \(executable.path) \(arguments.joined(separator: " ")): \(error)")
        }
        process.waitUntilExit()

        let status: Int32 = process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
        return ProcessResult(
            status: status,
            stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
            stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))
    }
}

/// Runs the `gaffer` binary that SwiftPM built for this test run.
public enum GafferProcess {
    /// Runs `gaffer` with `arguments` (no shell) and returns its status and output.
    /// - Throws: ``ProcessLaunchError`` when the binary cannot be found or started.
    public static func run(_ arguments: [String], cwd: String? = nil, stdin: Data? = nil) throws -> ProcessResult {
        try ChildProcess.run(binary(), arguments, cwd: cwd, stdin: stdin)
    }

    /// The built binary: beside the running test executable (SwiftPM builds `gaffer` there because
    /// GafferCLITests depends on it), else `<repo>/.build/debug/gaffer`.
    public static func binary() throws -> URL {
        for candidate in candidates() where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw ProcessLaunchError(
            "the gaffer binary was not found (looked at: \(candidates().map(\.path).joined(separator: ", "))); "
                + "build it first with `swift build` (swift test builds it when GafferCLITests depends on the gaffer target)")
    }

    static func candidates() -> [URL] {
        var folders: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            folders.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        if let exe = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            folders.append(exe.deletingLastPathComponent())
        }
        // macOS: the tests are a bundle (`GafferPackageTests.xctest`) loaded by xctest; the products sit beside it.
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        var seen: Set<String> = []
        let beside = folders.map { $0.appendingPathComponent("gaffer") }
        return (beside + [RepositoryPaths.root.appendingPathComponent(".build/debug/gaffer")])
            .filter { seen.insert($0.standardizedFileURL.path).inserted }
    }
}
