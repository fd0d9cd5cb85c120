/// The verdict of one QC gate on one attempt.
public enum GateStatus: String, Codable, CaseIterable, Sendable {
    case pass = "PASS"
    case softFail = "SOFT_FAIL"
    case hardFail = "HARD_FAIL"
    /// The metric was absent or not a finite number: nothing could be judged.
    case unknown = "UNKNOWN"

    public var isFailure: Bool { self != .pass }
    /// A measured failure (as opposed to `unknown`, where nothing was measured).
    public var isScoredFailure: Bool { self == .softFail || self == .hardFail }
}
