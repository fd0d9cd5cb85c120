/// Gaffer's exit codes (SPEC §11): what a script or a CI job can branch on.
enum ExitStatus: Int32, Sendable {
    /// PROCEED / COMPLETED / POSTED / passed.
    case done = 0
    case internalError = 1
    /// Invalid input or usage; the message names the file and JSON path.
    case invalidInput = 2
    /// Escalated, or a QC failure that needs a person.
    case needsPerson = 3
    case aborted = 4
    /// Another process holds what was needed.
    case busy = 5
}

/// A command's end other than success: the status to exit with and what to tell the operator.
struct CommandFailure: Error, CustomStringConvertible {
    let status: ExitStatus
    let message: String
    var description: String { message }

    static func invalid(_ message: String) -> CommandFailure { CommandFailure(status: .invalidInput, message: message) }
}
