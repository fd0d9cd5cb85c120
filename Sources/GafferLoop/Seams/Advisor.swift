import GafferContracts
import GafferSupervisor

/// Asks an advisor (an LLM behind an OpenAI-compatible endpoint, or a command) for a proposal (SPEC §5.4). The
/// policy decides what becomes of it (the supervisor's `AdvisorRule`); the loop decides whether to ask at all
/// (`AdvisorCircuit`). Implementations: `ChatCompletionsAdvisor`, `CommandAdvisor` (GafferAdvisor); tests script one.
public protocol Advisor: Sendable {
    /// Names the advisor in records and logs: `openai:<base_url>`, `command:<program>`.
    var source: String { get }
    /// The prompt template the advisor sends (`advisor.v1`), or nil when it sends none (a command).
    var promptVersion: String? { get }
    /// The proposal for `request`. Never throws and never outlasts the advisor's own timeout: an advisor that
    /// cannot answer (timeout, refused, malformed) returns advice with no proposal and a note saying why.
    func advise(_ request: AdvisorRequest) async -> AdvisorAdvice
}
