/// Why a built-in engine could not do its work: a tool is missing, a tool failed, the parameters are
/// unusable, or a file could not be written.
///
/// A damaged *input* video is not an error of the analyzer: it is a measurement (`Analysis.corruption`).
public struct EngineToolError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The executable was not found (not on `PATH`, or the given path is not executable).
        case toolMissing = "tool_missing"
        /// The tool ran and exited non-zero (or could not be started).
        case toolFailed = "tool_failed"
        /// The engine's parameters are unreadable or out of range (the CLI exits 2).
        case invalidParams = "invalid_params"
        /// A file or folder could not be read, written, renamed or truncated.
        case io
    }

    public var kind: Kind
    /// The tool concerned (`ffmpeg`, `ffprobe`), when there is one.
    public var tool: String?
    public var message: String
    /// The exit status of the tool, when it ran.
    public var exitStatus: Int32?
    /// The last lines the tool wrote on stderr (at most ``stderrTailLimit``).
    public var stderrTail: [String]

    /// How many stderr lines are kept.
    public static let stderrTailLimit = 12

    public init(kind: Kind, tool: String? = nil, message: String, exitStatus: Int32? = nil, stderrTail: [String] = []) {
        self.kind = kind
        self.tool = tool
        self.message = message
        self.exitStatus = exitStatus
        self.stderrTail = Array(stderrTail.suffix(Self.stderrTailLimit))
    }

    public static func toolMissing(_ tool: String) -> EngineToolError {
        EngineToolError(
            kind: .toolMissing, tool: tool,
            message: "\(tool) not found (looked for an executable \(tool.contains("/") ? "at that path" : "on PATH"))")
    }

    public static func toolFailed(_ tool: String, status: Int32, stderr: [String]) -> EngineToolError {
        EngineToolError(kind: .toolFailed, tool: tool, message: "\(tool) exited with status \(status)",
            exitStatus: status, stderrTail: stderr)
    }

    public static func invalidParams(_ message: String) -> EngineToolError {
        EngineToolError(kind: .invalidParams, message: message)
    }

    public static func io(_ message: String) -> EngineToolError {
        EngineToolError(kind: .io, message: message)
    }

    public var description: String {
        guard !stderrTail.isEmpty else { return message }
        return message + ":\n" + stderrTail.map { "  " + $0 }.joined(separator: "\n")
    }
}
