import ArgumentParser
import GafferAdvisor
import GafferCLICore
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

    var call: DecideCall { DecideCall(inputs: decision.inputs, advice: advice, out: out, escalationOut: escalationOut) }

    func validate() throws {
        if let problem = call.usageProblem() { throw ValidationError(problem) }
        if advice != nil && advisorOption.advisor != nil { throw ValidationError("give --advice (a recorded proposal) or --advisor (ask one), not both") }
    }

    func run() async throws {
        let call = call
        let advisor = try advisorOption.advisor.map { path throws(ContractError) in try AdvisorSettings.load(path).makeAdvisor(source: path) }
        var (input, metrics) = try call.prepare()
        var outcome = Supervisor.decide(input)
        if input.advice == nil, let advisor {
            if let request = AdvisorRequest.make(for: input, deterministic: outcome, metrics: metrics, promptVersion: advisor.promptVersion) {
                input.advice = await advisor.advise(request)
                outcome = Supervisor.decide(input)
            }
        }
        try call.finish(outcome)
    }
}
