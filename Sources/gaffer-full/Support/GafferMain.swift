import ArgumentParser
import Foundation
import GafferCLICore
import GafferContracts
import GafferStore

/// Entry point. Maps every failure to Gaffer's exit codes: swift-argument-parser would exit 64 on a
/// usage error, but Gaffer's contract is 2.
@main
enum GafferMain {
    static func main() async {
        let command: any ParsableCommand
        do {
            if let direct = directCommand() { command = direct } else { command = try Gaffer.parseAsRoot() }
        } catch {
            let code = Gaffer.exitCode(for: error)
            if code == .success { Gaffer.exit(withError: error) }  // --help, --version
            FileHandle.standardError.write(Data((Gaffer.fullMessage(for: error) + "\n").utf8))
            exit(ExitStatus.invalidInput.rawValue)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
        } catch where error is CommandFailure || error is ContractError {
            CommandFailure.of(error).exitProcess()
        } catch let error as ExitCode {
            exit(error.rawValue)
        } catch {
            let code = Gaffer.exitCode(for: error)
            if code == .success { Gaffer.exit(withError: error) }  // help requested through a subcommand
            if code == .validationFailure {
                Console.error(Gaffer.fullMessage(for: error))
                exit(ExitStatus.invalidInput.rawValue)
            }
            Console.error("internal error: \(error)")
            exit(ExitStatus.internalError.rawValue)
        }
    }

    /// The commands a CI calls once per clip, parsed on their own: parsing from the root reflects over every
    /// command's options (and checks for a completion-script request across the whole tree), which is most of
    /// what a `gaffer qc` process costs. Help, and any argument the command refuses, go back to the root parse,
    /// so usage and error messages read exactly as they do from `gaffer`.
    static let directCommands: [any ParsableCommand.Type] = [QCCommand.self, DecideCommand.self]

    private static func directCommand() -> (any ParsableCommand)? {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first,
              let type = directCommands.first(where: { $0.configuration.commandName == name }),
              !arguments.contains(where: { $0 == "-h" || $0 == "--help" || $0 == "--generate-completion-script" })
        else { return nil }
        return try? type.parseAsRoot(Array(arguments.dropFirst()))
    }
}
