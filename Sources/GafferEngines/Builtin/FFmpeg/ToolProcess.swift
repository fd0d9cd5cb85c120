import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What one run of an external tool left: its exit status and what it wrote.
struct ToolOutput: Sendable {
    /// The exit status; `128 + signal` when a signal ended it.
    var status: Int32
    var stdout: Data
    /// stderr, split into non-empty lines (trailing `\r` removed).
    var stderrLines: [String]
}

/// Runs ffmpeg and ffprobe: a full argv through Foundation.Process, never a shell.
///
/// stdout and stderr go to files in a scratch folder rather than pipes, so a chatty tool can never
/// block on a full pipe while we wait for it.
enum ToolProcess {
    /// The absolute path of `name`: itself when it contains a slash (and is executable), else the
    /// first executable `PATH` entry of that name; nil when there is none.
    static func locate(_ name: String) -> String? {
        let files = FileManager.default
        if name.contains("/") {
            return files.isExecutableFile(atPath: name) ? name : nil
        }
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in searchPath.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(name)"
            var isFolder: ObjCBool = false
            if files.fileExists(atPath: candidate, isDirectory: &isFolder), !isFolder.boolValue,
                files.isExecutableFile(atPath: candidate)
            {
                return candidate
            }
        }
        return nil
    }

    /// Runs `executable` (already located) with `arguments` in `workingDirectory`, waiting for it.
    ///
    /// - Parameter scratch: a folder that receives the captured output files.
    static func run(
        _ executable: String, arguments: [String], workingDirectory: String? = nil, scratch: ScratchFolder
    ) throws(EngineToolError) -> ToolOutput {
        try start(executable, arguments: arguments, workingDirectory: workingDirectory, scratch: scratch).finish()
    }

    /// Starts `executable` without waiting for it, so another tool can run meanwhile; `finish()` waits.
    ///
    /// - Parameter feedsInput: when true the tool's stdin is a pipe the caller writes (`RunningTool.supply`);
    ///   otherwise it reads /dev/null.
    static func start(
        _ executable: String, arguments: [String], workingDirectory: String? = nil, scratch: ScratchFolder,
        feedsInput: Bool = false
    ) throws(EngineToolError) -> RunningTool {
        let tool = (executable as NSString).lastPathComponent
        let label = "\(tool)-\(UUID().uuidString.prefix(8))"
        let outPath = scratch.path("\(label).stdout")
        let errPath = scratch.path("\(label).stderr")
        let files = FileManager.default
        guard files.createFile(atPath: outPath, contents: nil), files.createFile(atPath: errPath, contents: nil),
            let outHandle = FileHandle(forWritingAtPath: outPath), let errHandle = FileHandle(forWritingAtPath: errPath)
        else { throw .io("cannot create capture files in \(scratch.root)") }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let input = feedsInput ? Pipe() : nil
        process.standardInput = input ?? FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        // `waitUntilExit()` runs the caller's run loop in 50 ms slices, and while another child of ours is running
        // (ffmpeg, when we wait for ffprobe) it only sees the exit at the end of a slice: 21 ms late on average,
        // measured with two children. The termination handler runs as soon as Foundation reaps the child.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            try? outHandle.close()
            try? errHandle.close()
            throw EngineToolError(kind: .toolFailed, tool: tool, message: "cannot start \(executable): \(error)")
        }
        // Our copy of the pipe's read end would keep it open after the tool exits (no EPIPE, no EOF).
        try? input?.fileHandleForReading.close()
        return RunningTool(
            process: process, exited: exited, input: input?.fileHandleForWriting, outPath: outPath, errPath: errPath,
            captures: [outHandle, errHandle])
    }

    static func lines(of text: String) -> [String] {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .map { String($0).trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}

/// A tool `ToolProcess.start` started: its stdin (when the caller feeds it) and its captured output.
final class RunningTool {
    private let process: Process
    /// Signalled once, by the process's termination handler.
    private let exited: DispatchSemaphore
    private var finished = false
    private var input: FileHandle?
    private let outPath: String
    private let errPath: String
    private let captures: [FileHandle]

    fileprivate init(
        process: Process, exited: DispatchSemaphore, input: FileHandle?, outPath: String, errPath: String,
        captures: [FileHandle]
    ) {
        self.process = process
        self.exited = exited
        self.input = input
        self.outPath = outPath
        self.errPath = errPath
        self.captures = captures
    }

    /// Writes `text` to the tool's stdin and closes it (the tool reads to end of file). A tool that has already
    /// exited is not an error here: `finish()` reports how it ended.
    func supply(_ text: String) {
        // A tool that exited before reading would otherwise kill us with SIGPIPE; the write then fails with EPIPE.
        signal(SIGPIPE, SIG_IGN)
        try? input?.write(contentsOf: Data(text.utf8))
        closeInput()
    }

    /// Stops the tool (SIGTERM) without waiting; `finish()` still has to be called.
    func terminate() {
        closeInput()
        if process.isRunning { process.terminate() }
    }

    /// Waits for the tool (closing its stdin first, if nothing was supplied) and returns what it left.
    func finish() -> ToolOutput {
        closeInput()
        if !finished {
            exited.wait()
            finished = true
        }
        for handle in captures { try? handle.close() }
        let files = FileManager.default
        let status = process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
        let stdout = files.contents(atPath: outPath) ?? Data()
        let stderr = String(decoding: files.contents(atPath: errPath) ?? Data(), as: UTF8.self)
        try? files.removeItem(atPath: outPath)
        try? files.removeItem(atPath: errPath)
        return ToolOutput(status: status, stdout: stdout, stderrLines: ToolProcess.lines(of: stderr))
    }

    /// End of file for the tool; later calls do nothing.
    private func closeInput() {
        try? input?.close()
        input = nil
    }
}

/// A private folder under the temp directory, for capture files and filter metadata dumps.
///
/// Its path holds only safe characters (it is used as the working directory of ffmpeg, so the
/// filter graph can name its files relatively and needs no escaping).
final class ScratchFolder: Sendable {
    let root: String

    init(_ label: String) throws(EngineToolError) {
        let base = FileManager.default.temporaryDirectory
        let url = base.appendingPathComponent("gaffer-\(label)-\(UUID().uuidString.prefix(12))", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create a scratch folder under \(base.path): \(error)")
        }
        root = url.path
    }

    func path(_ name: String) -> String { (root as NSString).appendingPathComponent(name) }

    /// The file's text, or nil when it does not exist.
    func text(_ name: String) -> String? {
        FileManager.default.contents(atPath: path(name)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The file's bytes (empty when it does not exist).
    func bytes(_ name: String) -> [UInt8] {
        FileManager.default.contents(atPath: path(name)).map { [UInt8]($0) } ?? []
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    deinit { remove() }
}

/// Formats numbers for ffmpeg options and expressions: fixed notation (ffmpeg's duration parser does
/// not read exponents) and a `.` decimal point whatever the locale.
enum FilterNumber {
    static func fixed(_ value: Double, digits: Int = 6) -> String {
        String(format: "%.\(digits)f", value)
    }
}

extension String {
    /// An absolute, standardized version of a path (relative paths resolve against the current directory).
    var absolutePath: String {
        let url = hasPrefix("/") ? URL(fileURLWithPath: self) : URL(
            fileURLWithPath: self,
            relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
        return url.standardizedFileURL.path
    }
}
