import GafferContracts

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Gaffer's exit codes (SPEC §11): what a script or a CI job can branch on.
public enum ExitStatus: Int32, Sendable {
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
public struct CommandFailure: Error, CustomStringConvertible {
    public let status: ExitStatus
    public let message: String
    public var description: String { message }

    public init(status: ExitStatus, message: String) {
        self.status = status
        self.message = message
    }

    public static func invalid(_ message: String) -> CommandFailure { CommandFailure(status: .invalidInput, message: message) }
}

extension CommandFailure {
    /// How a command's error ends the process: its own status, a contract fault as invalid input (the message names
    /// the file and JSON path), anything else as an internal error.
    public static func of(_ error: any Error) -> CommandFailure {
        switch error {
        case let failure as CommandFailure: failure
        case let contract as ContractError: .invalid(contract.description)
        default: CommandFailure(status: .internalError, message: "internal error: \(error)")
        }
    }

    /// Tells the operator (when there is something to say) and exits with the status.
    public func exitProcess() -> Never {
        if !message.isEmpty { Console.error(message) }
        exit(status.rawValue)
    }
}
