import GafferContracts

/// Where each gate of a policy is evaluated in a workflow, and where its retry goes (SPEC §4.1). Pure.
///
/// A stage evaluates the gates its workflow lists for it (`gates:`), else the gates whose `target_stage` is its
/// name. The last stage also evaluates every blocking gate no earlier stage evaluates, so a blocking gate is never
/// skipped: its metric missing makes it UNKNOWN, and UNKNOWN fails closed. A gate's retry goes to the stage named by
/// its `target_stage`, else the one `stage_aliases` maps it to, else the stage that evaluated it.
public struct GatePlacement: Hashable, Sendable {
    /// Why a gate sits where it does.
    public enum Rule: String, Hashable, Sendable, CaseIterable {
        /// The stage lists it in `gates:`.
        case listed
        /// Its `target_stage` is the stage's name.
        case targetStage = "target_stage"
        /// No earlier stage evaluates it and it is blocking: the last stage does (fail closed).
        case lastStage = "last_stage"
    }

    public struct Entry: Hashable, Sendable {
        public var gateID: String
        public var metric: String
        public var blocking: Bool
        public var targetStage: StageName?
        /// Empty for a non-blocking gate that no stage evaluates (it is reported nowhere and routes nothing).
        public var evaluatedAt: [StageName]
        public var rule: Rule?
        public var retryStage: StageName?
    }

    /// One per gate, in policy order.
    public let entries: [Entry]
    public let stages: [StageName]

    /// Placement faults of the workflow against the policy: a listed gate the policy lacks, an alias to no stage.
    public let faults: [String]

    public init(policy: QCPolicy, workflow: Workflow) {
        let stages = workflow.stageNames
        self.stages = stages
        var faults: [String] = []
        let known = Set(policy.gates.map(\.gateID))
        for (index, stage) in workflow.stages.enumerated() {
            for gate in stage.gates ?? [] where !known.contains(gate) {
                faults.append("/stages/\(index)/gates: gate \"\(gate)\" is not in policy \(policy.policyID) (known: \(known.sorted().joined(separator: ", ")))")
            }
        }
        for (policyStage, target) in workflow.stageAliases.sorted(by: { $0.key < $1.key }) where !stages.contains(target) {
            faults.append("/stage_aliases/\(policyStage): names stage \"\(target.rawValue)\", which the workflow does not have")
        }
        self.faults = faults

        var entries: [Entry] = []
        for gate in policy.gates {
            var at: [StageName] = []
            var rule: Rule?
            for stage in workflow.stages {
                if let listed = stage.gates {
                    if listed.contains(gate.gateID) { at.append(stage.name); rule = rule ?? .listed }
                } else if gate.targetStage == stage.name {
                    at.append(stage.name)
                    rule = rule ?? .targetStage
                }
            }
            if at.isEmpty, gate.blocking, let last = stages.last {
                at = [last]
                rule = .lastStage
            }
            let retry: StageName? =
                if let target = gate.targetStage, stages.contains(target) { target }
                else if let target = gate.targetStage, let alias = workflow.stageAliases[target.rawValue], stages.contains(alias) { alias }
                else { at.first }
            entries.append(Entry(
                gateID: gate.gateID, metric: gate.metric, blocking: gate.blocking, targetStage: gate.targetStage,
                evaluatedAt: at, rule: rule, retryStage: retry))
        }
        self.entries = entries
    }

    /// The gate ids `stage` evaluates, in policy order.
    public func gates(for stage: StageName) -> [String] {
        entries.filter { $0.evaluatedAt.contains(stage) }.map(\.gateID)
    }

    /// The stage a failing gate's retry goes to.
    public func retryStage(forGate gateID: String) -> StageName? {
        entries.first { $0.gateID == gateID }?.retryStage
    }

    /// One line per gate, as `gaffer validate --policy` and job admission report it.
    public var lines: [String] {
        entries.map { entry in
            let at = entry.evaluatedAt.isEmpty
                ? "not evaluated (non-blocking, no stage named \(entry.targetStage?.rawValue ?? "-"))"
                : "evaluated at \(entry.evaluatedAt.map(\.rawValue).joined(separator: ", ")) (\(entry.rule?.rawValue ?? "?"))"
            let retry = entry.retryStage.map { "retry → \($0.rawValue)" } ?? "no retry stage"
            return "\(entry.gateID) [\(entry.metric)\(entry.blocking ? "" : ", shadow")]: \(at); \(retry)"
        }
    }
}
