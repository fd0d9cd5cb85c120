import GafferContracts

/// Whether a gate applies to a job (SPEC §3.1). Pure.
///
/// A gate with `applies_when` applies when its condition holds for the job. A gate on `costume_fidelity` without
/// one follows the original's costume rule: it applies only when the job's continuity pack requires costume
/// fidelity (`/continuity_pack/rules/require_costume_fidelity` is true), and then a missing measurement is a hard
/// failure, not an unknown — so the original's policy file decides as it did.
enum GateApplicability {
    /// Evaluated; with the verdict to give when no source measured the metric (nil: the usual UNKNOWN).
    case applies(whenMissing: (GateStatus, GateReason)?)
    case notApplicable(GateReason)

    static let costumeMetric = "costume_fidelity"
    static let costumeRequirement = GateCondition(pointer: "/continuity_pack/rules/require_costume_fidelity", equals: true)

    static func of(_ gate: QCGate, job: JSONValue?) -> GateApplicability {
        if let condition = gate.appliesWhen {
            return condition.holds(in: job) ? .applies(whenMissing: nil) : .notApplicable(.notApplicable)
        }
        guard gate.metric == costumeMetric else { return .applies(whenMissing: nil) }
        return costumeRequirement.holds(in: job)
            ? .applies(whenMissing: (.hardFail, .costumeReportMissing)) : .notApplicable(.notRequiredByContinuity)
    }
}
