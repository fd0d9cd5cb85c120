/// An operator's acceptance of a failing gate for one output (SPEC §7 `waive`): bound to the gate and to the
/// digest of the output it was granted on. It holds while that output stays (retries of later stages keep it) and
/// lapses when the output changes; a waived gate is reported `PASS` with `waived`.
public struct GateWaiver: Codable, Hashable, Sendable {
    public var gateID: String
    /// The stage whose output was judged.
    public var stage: StageName
    /// SHA-256 (hex) of that output when the waiver was granted.
    public var digest: String
    public var by: String
    public var note: String
    public var at: String

    public init(gateID: String, stage: StageName, digest: String, by: String, note: String, at: String) {
        self.gateID = gateID
        self.stage = stage
        self.digest = digest
        self.by = by
        self.note = note
        self.at = at
    }

    enum CodingKeys: String, CodingKey {
        case stage, digest, by, note, at
        case gateID = "gate_id"
    }
}
