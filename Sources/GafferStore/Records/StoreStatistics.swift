import GafferContracts

/// Counts over the whole store, computed by the store itself (GROUP BY), so `/metrics` over thousands of jobs
/// reads a few hundred aggregate rows instead of every attempt.
public struct StoreStatistics: Hashable, Sendable {
    public struct AttemptGroup: Hashable, Sendable {
        public var stage: String
        public var status: AttemptRecord.Status
        public var action: Action?
        public var count: Int

        public init(stage: String, status: AttemptRecord.Status, action: Action?, count: Int) {
            self.stage = stage
            self.status = status
            self.action = action
            self.count = count
        }
    }

    public struct GateGroup: Hashable, Sendable {
        public var gate: String
        public var status: String
        public var count: Int

        public init(gate: String, status: String, count: Int) {
            self.gate = gate
            self.status = status
            self.count = count
        }
    }

    /// Advisor calls by outcome, with the tokens they used (SPEC §5.4).
    public struct AdvisorGroup: Hashable, Sendable {
        public var outcome: String
        public var count: Int
        public var tokensIn: Int
        public var tokensOut: Int

        public init(outcome: String, count: Int, tokensIn: Int, tokensOut: Int) {
            self.outcome = outcome
            self.count = count
            self.tokensIn = tokensIn
            self.tokensOut = tokensOut
        }
    }

    public var jobsByState: [JobState: Int] = [:]
    public var attempts: [AttemptGroup] = []
    /// Wall seconds of every attempt that has them, by stage (two small columns per attempt).
    public var durations: [String: [Double]] = [:]
    public var gates: [GateGroup] = []
    public var timeouts = 0
    public var stalls = 0
    /// Killed by a signal that was not Gaffer's timeout or stall kill.
    public var otherSignals = 0
    public var advisorCalls: [AdvisorGroup] = []
    /// Seconds of every advisor call that was made (not those the circuit skipped).
    public var advisorLatencies: [Double] = []
    public var openEscalations = 0
    public var oldestOpenEscalationTS: String?
    /// Operator verbs recorded, by event kind (WAIVED, PICKED, CANCELLED, APPROVED …).
    public var operatorActions: [EventKind: Int] = [:]

    /// The event kinds `operatorActions` counts.
    public static let operatorKinds: [EventKind] = [
        .paused, .pauseRequested, .resumed, .cancelled, .reopened, .picked, .budgetReset, .waived, .approved, .rejected,
    ]

    public init() {}

    /// Counts advisor calls by outcome, with their tokens and latencies (the stores that read the records).
    public mutating func tallyAdvisor(_ uses: some Sequence<AdvisorUse>) {
        var groups: [String: AdvisorGroup] = [:]
        for use in uses {
            let outcome = use.outcome.rawValue
            groups[outcome, default: AdvisorGroup(outcome: outcome, count: 0, tokensIn: 0, tokensOut: 0)].count += 1
            groups[outcome]!.tokensIn += use.tokensIn ?? 0
            groups[outcome]!.tokensOut += use.tokensOut ?? 0
            if let latency = use.latencySeconds { advisorLatencies.append(latency) }
        }
        advisorCalls = groups.values.sorted { $0.outcome < $1.outcome }
    }
}

/// Why an engine was killed, if it was (SPEC §10 `engine_kills`): Gaffer's timeout or stall kill, or another
/// signal. One rule for the stores' statistics and the metrics tally.
public enum EngineKill: String, CaseIterable, Sendable {
    case timeout, stall, signal

    public init?(_ engine: AttemptRecord.EngineOutcome?) {
        guard let engine else { return nil }
        if engine.timedOut {
            self = .timeout
        } else if engine.stalled {
            self = .stall
        } else if engine.signal != nil {
            self = .signal
        } else {
            return nil
        }
    }
}
