import Foundation

extension ChildProcess {
    /// Starts a process in the background for tests that signal or race it: stdout is discarded, stderr goes to
    /// `stderrPath` when given (for the test to show when it fails) and is discarded otherwise.
    public static func start(_ executable: String, _ arguments: [String], stderrPath: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        if let stderrPath {
            _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }
}
