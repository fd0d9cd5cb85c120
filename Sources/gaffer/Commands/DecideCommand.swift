import ArgumentParser
import GafferAdvisor
import GafferContracts
import GafferLoop
import GafferSupervisor

/// `gaffer decide`: the supervisor's decision on a recorded QC report.
struct DecideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Decide what follows a QC report: proceed, retry, switch policy, escalate or abort.",
        discussion: """
            Writes a production_decision.v1, and a user_action_required.v1 when it escalates.
            With --advice (a recorded advisor_proposal.v1) or --advisor (ask one now) the policy weighs a proposal too;
            --authority-trial is the operator's consent to the policy's authority trial.
            Exit 0 PROCEED, 3 RETRY_STAGE/SWITCH_POLICY/ESCALATE_USER, 4 ABORT, 2 invalid input (nothing written).
            """)

    @OptionGroup var decision: DecisionOptions
    @Option(help: "A recorded advisor_proposal.v1 file: weighed as the advisor's answer (for CI scenarios of the authority trial).")
    var advice: String?
    @OptionGroup var advisorOption: AdvisorOption
    @Option(help: "Write the decision here (atomically) instead of stdout.") var out: String?
    @Option(name: .customLong("escalation-out"), help: "Write the user_action_required.v1 here when escalating.") var escalationOut: String?

    func validate() throws {
        try OutputPath.validate(out, option: "--out")
        try OutputPath.validate(escalationOut, option: "--escalation-out")
        if advice != nil && advisorOption.advisor != nil { throw ValidationError("give --advice (a recorded proposal) or --advisor (ask one), not both") }
    }

    func run() async throws {
        var (input, metrics) = try decision.input()
        let recorded = try advice.map { path throws(ContractError) in
            AdvisorAdvice(source: "file:\(path)", proposal: try InputFiles.load(AdvisorProposal.self, kind: .advisorProposal, path))
        }
        let advisor = try advisorOption.advisor.map { path throws(ContractError) in try AdvisorSettings.load(path).makeAdvisor(source: path) }
        var outcome = Supervisor.decide(input)
        if let recorded {
            // A recorded proposal is weighed whatever the deterministic action: a CI scenario says what it tests.
            input.advice = recorded
            outcome = Supervisor.decide(input)
        } else if let advisor, let request = AdvisorRequest.make(
            for: input, deterministic: outcome, metrics: metrics, promptVersion: advisor.promptVersion) {
            input.advice = await advisor.advise(request)
            outcome = Supervisor.decide(input)
        }

        let decisionData = try OutputFiles.encode(outcome.decision, as: .productionDecision)
        let escalationData = try outcome.escalation.map { try OutputFiles.encode($0, as: .userActionRequired) }
        try OutputFiles.emit(decisionData, to: out)
        if let escalationData {
            if let escalationOut { try OutputFiles.emit(escalationData, to: escalationOut) }
            else { Console.error("escalation \(outcome.escalation!.escalationID) (\(outcome.escalation!.reason.rawValue)); pass --escalation-out to keep it") }
        }
        switch outcome.action {
        case .proceed: return
        case .abort: throw CommandFailure(status: .aborted, message: "ABORT: \(outcome.decision.decision.reasoning)")
        case .retryStage, .switchPolicy, .escalateUser:
            throw CommandFailure(status: .needsPerson, message: "\(outcome.action.rawValue): \(outcome.decision.decision.reasoning)")
        }
    }
}
