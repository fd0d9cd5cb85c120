import Foundation
import GafferContracts
import GafferLoop
import GafferStore

/// The numbers `/metrics` reports, counted from the store's records. Pure: the records and the clock come in.
///
/// Labels are bounded vocabularies (states, stages, gate ids, actions, causes); never a job id.
struct MetricsTally: Equatable, Sendable {
    struct StageOutcome: Hashable, Sendable {
        var stage: String
        var outcome: String
    }

    struct GateStatusKey: Hashable, Sendable {
        var gate: String
        var status: String
    }

    /// Why Gaffer killed an engine, from its recorded facts.
    typealias KillCause = EngineKill

    var jobsByState: [JobState: Int] = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, 0) })
    /// Operator verbs recorded, by event kind (waivers among them).
    var operatorActions: [EventKind: Int] = [:]
    var stageAttempts: [StageOutcome: Int] = [:]
    /// Wall seconds of every attempt that has them, by stage.
    var stageDurations: [String: [Double]] = [:]
    var gateResults: [GateStatusKey: Int] = [:]
    var decisions: [Action: Int] = Dictionary(uniqueKeysWithValues: Action.allCases.map { ($0, 0) })
    var engineKills: [KillCause: Int] = Dictionary(uniqueKeysWithValues: KillCause.allCases.map { ($0, 0) })
    var openEscalations = 0
    var oldestOpenEscalationAge: Double = 0
    /// Advisor calls by what became of them (SPEC §5.4), their latencies and tokens.
    var advisorCalls: [ProductionDecision.AdvisorRecord.Outcome: Int] =
        Dictionary(uniqueKeysWithValues: ProductionDecision.AdvisorRecord.Outcome.allCases.map { ($0, 0) })
    var advisorLatencies: [Double] = []
    var advisorTokensIn = 0
    var advisorTokensOut = 0
    /// Live workers whose advisor circuit is open (they decide without asking until it closes).
    var advisorCircuitsOpen = 0

    init(jobs: [JobRecord], attempts: [AttemptRecord], openEscalations: [UserActionRequired], now: Date) {
        for job in jobs { jobsByState[job.state, default: 0] += 1 }
        for attempt in attempts {
            let stage = attempt.stage.rawValue
            stageAttempts[StageOutcome(stage: stage, outcome: Self.outcome(of: attempt)), default: 0] += 1
            if let seconds = attempt.wallSeconds, seconds.isFinite, seconds >= 0 { stageDurations[stage, default: []].append(seconds) }
            for (gate, status) in attempt.gateResults {
                gateResults[GateStatusKey(gate: gate, status: status.rawValue), default: 0] += 1
            }
            if let action = attempt.decisionAction { decisions[action, default: 0] += 1 }
            if let cause = Self.killCause(attempt.engine) { engineKills[cause, default: 0] += 1 }
            if let use = attempt.advisor {
                advisorCalls[use.outcome, default: 0] += 1
                if let latency = use.latencySeconds, latency.isFinite, latency >= 0 { advisorLatencies.append(latency) }
                advisorTokensIn += use.tokensIn ?? 0
                advisorTokensOut += use.tokensOut ?? 0
            }
        }
        self.openEscalations = openEscalations.count
        let ages = openEscalations.compactMap { Timestamp.parse($0.escalationTS) }.map { max(0, now.timeIntervalSince($0)) }
        oldestOpenEscalationAge = ages.max() ?? 0
    }

    /// The same numbers from the store's aggregates (what `/metrics` uses: a few hundred rows, not every attempt).
    init(statistics: StoreStatistics, workers: [WorkerRecord] = [], now: Date) {
        for (state, count) in statistics.jobsByState { jobsByState[state, default: 0] += count }
        for group in statistics.attempts {
            let outcome = switch group.status {
            case .decided: group.action?.rawValue.lowercased() ?? "undecided"
            case .running, .interrupted, .snoozed: group.status.rawValue
            }
            stageAttempts[StageOutcome(stage: group.stage, outcome: outcome), default: 0] += group.count
            if group.status == .decided, let action = group.action { decisions[action, default: 0] += group.count }
        }
        stageDurations = statistics.durations.mapValues { $0.filter { $0.isFinite && $0 >= 0 } }
        for group in statistics.gates { gateResults[GateStatusKey(gate: group.gate, status: group.status), default: 0] += group.count }
        engineKills = [.timeout: statistics.timeouts, .stall: statistics.stalls, .signal: statistics.otherSignals]
        openEscalations = statistics.openEscalations
        operatorActions = statistics.operatorActions
        oldestOpenEscalationAge = statistics.oldestOpenEscalationTS.flatMap(Timestamp.parse).map { max(0, now.timeIntervalSince($0)) } ?? 0
        for group in statistics.advisorCalls {
            guard let outcome = ProductionDecision.AdvisorRecord.Outcome(rawValue: group.outcome) else { continue }
            advisorCalls[outcome, default: 0] += group.count
            advisorTokensIn += group.tokensIn
            advisorTokensOut += group.tokensOut
        }
        advisorLatencies = statistics.advisorLatencies.filter { $0.isFinite && $0 >= 0 }
        let stamp = Timestamp.format(now)
        advisorCircuitsOpen = workers.filter { $0.advisorCircuitIsOpen(at: stamp) }.count
    }

    /// The decided action in lower case, or the attempt's status when nothing was decided (`running`, `interrupted`).
    static func outcome(of attempt: AttemptRecord) -> String {
        switch attempt.status {
        case .decided: attempt.decisionAction?.rawValue.lowercased() ?? "undecided"
        case .running, .interrupted, .snoozed: attempt.status.rawValue
        }
    }

    /// One cause per killed engine: a timeout, else a stall, else a signal Gaffer did not send for either.
    static func killCause(_ engine: AttemptRecord.EngineOutcome?) -> KillCause? { EngineKill(engine) }

}
