import ArgumentParser

/// `gaffer`: the control plane's command line. Subcommands are thin; the modules hold the logic.
struct Gaffer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaffer",
        abstract: "A control plane for AI video production: supervised engines, stage-level QC gates, escalations.",
        discussion: """
            Exit codes: 0 done/passed, 1 internal error, 2 invalid input or usage, 3 escalated or QC failure \
            that needs a person, 4 aborted, 5 busy.
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ServeCommand.self, StatusCommand.self, EscalationsCommand.self, JobsCommand.self, NotifyCommand.self, HandoffCommand.self, DemoCommand.self,
            QCCommand.self, DecideCommand.self, AdviseCommand.self, ValidateCommand.self, SmokeCommand.self, ReplayCommand.self, EngineCLICommand.self, StoreCommand.self,
        ]
    )
}
