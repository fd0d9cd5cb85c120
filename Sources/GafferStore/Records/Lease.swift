/// A worker's claim on one attempt of one job (SPEC §9): who holds it, until when, and its fencing token.
///
/// Every write about the attempt carries the lease; the store refuses it with ``StoreError/leaseLost(jobID:attemptID:)``
/// when the job's fence has moved past `token` (the lease was swept, or another worker claimed the job since).
public struct Lease: Hashable, Sendable {
    public var jobID: String
    public var attemptID: String
    public var workerID: String
    public var host: String
    public var token: Int64
    /// RFC 3339.
    public var expiresAt: String

    public init(jobID: String, attemptID: String, workerID: String, host: String, token: Int64, expiresAt: String) {
        self.jobID = jobID
        self.attemptID = attemptID
        self.workerID = workerID
        self.host = host
        self.token = token
        self.expiresAt = expiresAt
    }
}

/// The worker that claims: its id and host.
public struct WorkerIdentity: Hashable, Sendable {
    public var workerID: String
    public var host: String

    public init(workerID: String, host: String) {
        self.workerID = workerID
        self.host = host
    }
}
