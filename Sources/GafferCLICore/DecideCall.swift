import GafferContracts
import GafferSupervisor

/// `gaffer decide`'s work, apart from parsing its command line and asking a live advisor (which needs the HTTP
/// client, so only the full command line does it): the supervisor's decision on a recorded QC report, written as a
/// `production_decision.v1` (and a `user_action_required.v1` when it escalates), the exit status its action.
public struct DecideCall: Sendable {
    public var inputs: DecisionInputs
    /// A recorded `advisor_proposal.v1`, weighed as the advisor's answer.
    public var advice: String?
    public var out: String?
    public var escalationOut: String?

    public init(inputs: DecisionInputs, advice: String? = nil, out: String? = nil, escalationOut: String? = nil) {
        self.inputs = inputs
        self.advice = advice
        self.out = out
        self.escalationOut = escalationOut
    }

    /// What is wrong with the arguments before any file is read (a usage error), or nil.
    public func usageProblem() -> String? {
        OutputPath.problem(out, option: "--out") ?? OutputPath.problem(escalationOut, option: "--escalation-out")
            ?? inputs.usageProblem()
    }

    /// The supervisor's input, with the recorded proposal (if any) as its advice, and the metrics.
    public func prepare() throws -> (input: SupervisorInput, metrics: ProductionMetrics?) {
        var (input, metrics) = try inputs.input()
        if let advice {
            // A recorded proposal is weighed whatever the deterministic action: a CI scenario says what it tests.
            input.advice = AdvisorAdvice(
                source: "file:\(advice)", proposal: try InputFiles.load(AdvisorProposal.self, kind: .advisorProposal, advice))
        }
        return (input, metrics)
    }

    /// Decides without a live advisor and finishes.
    public func run() throws {
        try finish(Supervisor.decide(try prepare().input))
    }

    /// Writes the decision (every artifact encoded before any is written) and ends as its action says: PROCEED
    /// returns, ABORT and the others throw the `CommandFailure` with their exit status.
    public func finish(_ outcome: SupervisorOutcome) throws {
        let decisionData = try OutputFiles.encode(outcome.decision, as: .productionDecision)
        let escalationData = try outcome.escalation.map { try OutputFiles.encode($0, as: .userActionRequired) }
        try OutputFiles.emit(decisionData, to: out)
        if let escalationData, let escalation = outcome.escalation {
            if let escalationOut { try OutputFiles.emit(escalationData, to: escalationOut) }
            else { Console.error("escalation \(escalation.escalationID) (\(escalation.reason.rawValue)); pass --escalation-out to keep it") }
        }
        switch outcome.action {
        case .proceed: return
        case .abort: throw CommandFailure(status: .aborted, message: "ABORT: \(outcome.decision.decision.reasoning)")
        case .retryStage, .switchPolicy, .escalateUser:
            throw CommandFailure(status: .needsPerson, message: "\(outcome.action.rawValue): \(outcome.decision.decision.reasoning)")
        }
    }
}
