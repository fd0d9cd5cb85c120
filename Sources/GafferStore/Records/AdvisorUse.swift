import GafferContracts

/// That an attempt's decision asked an advisor, and what it cost (SPEC §5.4): the facts `/metrics` counts. The
/// whole record (proposal, raw answer, why) is in the attempt's `production_decision.v1.json`.
public struct AdvisorUse: Codable, Hashable, Sendable {
    public var source: String
    public var outcome: ProductionDecision.AdvisorRecord.Outcome
    public var latencySeconds: Double?
    public var tokensIn: Int?
    public var tokensOut: Int?

    public init(source: String, outcome: ProductionDecision.AdvisorRecord.Outcome, latencySeconds: Double? = nil, tokensIn: Int? = nil, tokensOut: Int? = nil) {
        self.source = source
        self.outcome = outcome
        self.latencySeconds = latencySeconds
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
    }

    public init(_ record: ProductionDecision.AdvisorRecord) {
        self.init(
            source: record.source, outcome: record.outcome, latencySeconds: record.latencySeconds,
            tokensIn: record.tokensIn, tokensOut: record.tokensOut)
    }

    enum CodingKeys: String, CodingKey {
        case source, outcome
        case latencySeconds = "latency_seconds"
        case tokensIn = "tokens_in"
        case tokensOut = "tokens_out"
    }
}
