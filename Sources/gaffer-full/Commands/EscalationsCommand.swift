import ArgumentParser
import Foundation
import GafferCLICore
import GafferContracts
import GafferLoop
import GafferStore

/// `gaffer escalations list|show|resolve`: the operator's queue (SPEC §7).
struct EscalationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalations", abstract: "List, inspect and answer escalations.",
        subcommands: [List.self, Show.self, Resolve.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Open escalations, oldest first.")
        @OptionGroup var sandbox: SandboxOptions
        @Flag(help: "Machine-readable output.") var json = false

        func run() async throws {
            let store = try await sandbox.openStore()
            let open = try await EscalationDesk(layout: sandbox.layout, store: store).list()
            if json {
                Console.out(JSONValue.array(try open.map { try JSONParser.parse(ContractEncoder.encode($0, as: .userActionRequired)) }).serialized())
                return
            }
            var rows = [["ESCALATION", "JOB", "STAGE", "REASON", "AGE", "ANSWERS"]]
            for escalation in open {
                rows.append([
                    escalation.escalationID, escalation.jobID, escalation.stage?.rawValue ?? "-", escalation.reason.rawValue,
                    Age.since(escalation.escalationTS), escalation.allowedResponses.map(\.rawValue).joined(separator: ","),
                ])
            }
            Console.out(open.isEmpty ? "no open escalations" : StatusTable.table(rows))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Everything about one escalation, with its failing gates as a table.")
        @OptionGroup var sandbox: SandboxOptions
        @Argument(help: "The escalation id.") var id: String
        @Flag(help: "Print the user_action_required.v1 document.") var json = false

        func run() async throws {
            let store = try await sandbox.openStore()
            let escalation: UserActionRequired
            do {
                escalation = try await EscalationDesk(layout: sandbox.layout, store: store).show(id)
            } catch let refusal as EscalationDesk.Refusal {
                throw CommandFailure.invalid(refusal.description)
            }
            if json {
                Console.out(try ContractEncoder.encode(escalation, as: .userActionRequired))
                return
            }
            Console.out(EscalationText.render(escalation, layout: sandbox.layout))
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve",
            abstract: "Answer an escalation; the loop continues the job on its next pass.",
            discussion: "The answer must be one of the escalation's allowed_responses; otherwise nothing changes (exit 2).")
        @OptionGroup var sandbox: SandboxOptions
        @Argument(help: "The escalation id.") var id: String
        @Option(help: "PROCEED, RETRY_STAGE, SWITCH_POLICY or ABORT.") var action: String
        @Option(name: .customLong("override"), help: "A parameter for the next attempt, name=value (repeatable).") var overrides: [String] = []
        @Option(help: "Why; kept in the escalation and the job's events.") var note: String?
        @Option(help: "Who answers (default: $USER).") var by: String?

        func validate() throws {
            guard Action(rawValue: action) != nil else {
                throw ValidationError("--action \(action) is not one of \(Action.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            let store = try await sandbox.openStore()
            let desk = EscalationDesk(layout: sandbox.layout, store: store)
            do {
                let parsed = try EscalationDesk.parseOverrides(overrides)
                let (_, job) = try await desk.resolve(
                    id, action: Action(rawValue: action)!, overrides: parsed, note: note,
                    by: by ?? ProcessInfo.processInfo.environment["USER"] ?? "operator", runID: LoopConfiguration.newRunID())
                Console.out("resolved \(id) with \(action): job \(job.jobID) is now \(job.state.rawValue)"
                    + (job.state == .running ? " (stage \(job.stage?.rawValue ?? "?") runs on the next `gaffer run`)" : ""))
            } catch let refusal as EscalationDesk.Refusal {
                throw CommandFailure.invalid("\(id): \(refusal.description)")
            } catch let refusal as OperatorDesk.Refusal {
                throw CommandFailure.invalid("\(id): \(refusal.description)")
            } catch let error as StoreError {
                throw CommandFailure.invalid("\(id): \(error.description)")
            }
        }
    }
}

/// How long ago an RFC 3339 timestamp was, for people.
enum Age {
    static func since(_ timestamp: String) -> String {
        guard let date = Timestamp.parse(timestamp) else { return "?" }
        let seconds = Int(Date().timeIntervalSince(date))
        if seconds < 120 { return "\(seconds)s" }
        if seconds < 7200 { return "\(seconds / 60)m" }
        return "\(seconds / 3600)h"
    }
}

/// The terminal rendering of one escalation: the same facts as the review page.
enum EscalationText {
    static func render(_ escalation: UserActionRequired, layout: SandboxLayout) -> String {
        var lines = [
            "escalation  \(escalation.escalationID)  (\(escalation.status.rawValue))",
        ]
        // The cause and its one line first (SPEC §5.3): the six reasons are the original's, the cause is precise.
        if let cause = escalation.cause { lines.append("cause       \(cause.rawValue)" + (escalation.summary.map { ": \($0)" } ?? "")) }
        lines += [
            "job         \(escalation.jobID)   stage \(escalation.stage?.rawValue ?? "-")   attempt \(escalation.attemptID)   best attempt \(escalation.bestAttemptID ?? "-")",
            "reason      \(escalation.reason.rawValue)",
            "raised      \(escalation.escalationTS) (\(Age.since(escalation.escalationTS)) ago)",
            "needs       \(escalation.requiredArtifact)",
            "format      \(escalation.expectedFormat)",
        ]
        if let failed = escalation.thresholdFailed { lines.append("failed      \(failed)") }
        if !escalation.evidence.failingGates.isEmpty {
            var rows = [["GATE", "METRIC", "STATUS", "SCORE", "THRESHOLD", "SEVERITY"]]
            for gate in escalation.evidence.failingGates {
                rows.append([
                    gate.gateID, gate.metric, gate.status.rawValue, gate.score.map { String(format: "%.3f", $0) } ?? "missing",
                    (gate.direction == .min ? "≥ " : "≤ ") + String(format: "%.3f", gate.threshold), gate.severity.rawValue,
                ])
            }
            lines.append("")
            lines.append(StatusTable.table(rows))
        }
        if let engine = escalation.evidence.engine {
            lines.append("")
            lines.append("engine      exit \(engine.exitCode.map(String.init) ?? "-")  signal \(engine.signal.map(String.init) ?? "-")  timed out \(engine.timedOut)  stalled \(engine.stalled)"
                + (engine.missingOutputs.isEmpty ? "" : "  missing \(engine.missingOutputs.joined(separator: ", "))")
                + (engine.corruption.map { "  corrupt: \($0)" } ?? "")
                + (engine.invalidInput == true ? "  (exit status mapped to invalid_input)" : ""))
            if let error = engine.error { lines.append("engine said \(error)") }
        }
        if let tail = escalation.evidence.logTail, !tail.isEmpty {
            lines.append("")
            lines.append("engine log (last \(tail.count) lines):")
            lines += tail.map { "  | \($0)" }
        }
        for path in escalation.evidence.outputs + escalation.evidence.thumbnails {
            lines.append("evidence    \(layout.root)/\(path)")
        }
        lines.append("")
        lines.append("answers     \(escalation.allowedResponses.map(\.rawValue).joined(separator: ", "))")
        if let expiresAt = escalation.expiresAt, escalation.status == .open { lines.append("expires     \(expiresAt)") }
        if let fix = escalation.exampleFix { lines.append("example     \(fix)") }
        if let resolution = escalation.resolution {
            lines.append("resolved    \(resolution.action.rawValue) by \(resolution.by) at \(resolution.at)" + (resolution.note.map { ": \($0)" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }
}
