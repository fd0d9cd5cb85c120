import GafferContracts

/// What operators set on a job besides its state (SPEC §7): a pause asked for while an attempt runs, waivers,
/// per-stage budget resets, and the deadline of a wait for a person. Stored with the job, written with its events.
public struct OperatorState: Hashable, Sendable, Codable {
    /// `pause` while an attempt ran: the job pauses when that attempt ends.
    public var pauseRequested: Request?
    public var waivers: [GateWaiver]
    /// Attempts numbered up to this (per stage) no longer count against that stage's budget.
    public var stageBudgetFloors: [String: Int]
    /// When the job's wait for a person (an escalation, an approval) lapses, and what then happens.
    public var expiry: Expiry?

    /// Who asked, and why.
    public struct Request: Hashable, Sendable, Codable {
        public var by: String
        public var note: String?
        public var at: String

        public init(by: String, note: String?, at: String) {
            self.by = by
            self.note = note
            self.at = at
        }
    }

    public struct Expiry: Hashable, Sendable, Codable {
        public var expiresAt: String
        public var defaultAction: Action

        public init(expiresAt: String, defaultAction: Action) {
            self.expiresAt = expiresAt
            self.defaultAction = defaultAction
        }

        enum CodingKeys: String, CodingKey {
            case expiresAt = "expires_at"
            case defaultAction = "default_action"
        }
    }

    public init(pauseRequested: Request? = nil, waivers: [GateWaiver] = [], stageBudgetFloors: [String: Int] = [:], expiry: Expiry? = nil) {
        self.pauseRequested = pauseRequested
        self.waivers = waivers
        self.stageBudgetFloors = stageBudgetFloors
        self.expiry = expiry
    }

    public var isEmpty: Bool { self == OperatorState() }

    enum CodingKeys: String, CodingKey {
        case waivers, expiry
        case pauseRequested = "pause_requested"
        case stageBudgetFloors = "stage_budget_floors"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pauseRequested = try c.decodeIfPresent(Request.self, forKey: .pauseRequested)
        waivers = try c.decodeIfPresent([GateWaiver].self, forKey: .waivers) ?? []
        stageBudgetFloors = try c.decodeIfPresent([String: Int].self, forKey: .stageBudgetFloors) ?? [:]
        expiry = try c.decodeIfPresent(Expiry.self, forKey: .expiry)
    }

    /// The stored text ("{}" when nothing is set).
    public var text: String { isEmpty ? "{}" : ((try? StoreJSON.text(self)) ?? "{}") }

    public static func from(_ text: String?, jobID: String) throws(StoreError) -> OperatorState {
        guard let text, text != "{}" else { return OperatorState() }
        do {
            return try StoreJSON.value(OperatorState.self, text) ?? OperatorState()
        } catch {
            throw .corruptRow(jobID: jobID, field: "operator_state", reason: "\(error)")
        }
    }
}
