import GafferContracts

/// What an advisor (an LLM endpoint, a command) answered. Asking it is I/O and happens in the loop;
/// weighing the answer is a rule and happens here (SPEC §5.4).
public struct AdvisorAdvice: Hashable, Sendable {
    /// Which advisor answered, e.g. `http://127.0.0.1:8080/v1` or `command:./advise.sh`.
    public var source: String
    /// The proposed action, or nil when the advisor timed out, was unreachable or answered nonsense.
    public var proposal: Action?
    public var note: String?

    public init(source: String, proposal: Action?, note: String? = nil) {
        self.source = source
        self.proposal = proposal
        self.note = note
    }
}
