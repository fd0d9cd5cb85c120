import ArgumentParser
import Foundation
import GafferAdvisor
import GafferCLICore
import GafferContracts
import GafferLoop
import GafferSupervisor

/// `gaffer advise`: one advisor call on a recorded report, to try an advisor configuration (SPEC §5.4, §11).
struct AdviseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advise",
        abstract: "Ask the configured advisor once about a recorded QC report and print its proposal and latency.",
        discussion: """
            Sends what the loop would send (the report, metrics, history, the deterministic decision, the allowed
            actions and profiles) and prints the proposal, what the policy would make of it, the latency and the
            tokens. Nothing is written. Exit 0 with a proposal, 5 when the advisor did not answer (timeout,
            refused, unusable answer), 2 invalid input.
            """)

    @OptionGroup var decision: DecisionOptions
    @Option(help: "The advisor settings file (JSON or YAML): {kind: openai, base_url, model, api_key_env, timeout_seconds} or {kind: command, argv, timeout_seconds}.")
    var advisor: String
    @Flag(help: "Print the decision's advisor record as JSON.") var json = false

    func run() async throws {
        var (input, metrics) = try decision.inputs.input()
        let client = try AdvisorSettings.load(advisor).makeAdvisor(source: advisor)
        let deterministic = Supervisor.decide(input)
        guard let request = AdvisorRequest.make(
            for: input, deterministic: deterministic, metrics: metrics, promptVersion: client.promptVersion, always: true) else {
            throw CommandFailure.invalid("\(decision.report): the engine failed or the report has no gates: there is nothing to advise on")
        }
        input.advice = await client.advise(request)
        let outcome = Supervisor.decide(input)
        guard let record = outcome.decision.decision.advisor else {
            throw CommandFailure(status: .internalError, message: "internal error: the advice was not recorded")
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.out(try encoder.encode(record) + Data("\n".utf8))
        } else {
            Console.out(Data(Self.text(record, decided: outcome.action).utf8))
        }
        if record.proposal == nil {
            throw CommandFailure(status: .busy, message: "the advisor gave no proposal: \(record.note ?? "no reason given")")
        }
    }

    static func text(_ record: ProductionDecision.AdvisorRecord, decided: Action) -> String {
        var lines: [String] = ["advisor:  \(record.source)\(record.model.map { " (model \($0))" } ?? "")"]
        if let proposal = record.proposal {
            var what = proposal.action.rawValue
            if let stage = proposal.targetStage { what += " → stage \(stage.rawValue)" }
            if let profile = proposal.workflowProfile { what += " → workflow \(profile)" }
            if !proposal.parameterAdjustments.isEmpty {
                what += " with " + proposal.adjustmentsText
            }
            lines.append("proposal: \(what)")
            lines.append("because:  \(proposal.reasoning)")
        } else {
            lines.append("proposal: none")
        }
        let latency = record.latencySeconds.map { String(format: "%.3f s", $0) } ?? "not measured"
        let tokens = (record.tokensIn != nil || record.tokensOut != nil) ? "  tokens: \(record.tokensIn.map(String.init) ?? "?") in / \(record.tokensOut.map(String.init) ?? "?") out" : ""
        lines.append("latency:  \(latency)\(tokens)")
        lines.append("outcome:  \(record.outcome.rawValue) (deterministic \(record.deterministicAction.rawValue), decided \(decided.rawValue))\(record.note.map { ": \($0)" } ?? "")")
        return lines.joined(separator: "\n") + "\n"
    }
}
