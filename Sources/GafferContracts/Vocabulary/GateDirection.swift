/// Which side of the threshold is good.
public enum GateDirection: String, Codable, CaseIterable, Sendable {
    /// Higher is better (the original's only mode).
    case min
    /// Lower is better, e.g. the share of black frames.
    case max
}
