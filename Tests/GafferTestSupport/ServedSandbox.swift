import Dispatch
import Foundation

/// A real `gaffer serve` on port 0 over a sandbox; its address is read from the line it prints when listening.
public final class ServedSandbox: Sendable {
    public let baseURL: String
    public let token: String
    let process: Process

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `gaffer serve` (or, with `command: ["run", "--serve"]`, the loop and the server in one process).
    public static func start(
        sandbox: String, command: [String] = ["serve"], token: String = "test-token-\(UInt32.random(in: 0...UInt32.max))"
    ) async throws -> ServedSandbox {
        let tokenFile = sandbox + "/.test-token"
        try Data(token.utf8).write(to: URL(fileURLWithPath: tokenFile))
        let process = Process()
        process.executableURL = try GafferProcess.binary()
        process.arguments = command + ["--sandbox", sandbox, "--port", "0", "--token-file", tokenFile]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let line: String? = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var buffer = Data()
                while true {
                    let chunk = output.fileHandleForReading.availableData
                    if chunk.isEmpty { continuation.resume(returning: nil); return }
                    buffer.append(chunk)
                    if let text = String(data: buffer, encoding: .utf8), let found = text.split(separator: "\n").first(where: { $0.contains("listening on ") }) {
                        continuation.resume(returning: String(found))
                        return
                    }
                }
            }
        }
        guard let line, let range = line.range(of: #"http://[0-9.]+:[0-9]+"#, options: .regularExpression) else {
            process.terminate()
            throw Failure(description: "gaffer serve did not announce an address")
        }
        return ServedSandbox(baseURL: String(line[range]), token: token, process: process)
    }

    init(baseURL: String, token: String, process: Process) {
        self.baseURL = baseURL
        self.token = token
        self.process = process
    }

    /// SIGTERM, and waits for the graceful exit.
    public func stop() async -> Int32 {
        process.terminate()
        await process.exited()
        return process.terminationStatus
    }
}
