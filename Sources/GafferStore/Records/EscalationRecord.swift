import GafferContracts

/// An escalation as the store keeps it: the document, and whether it is still open.
public struct EscalationRecord: Hashable, Sendable {
    public var document: UserActionRequired
    public var escalationID: String { document.escalationID }
    public var jobID: String { document.jobID }
    public var isOpen: Bool { document.status == .open }

    public init(document: UserActionRequired) { self.document = document }
}
