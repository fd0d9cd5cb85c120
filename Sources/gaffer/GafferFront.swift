import GafferCLICore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `gaffer`: the front of the command line. A CI calls `gaffer qc` (and `gaffer decide`) once per clip, and a process
/// that loads all of Gaffer — the server, the stores, the engines, their HTTP clients — pays for it at every start
/// (its relocations and the runtime's conformance scans grow with the binary). So this small binary, built on the
/// contracts, QC and the supervisor alone, answers those calls itself, and hands every other command line, help, and
/// any argument it does not take as plainly as the full parser would, to `gaffer-full` beside it, by `exec`: same
/// process, same arguments, so what a user sees (usage, errors, exit codes) is the full command line's.
@main
enum GafferFront {
    static func main() {
        let arguments = CommandLine.arguments
        guard let command = FrontCommand.parse(Array(arguments.dropFirst())) else { FullCommandLine.exec(arguments) }
        do {
            try command.run()
            exit(ExitStatus.done.rawValue)
        } catch {
            CommandFailure.of(error).exitProcess()
        }
    }
}
