import ArgumentParser
import Foundation
import GafferCLICore
import GafferContracts
import GafferLoop
import GafferStore

/// `gaffer jobs pause|resume|cancel|retry|pick|reset-budget|waive|approve|reject` (SPEC §7): the operator verbs.
/// Each is checked by the job state machine and recorded with who and why; a verb that does not apply is refused
/// with the reason (exit 2) and nothing changes.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "Operator verbs on one job: pause, resume, cancel, retry, pick, reset-budget, waive, approve, reject.",
        discussion: "Refused verbs exit 2 with the reason and change nothing; a job that kept changing under the verb exits 5.",
        subcommands: [Pause.self, Resume.self, Cancel.self, Retry.self, Pick.self, ResetBudget.self, Waive.self, Approve.self, Reject.self])

    /// What every verb takes: the sandbox, the job, who and why.
    struct Common: ParsableArguments {
        @OptionGroup var sandbox: SandboxOptions
        @Argument(help: "The job id.") var job: String
        @Option(help: "Why; recorded in the job's events.") var note: String?
        @Option(help: "Who does it (default: $USER).") var by: String?
        @Flag(help: "Print the job's state afterwards as JSON.") var json = false

        var who: String { by ?? ProcessInfo.processInfo.environment["USER"] ?? "operator" }

        func run(_ verb: OperatorVerb, _ configure: (inout OperatorDesk.Request) throws -> Void = { _ in }) async throws {
            var request = OperatorDesk.Request(verb, by: who, note: note)
            try configure(&request)
            let store = try await sandbox.openStore()
            let desk = OperatorDesk(layout: sandbox.layout, store: store)
            do {
                let outcome = try await desk.apply(job, request, runID: LoopConfiguration.newRunID())
                if json {
                    Console.out(JSONValue.object([
                        "job_id": .string(outcome.job.jobID), "state": .string(outcome.job.state.rawValue),
                        "stage": outcome.job.stage.map { .string($0.rawValue) } ?? .null, "message": .string(outcome.message),
                    ]).serialized())
                } else {
                    Console.out("\(job): \(outcome.message) [\(outcome.job.state.rawValue)]")
                }
            } catch let refusal as OperatorDesk.Refusal {
                if case .busy = refusal { throw CommandFailure(status: .busy, message: "\(job): \(refusal.description)") }
                throw CommandFailure.invalid("\(job): \(refusal.description)")
            } catch let error as StoreError {
                throw CommandFailure.invalid("\(job): \(error.description)")
            }
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pause",
            abstract: "Pause a job: a queued one at once; a running one when its attempt ends (--now: interrupt it).")
        @OptionGroup var common: Common
        @Flag(help: "Interrupt the running attempt now (it does not count against the budget).") var now = false
        func run() async throws { try await common.run(.pause) { $0.now = now } }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resume", abstract: "Resume a paused job (or withdraw a pause asked for).")
        @OptionGroup var common: Common
        func run() async throws { try await common.run(.resume) }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel", abstract: "Cancel a job: ABORTED; a running engine is stopped.")
        @OptionGroup var common: Common
        func run() async throws { try await common.run(.cancel) }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry",
            abstract: "Re-open a COMPLETED or ESCALATED job at a stage; earlier stages' accepted outputs are kept.")
        @OptionGroup var common: Common
        @Option(help: "The stage to run again.") var stage: String
        @Option(name: .customLong("override"), help: "A parameter for the stage's next attempt, name=value (repeatable); checked now.")
        var overrides: [String] = []
        func run() async throws {
            try await common.run(.retry) { request in
                request.stage = StageName(rawValue: stage)
                request.overrides = try Self.parse(overrides)
            }
        }

        static func parse(_ pairs: [String]) throws -> [String: JSONValue] {
            do { return try EscalationDesk.parseOverrides(pairs) } catch { throw CommandFailure.invalid(error.description) }
        }
    }

    struct Pick: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pick",
            abstract: "Make an attempt's output its stage's accepted output and go on (the attempt must have a sound output).")
        @OptionGroup var common: Common
        @Option(help: "The attempt, run-NNNN.") var attempt: String
        func run() async throws { try await common.run(.pick) { $0.attemptID = attempt } }
    }

    struct ResetBudget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-budget", abstract: "Start a stage's retry budget again (every stage's without --stage).")
        @OptionGroup var common: Common
        @Option(help: "Only this stage.") var stage: String?
        func run() async throws { try await common.run(.resetBudget) { $0.stage = stage.map(StageName.init(rawValue:)) } }
    }

    struct Waive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "waive",
            abstract: "Accept a failing gate for the output it failed on; it lapses when that output changes.",
            discussion: "On an ESCALATED job whose other gates pass, the job then goes on with that output; its QC report says waived.")
        @OptionGroup var common: Common
        @Option(help: "The gate id.") var gate: String
        func run() async throws { try await common.run(.waive) { $0.gateID = gate } }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve", abstract: "Sign off a stage waiting for approval: the job goes on.")
        @OptionGroup var common: Common
        func run() async throws { try await common.run(.approve) }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reject",
            abstract: "Refuse a stage waiting for approval: --retry runs it again (with --override), --abort ends the job.")
        @OptionGroup var common: Common
        @Flag(help: "Run the stage again with a fresh budget.") var retry = false
        @Flag(help: "Abort the job.") var abort = false
        @Option(name: .customLong("override"), help: "A parameter for the retried stage, name=value (repeatable).")
        var overrides: [String] = []

        func validate() throws {
            guard retry != abort else { throw ValidationError("choose one: --retry or --abort") }
            if abort && !overrides.isEmpty { throw ValidationError("--override goes with --retry") }
        }

        func run() async throws {
            try await common.run(.reject) { request in
                request.abort = abort
                request.overrides = try Retry.parse(overrides)
            }
        }
    }
}
