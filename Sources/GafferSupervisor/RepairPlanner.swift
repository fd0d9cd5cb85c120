import GafferContracts

/// Where a retry goes and what it changes (SPEC §5.2, RETRY_STAGE and SWITCH_POLICY).
enum RepairPlanner {
    /// The stage of the first failing blocking gate with a measured failure, else the current stage.
    static func retryTarget(failing: [GateResult], current: StageName?) -> StageName? {
        failing.first { $0.status.isScoredFailure && $0.targetStage != nil }?.targetStage ?? current
    }

    /// Classes of the failing blocking gates, sorted so the choice does not depend on gate order.
    static func failedClasses(_ failing: [GateResult]) -> [String] {
        Array(Set(failing.compactMap(\.failureClass))).sorted()
    }

    /// The first failed class with a preset row names the workflow profile and its parameter overrides.
    static func applyPreset(to plan: inout DecisionPlan, failing: [GateResult], policy: QCPolicy) {
        guard let row = failedClasses(failing).lazy.compactMap(policy.preset(forClass:)).first else { return }
        plan.workflowProfile = row.workflowID
        plan.parameterAdjustments = row.parameterOverrides
        plan.reasoning.append("Class \(row.classID) has preset \(row.presetID): workflow \(row.workflowID).")
    }

    /// Each switch on a stage takes the next rung of a ladder, so successive attempts differ.
    ///
    /// The ladder: presets of the failed classes (sorted), then the other presets in policy order, then
    /// registry workflows tagged `hero_safe`; minus the current workflow and profiles already tried here.
    static func applySwitch(to plan: inout DecisionPlan, failing: [GateResult], input: SupervisorInput) {
        let policy = input.policy
        let failedRows = failedClasses(failing).compactMap(policy.preset(forClass:))
        let otherRows = policy.workflowPresets.classToPreset.filter { !failedRows.contains($0) }
        let registryRungs = (input.registry?.workflows(taggedWith: switchTag) ?? []).map(\.workflowID)
        let tried = Set(input.stageHistory.compactMap(\.workflowProfile) + [input.currentWorkflow].compactMap { $0 })
        var seen: Set<String> = []
        let rungs = ((failedRows + otherRows).map(\.workflowID) + registryRungs).filter { seen.insert($0).inserted }
        guard let next = rungs.first(where: { !tried.contains($0) }) else {
            plan.escalate(.retryBudgetExceeded, because: "No workflow left to switch to (tried: \(tried.sorted().joined(separator: ", "))).")
            return
        }
        plan.workflowProfile = next
        if let row = (failedRows + otherRows).first(where: { $0.workflowID == next }) {
            plan.parameterAdjustments = row.parameterOverrides
        }
        plan.reasoning.append("Switching to workflow \(next) (rung \(rungs.firstIndex(of: next)! + 1) of \(rungs.count)).")
    }

    /// The registry tag that marks a workflow as a safe target for a policy switch.
    static let switchTag = "hero_safe"
}
