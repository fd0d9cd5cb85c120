import GafferContracts
import GafferSupervisor

/// Asks an advisor (an LLM behind an OpenAI-compatible endpoint, or a command) for a proposal (SPEC §5.4). The
/// policy decides what becomes of it; the supervisor's `AdvisorRule` applies it. None is configured today.
public protocol Advisor: Sendable {
    /// A proposal for the attempt the report describes, or nil (no advisor, timeout, unreachable).
    func advise(report: QCReport?, deterministic: Action) async -> AdvisorAdvice?
}

/// No advisor: the deterministic decision stands.
public struct NoAdvisor: Advisor {
    public init() {}
    public func advise(report: QCReport?, deterministic: Action) async -> AdvisorAdvice? { nil }
}
