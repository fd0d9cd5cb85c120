import GafferContracts

/// What an advisor (an LLM endpoint, a command) answered, with what asking it cost. Asking is I/O and happens in
/// the loop; weighing the answer is a rule and happens here (SPEC §5.4).
public struct AdvisorAdvice: Hashable, Sendable {
    /// Which advisor answered, e.g. `openai:http://127.0.0.1:8080/v1` or `command:./advise.sh`.
    public var source: String
    public var model: String?
    /// The parsed proposal, or nil when the advisor timed out, was unreachable or answered nonsense.
    public var proposal: AdvisorProposal?
    /// Why there is no proposal (or what else the client noticed), in words an operator can act on.
    public var note: String?
    public var latencySeconds: Double?
    public var tokensIn: Int?
    public var tokensOut: Int?
    /// The answer as received, cut to `AdvisorRecord.rawLimit` bytes.
    public var raw: String?

    public init(
        source: String, proposal: AdvisorProposal?, note: String? = nil, model: String? = nil,
        latencySeconds: Double? = nil, tokensIn: Int? = nil, tokensOut: Int? = nil, raw: String? = nil
    ) {
        self.source = source
        self.proposal = proposal
        self.note = note
        self.model = model
        self.latencySeconds = latencySeconds
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
        self.raw = raw.map { Self.cut($0) }
    }

    /// A proposal of just an action (tests, recorded scenarios).
    public init(source: String, action: Action?, note: String? = nil) {
        self.init(source: source, proposal: action.map { AdvisorProposal(action: $0, reasoning: note ?? "") }, note: note)
    }

    /// An advisor that could not give an answer.
    public static func unavailable(source: String, model: String? = nil, latencySeconds: Double?, because note: String, raw: String? = nil) -> AdvisorAdvice {
        AdvisorAdvice(source: source, proposal: nil, note: note, model: model, latencySeconds: latencySeconds, raw: raw)
    }

    /// `text` cut at a character boundary to at most `AdvisorRecord.rawLimit` UTF-8 bytes.
    static func cut(_ text: String) -> String {
        let limit = ProductionDecision.AdvisorRecord.rawLimit
        guard text.utf8.count > limit else { return text }
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: limit)
        while end > text.startIndex, String.Index(end, within: text) == nil { end = text.utf8.index(before: end) }
        return String(text[..<end]) + "…"
    }
}
