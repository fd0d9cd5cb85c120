import Foundation
import GafferContracts
import Synchronization

/// The store seam in memory: the same semantics as SQLite (the conformance suite holds both to them), nothing
/// durable. For in-process tests of the loop and the scheduler, which then run in milliseconds.
public final class InMemoryJobStore: JobStore {
    struct State {
        var jobs: [String: JobRecord] = [:]
        var attempts: [String: [AttemptRecord]] = [:]
        var events: [EventRecord] = []
        var escalations: [String: EscalationRecord] = [:]
        var escalationOrder: [String] = []
        var accepted: [String: [StageName: AcceptedOutput]] = [:]
        var handoffs: [HandoffRegistry.Entry] = []
        var workers: [String: WorkerRecord] = [:]
        var cursors: [String: NotificationCursor] = [:]

        func job(_ id: String) throws(StoreError) -> JobRecord {
            guard let job = jobs[id] else { throw .unknownJob(id) }
            return job
        }

        func expect(_ transition: JobTransition, jobID: String) throws(StoreError) {
            let stored = try job(jobID)
            guard stored.state == transition.from else {
                throw .conflict(jobID: jobID, expected: transition.from, found: stored.state)
            }
        }

        func fenced(_ lease: Lease) throws(StoreError) -> Int {
            let job = try job(lease.jobID)
            guard let index = attempts[lease.jobID]?.firstIndex(where: { $0.attemptID == lease.attemptID }) else {
                throw .unknownAttempt(jobID: lease.jobID, attemptID: lease.attemptID)
            }
            let attempt = attempts[lease.jobID]![index]
            guard job.fence == lease.token, attempt.fence == lease.token, attempt.status == .running else {
                throw .leaseLost(jobID: lease.jobID, attemptID: lease.attemptID)
            }
            return index
        }

        mutating func append(_ event: EventRecord) {
            var event = event
            event.sequence = Int64(events.count + 1)
            events.append(event)
        }

        mutating func save(_ escalation: EscalationRecord) {
            if escalations[escalation.escalationID] == nil { escalationOrder.append(escalation.escalationID) }
            escalations[escalation.escalationID] = escalation
        }
    }

    private let state = Mutex(State())

    public init() {}

    public func insertJob(_ job: JobRecord, event: EventRecord) async throws -> Bool {
        state.withLock {
            guard $0.jobs[job.jobID] == nil else { return false }
            $0.jobs[job.jobID] = job
            $0.append(event)
            return true
        }
    }

    public func job(_ jobID: String) async throws -> JobRecord? { state.withLock { $0.jobs[jobID] } }

    public func jobs() async throws -> [JobRecord] {
        state.withLock { $0.jobs.values.sorted { $0.jobID < $1.jobID } }
    }

    public func record(_ job: JobRecord, transition: JobTransition, event: EventRecord, escalation: EscalationRecord?) async throws {
        try state.withLock { (state: inout State) throws(StoreError) in
            try state.expect(transition, jobID: job.jobID)
            if let escalation { state.save(escalation) }
            state.jobs[job.jobID] = job
            state.append(event)
        }
    }

    public func applyOperatorChange(_ change: OperatorChange) async throws {
        try state.withLock { (state: inout State) throws(StoreError) in
            let stored = try state.job(change.job.jobID)
            guard stored.state == change.expectedState, stored.fence == change.expectedFence else {
                throw .conflict(jobID: stored.jobID, expected: change.expectedState, found: stored.state)
            }
            var job = change.job
            if let attemptID = change.interrupt {
                guard let index = state.attempts[stored.jobID]?.firstIndex(where: { $0.attemptID == attemptID }),
                    state.attempts[stored.jobID]![index].status == .running
                else { throw .conflict(jobID: stored.jobID, expected: change.expectedState, found: stored.state) }
                state.attempts[stored.jobID]![index].status = .interrupted
                state.attempts[stored.jobID]![index].endedAt = change.events.first?.ts
                state.attempts[stored.jobID]![index].leaseExpiresAt = nil
                job.raiseFence(above: stored.fence)
            }
            for escalation in change.escalations { state.save(escalation) }
            for accepted in change.accepted { state.accepted[job.jobID, default: [:]][accepted.stage] = accepted }
            state.jobs[job.jobID] = job
            for event in change.events { state.append(event) }
        }
    }

    public func events(after sequence: Int64, limit: Int) async throws -> [EventRecord] {
        state.withLock { state in Array(state.events.filter { ($0.sequence ?? 0) > sequence }.prefix(limit)) }
    }

    public func latestEventSequence() async throws -> Int64 {
        state.withLock { $0.events.last?.sequence ?? 0 }
    }

    public func notificationCursor(_ hook: String) async throws -> NotificationCursor? {
        state.withLock { $0.cursors[hook] }
    }

    public func claimNotificationHook(_ hook: String, owner: String, now: String, leaseSeconds: Double) async throws -> NotificationCursor? {
        state.withLock { state in
            guard let claimed = StoreRules.claim(
                hook: hook, stored: state.cursors[hook], owner: owner, now: now, leaseSeconds: leaseSeconds,
                latestSequence: state.events.last?.sequence ?? 0)
            else { return nil }
            state.cursors[hook] = claimed
            return claimed
        }
    }

    public func saveNotificationCursor(_ cursor: NotificationCursor) async throws -> Bool {
        state.withLock { state in
            guard state.cursors[cursor.hook]?.owner == cursor.owner else { return false }
            state.cursors[cursor.hook] = cursor
            return true
        }
    }

    public func lapsedWaits(now: String) async throws -> [JobRecord] {
        state.withLock { state in
            state.jobs.values.filter { StoreRules.hasLapsed($0, now: now) }
                .sorted { ($0.expiresAt!, $0.jobID) < ($1.expiresAt!, $1.jobID) }
        }
    }

    public func runnableJobs(now: String, limit: Int, excluding: Set<String>) async throws -> [JobRecord] {
        state.withLock { state in
            state.jobs.values
                .filter { $0.state == .validated && ($0.notBefore.map { $0 <= now } ?? true) && !excluding.contains($0.jobID) }
                .sorted { a, b in
                if a.priority != b.priority { return a.priority > b.priority }
                return (a.createdAt, a.jobID) < (b.createdAt, b.jobID)
            }
                .prefix(limit).map { $0 }
        }
    }

    public func nextWakeUp() async throws -> String? {
        state.withLock { $0.jobs.values.filter { $0.state == .validated }.compactMap(\.notBefore).min() }
    }

    public func claim(
        _ requests: [ClaimRequest], limit: Int, worker: WorkerIdentity, now: String, leaseSeconds: Double, runID: String
    ) async throws -> [Claim] {
        try state.withLock { (state: inout State) throws(StoreError) in
            var claims: [Claim] = []
            for request in requests where claims.count < limit {
                guard let job = state.jobs[request.jobID], StoreRules.isDue(job, now: now) else { continue }
                let last = state.attempts[request.jobID]?.last
                let claimed = try StoreRules.claim(
                    job: job, stage: request.stage, number: (last?.number ?? 0) + 1, previousAttemptID: last?.attemptID, worker: worker,
                    now: now, leaseSeconds: leaseSeconds, runID: runID)
                state.attempts[request.jobID, default: []].append(claimed.attempt)
                state.jobs[request.jobID] = claimed.job
                state.append(claimed.event)
                claims.append(Claim(attempt: claimed.attempt, lease: claimed.lease, job: claimed.job))
            }
            return claims
        }
    }

    public func heartbeat(_ lease: Lease, now: String, leaseSeconds: Double) async throws -> Lease {
        try state.withLock { (state: inout State) throws(StoreError) in
            let index = try state.fenced(lease)
            var renewed = lease
            renewed.expiresAt = Timestamp.adding(leaseSeconds, to: now)
            state.attempts[lease.jobID]![index].leaseExpiresAt = renewed.expiresAt
            return renewed
        }
    }

    public func recordProcess(_ lease: Lease, pid: Int32, processGroup: Int32) async throws {
        try state.withLock { (state: inout State) throws(StoreError) in
            let index = try state.fenced(lease)
            state.attempts[lease.jobID]![index].pid = pid
            state.attempts[lease.jobID]![index].processGroup = processGroup
            state.attempts[lease.jobID]![index].host = lease.host
        }
    }

    public func finishAttempt(
        _ attempt: AttemptRecord, lease: Lease, job: JobRecord, transition: JobTransition, event: EventRecord,
        escalation: EscalationRecord?, accepted: AcceptedOutput?
    ) async throws {
        try state.withLock { (state: inout State) throws(StoreError) in
            let index = try state.fenced(lease)
            try state.expect(transition, jobID: job.jobID)
            let running = state.attempts[lease.jobID]![index]
            var ended = attempt
            ended.fence = running.fence
            ended.workerID = running.workerID
            ended.leaseExpiresAt = nil
            state.attempts[lease.jobID]![index] = ended
            if let escalation { state.save(escalation) }
            if let accepted { state.accepted[job.jobID, default: [:]][accepted.stage] = accepted }
            let (settled, paused) = StoreRules.settle(finished: job, stored: try state.job(job.jobID), event: event)
            state.jobs[job.jobID] = settled
            state.append(event)
            if let paused { state.append(paused) }
        }
    }

    public func sweep(_ scope: SweepScope, runID: String, details: [String: JSONValue]) async throws -> [AttemptRecord] {
        state.withLock { state in
            var swept: [AttemptRecord] = []
            let at = scope.endedAt
            for jobID in state.attempts.keys.sorted() {
                for (index, attempt) in state.attempts[jobID]!.enumerated() where scope.includes(attempt) {
                    guard let job = state.jobs[jobID] else { continue }
                    let result = StoreRules.sweep(attempt: attempt, job: job, now: at, runID: runID, details: details)
                    state.attempts[jobID]![index] = result.attempt
                    state.jobs[jobID] = result.job
                    if let event = result.event { state.append(event) }
                    swept.append(attempt)
                }
            }
            return swept
        }
    }

    public func attempts(jobID: String) async throws -> [AttemptRecord] { state.withLock { $0.attempts[jobID] ?? [] } }

    public func allAttempts() async throws -> [AttemptRecord] {
        state.withLock { state in state.attempts.keys.sorted().flatMap { state.attempts[$0]! } }
    }

    public func jobSummaries() async throws -> [JobSummary] { try await jobs().map(JobSummary.init) }

    public func attemptSummaries() async throws -> [AttemptSummary] { try await allAttempts().map(AttemptSummary.init) }

    public func runningAttempts() async throws -> [AttemptRecord] {
        try await allAttempts().filter { $0.status == .running }
    }

    public func statistics() async throws -> StoreStatistics {
        let (jobs, attempts, escalations, events) = state.withLock {
            ($0.jobs.values.map { $0 }, $0.attempts.values.flatMap { $0 }, $0.escalations.values.map { $0 }, $0.events)
        }
        var statistics = StoreStatistics()
        for job in jobs { statistics.jobsByState[job.state, default: 0] += 1 }
        var groups: [StoreStatistics.AttemptGroup: Int] = [:]
        var gates: [StoreStatistics.GateGroup: Int] = [:]
        statistics.tallyAdvisor(attempts.compactMap(\.advisor))
        for attempt in attempts {
            groups[.init(stage: attempt.stage.rawValue, status: attempt.status, action: attempt.decisionAction, count: 0), default: 0] += 1
            if let wall = attempt.wallSeconds { statistics.durations[attempt.stage.rawValue, default: []].append(wall) }
            for (gate, status) in attempt.gateResults { gates[.init(gate: gate, status: status.rawValue, count: 0), default: 0] += 1 }
            if let engine = attempt.engine {
                if engine.timedOut { statistics.timeouts += 1 } else if engine.stalled { statistics.stalls += 1 } else if engine.signal != nil { statistics.otherSignals += 1 }
            }
        }
        statistics.attempts = groups.map { var group = $0.key; group.count = $0.value; return group }
        statistics.gates = gates.map { var group = $0.key; group.count = $0.value; return group }
        let open = escalations.filter(\.isOpen)
        statistics.openEscalations = open.count
        statistics.oldestOpenEscalationTS = open.map(\.document.escalationTS).min()
        let kinds = Set(StoreStatistics.operatorKinds)
        for event in events where kinds.contains(event.event) { statistics.operatorActions[event.event, default: 0] += 1 }
        return statistics
    }

    public func events(jobID: String) async throws -> [EventRecord] {
        state.withLock { $0.events.filter { $0.jobID == jobID } }
    }

    public func acceptedOutputs(jobID: String) async throws -> [AcceptedOutput] {
        state.withLock { state in
            let found: [AcceptedOutput] = Array((state.accepted[jobID] ?? [:]).values)
            return found.sorted { (a: AcceptedOutput, b: AcceptedOutput) in a.stage.rawValue < b.stage.rawValue }
        }
    }

    public func escalation(_ escalationID: String) async throws -> EscalationRecord? {
        state.withLock { $0.escalations[escalationID] }
    }

    public func escalations(openOnly: Bool) async throws -> [EscalationRecord] {
        state.withLock { state in
            state.escalationOrder.compactMap { state.escalations[$0] }.filter { !openOnly || $0.isOpen }
                .sorted { ($0.document.escalationTS, $0.escalationID) < ($1.document.escalationTS, $1.escalationID) }
        }
    }

    public func escalations(jobID: String) async throws -> [EscalationRecord] {
        try await escalations(openOnly: false).filter { $0.jobID == jobID }
    }

    public func resolveEscalation(
        _ escalation: EscalationRecord, job: JobRecord, transition: JobTransition, event: EventRecord,
        accepted: AcceptedOutput?
    ) async throws {
        try state.withLock { (state: inout State) throws(StoreError) in
            guard state.escalations[escalation.escalationID]?.isOpen == true else {
                throw .escalationNotOpen(escalation.escalationID)
            }
            try state.expect(transition, jobID: job.jobID)
            state.save(escalation)
            if let accepted { state.accepted[job.jobID, default: [:]][accepted.stage] = accepted }
            state.jobs[job.jobID] = job
            state.append(event)
        }
    }

    public func viewData(jobID: String) async throws -> JobViewData? {
        guard let job = try await job(jobID) else { return nil }
        return JobViewData(
            job: job, attempts: try await attempts(jobID: jobID), events: try await events(jobID: jobID),
            escalations: try await escalations(jobID: jobID))
    }

    /// A store in memory has no schema.
    public func migrations() async throws -> [String] { [] }

    public func recordWorker(_ worker: WorkerRecord) async throws { state.withLock { $0.workers[worker.workerID] = worker } }

    public func workers() async throws -> [WorkerRecord] {
        state.withLock { $0.workers.values.sorted { $0.workerID < $1.workerID } }
    }

    public func handoffs() async throws -> [HandoffRegistry.Entry] { state.withLock { $0.handoffs } }

    public func recordHandoff(_ entry: HandoffRegistry.Entry, job: JobRecord, transition: JobTransition, event: EventRecord) async throws {
        try state.withLock { (state: inout State) throws(StoreError) in
            try state.expect(transition, jobID: job.jobID)
            if let index = state.handoffs.firstIndex(where: { $0.jobID == entry.jobID && $0.platform == entry.platform }) {
                state.handoffs[index] = entry
            } else {
                state.handoffs.append(entry)
            }
            state.jobs[job.jobID] = job
            state.append(event)
        }
    }
}
