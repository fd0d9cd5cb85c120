import GafferContracts

/// One recorded attempt judged again under another policy: what was decided then, what would be decided now.
public struct ReplayedAttempt: Sendable, Hashable {
    /// A decision's outcome as far as the job's path goes: what happens next, and where.
    public struct Verdict: Sendable, Hashable, CustomStringConvertible {
        public var action: Action
        public var targetStage: StageName?
        public var escalationReason: EscalationReason?

        public init(action: Action, targetStage: StageName? = nil, escalationReason: EscalationReason? = nil) {
            self.action = action
            self.targetStage = action.isRetry ? targetStage : nil
            self.escalationReason = action == .escalateUser ? escalationReason : nil
        }

        public var description: String {
            var text = action.rawValue
            if let targetStage { text += " → \(targetStage)" }
            if let escalationReason { text += " (\(escalationReason.rawValue))" }
            return text
        }
    }

    /// Why an attempt was not judged again.
    public enum Skip: String, Sendable, Hashable {
        /// Still running, snoozed or interrupted: no verdict was recorded.
        case undecided = "not decided"
        /// Escalated by a fault of Gaffer's (a contract violation), not by a verdict on its output.
        case fault = "a fault, not a verdict"
        /// Its folder has lost the metrics the verdict was reached on.
        case metricsMissing = "its production_metrics.v1.json is missing"
    }

    public var jobID: String
    public var attemptID: String
    public var stage: StageName
    public var recorded: Verdict?
    public var replayed: Verdict?
    public var skip: Skip?
    /// Gates whose status differs: gate id → (recorded, replayed); nil when the gate was not evaluated on that side.
    public var gateChanges: [String: GateChange]
    /// The recorded verdict weighed an advisor's proposal; the replay weighs none (it is deterministic).
    public var advisorNotReplayed: Bool

    public struct GateChange: Sendable, Hashable {
        public var recorded: GateStatus?
        public var replayed: GateStatus?
    }

    public init(
        jobID: String, attemptID: String, stage: StageName, recorded: Verdict?, replayed: Verdict?, skip: Skip? = nil,
        gateChanges: [String: GateChange] = [:], advisorNotReplayed: Bool = false
    ) {
        self.jobID = jobID
        self.attemptID = attemptID
        self.stage = stage
        self.recorded = recorded
        self.replayed = replayed
        self.skip = skip
        self.gateChanges = gateChanges
        self.advisorNotReplayed = advisorNotReplayed
    }

    /// Whether the other policy would have sent the job elsewhere at this attempt.
    public var changes: Bool { skip == nil && recorded != replayed }

    /// Gate statuses compared: every gate evaluated on either side whose status differs.
    public static func gateChanges(recorded: [String: GateStatus], replayed: [String: GateStatus]) -> [String: GateChange] {
        var changes: [String: GateChange] = [:]
        for gate in Set(recorded.keys).union(replayed.keys) where recorded[gate] != replayed[gate] {
            changes[gate] = GateChange(recorded: recorded[gate], replayed: replayed[gate])
        }
        return changes
    }

    /// One line for the terminal.
    public var line: String {
        let head = "\(jobID) \(attemptID) [\(stage)]"
        if let skip { return "\(head): skipped (\(skip.rawValue))" }
        let gates = gateChanges.sorted { $0.key < $1.key }.map { gate, change in
            "\(gate) \(change.recorded?.rawValue ?? "-") → \(change.replayed?.rawValue ?? "-")"
        }
        let gateText = gates.isEmpty ? "" : "; gates: " + gates.joined(separator: ", ")
        let advisor = advisorNotReplayed ? "; the recorded verdict weighed an advisor, the replay does not" : ""
        guard let recorded, let replayed else { return head + ": no verdict" }
        return changes
            ? "\(head): CHANGES \(recorded) ⇒ \(replayed)\(gateText)\(advisor)"
            : "\(head): same \(replayed)\(gateText)\(advisor)"
    }

    public var json: JSONValue {
        func verdict(_ value: Verdict?) -> JSONValue {
            guard let value else { return .null }
            return .object([
                "action": .string(value.action.rawValue),
                "target_stage": value.targetStage.map { .string($0.rawValue) } ?? .null,
                "escalation_reason": value.escalationReason.map { .string($0.rawValue) } ?? .null,
            ])
        }
        return .object([
            "job_id": .string(jobID), "attempt_id": .string(attemptID), "stage": .string(stage.rawValue),
            "recorded": verdict(recorded), "replayed": verdict(replayed), "changes": .bool(changes),
            "skipped": skip.map { .string($0.rawValue) } ?? .null,
            "gate_changes": .object(gateChanges.mapValues { change in
                .object([
                    "recorded": change.recorded.map { .string($0.rawValue) } ?? .null,
                    "replayed": change.replayed.map { .string($0.rawValue) } ?? .null,
                ])
            }),
            "advisor_not_replayed": .bool(advisorNotReplayed),
        ])
    }
}
