import Foundation
import GafferContracts
import GafferPostgres
import GafferTestSupport
import Testing

@testable import GafferStore

/// Which store a conformance case runs against. Every implementation of the seam is listed here (PostgreSQL joins).
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case memory
    case postgres

    var testDescription: String { rawValue }

    /// A fresh, empty store: SQLite on a real file in a temporary folder (kept alive by the returned folder), or a
    /// new database on the test process's PostgreSQL server (which the first case starts; without it they fail).
    func make() async throws -> (any JobStore, TemporaryFolder) {
        let folder = try TemporaryFolder()
        switch self {
        case .sqlite: return (try SQLiteJobStore(path: folder.path("gaffer.sqlite")), folder)
        case .memory: return (InMemoryJobStore(), folder)
        case .postgres:
            let url = try await PostgresTestServer.shared().createDatabase()
            return (try await PostgresJobStore.connect(PostgresLocation(url: url), timeout: PostgresTestServer.connectTimeout), folder)
        }
    }
}

/// The store seam's contract (SPEC §9), run against every implementation: transitions and conflicts, attempt
/// numbering under concurrent claims, leases, fencing, sweeping, escalations, handoffs.
@Suite struct StoreConformanceTests {
    static let t0 = "2026-12-01T10:00:00.000Z"
    static let worker = WorkerIdentity(workerID: "worker-a", host: "host-a")

    static func queued(_ store: any JobStore, _ id: String = "job-000001", priority: Int = 0, createdAt: String = t0) async throws -> JobRecord {
        var job = JobRecord(jobID: id, sourcePath: "jobs/\(id).job.json", priority: priority, createdAt: createdAt, updatedAt: createdAt)
        let transition = try job.apply(.validated(stage: "video"))
        #expect(try await store.insertJob(job, event: EventRecord(transition, jobID: id, ts: createdAt, runID: "r1")))
        return job
    }

    /// Ends a claimed attempt with a decision (a retry of the same stage unless told otherwise).
    static func finish(_ store: any JobStore, _ claim: Claim, verdict: JobEvent.AttemptVerdict = .retry(stage: "video"),
                       escalation: EscalationRecord? = nil, accepted: AcceptedOutput? = nil) async throws {
        var attempt = claim.attempt
        attempt.status = .decided
        attempt.endedAt = t0
        var job = claim.job
        let transition = try job.apply(.attemptFinished(verdict))
        try await store.finishAttempt(
            attempt, lease: claim.lease, job: job, transition: transition,
            event: EventRecord(transition, jobID: job.jobID, ts: t0, runID: "r1", attemptID: attempt.attemptID),
            escalation: escalation, accepted: accepted)
    }

    @Test(arguments: StoreKind.allCases)
    func aJobIsInsertedOnceWithItsEvent(_ kind: StoreKind) async throws {
        let (store, _folder) = try await kind.make()
        _ = _folder
        let job = try await Self.queued(store)
        var again = job
        again.reason = "second"
        #expect(try await !store.insertJob(again, event: EventRecord(jobID: job.jobID, ts: Self.t0, runID: "r1", event: .validated)))
        #expect(try await store.events(jobID: job.jobID).map(\.event) == [.validated])
        #expect(try await store.job(job.jobID) == job)
    }

    @Test(arguments: StoreKind.allCases)
    func aTransitionFromAStateTheJobHasLeftIsAConflictAndChangesNothing(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        let job = try await Self.queued(store)
        let claim = try await store.claim(jobID: job.jobID, stage: "video", worker: Self.worker, now: Self.t0, leaseSeconds: 30, runID: "r1")
        // A stale copy of the job (still VALIDATED) tries to escalate it.
        var stale = job
        let transition = try stale.apply(.escalated(reason: "stale"))
        await #expect(throws: StoreError.conflict(jobID: job.jobID, expected: .validated, found: .running)) {
            try await store.record(stale, transition: transition, event: EventRecord(transition, jobID: job.jobID, ts: Self.t0, runID: "r1"))
        }
        #expect(try await store.job(job.jobID)?.state == .running)
        #expect(try await store.events(jobID: job.jobID).map(\.event) == [.validated, .attemptStarted])
        _ = claim
    }

    @Test(arguments: StoreKind.allCases)
    func aClaimIsRefusedWhileAnAttemptRuns(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        let job = try await Self.queued(store)
        let first = try await store.claim(jobID: job.jobID, stage: "video", worker: Self.worker, now: Self.t0, leaseSeconds: 30, runID: "r1")
        #expect(first.attempt.attemptID == "run-0001")
        #expect(first.job.state == .running)
        #expect(first.lease.token == 1)
        await #expect(throws: StoreError.self) {
            _ = try await store.claim(jobID: job.jobID, stage: "video", worker: Self.worker, now: Self.t0, leaseSeconds: 30, runID: "r1")
        }
        #expect(try await store.attempts(jobID: job.jobID).count == 1, "the refused claim numbered nothing")
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentClaimersNumberAttemptsWithoutGapsOrRepeats(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        let job = try await Self.queued(store)
        let target = 24
        let won = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<6 {
                group.addTask {
                    var mine: [String] = []
                    let identity = WorkerIdentity(workerID: "w\(worker)", host: "h")
                    while try await store.attempts(jobID: job.jobID).count < target {
                        guard let claim = try? await store.claim(jobID: job.jobID, stage: "video", worker: identity, now: Self.t0, leaseSeconds: 30, runID: "r\(worker)") else {
                            await Task.yield()
                            continue
                        }
                        mine.append(claim.attempt.attemptID)
                        try await Self.finish(store, claim)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let numbers = try await store.attempts(jobID: job.jobID).map(\.number)
        #expect(numbers == Array(1...numbers.count), "no gaps: \(numbers)")
        #expect(numbers.count >= target && numbers.count < target + 6)
        #expect(Set(won).count == won.count, "no attempt was claimed twice")
        #expect(won.count == numbers.count)
        let fences = try await store.attempts(jobID: job.jobID).map(\.fence)
        #expect(fences == fences.sorted() && Set(fences).count == fences.count, "fencing tokens only grow: \(fences)")
    }

    @Test(arguments: StoreKind.allCases)
    func aBatchClaimTakesQueuedDueJobsInTheOrderAskedUpToItsLimit(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        for id in ["job-a", "job-b", "job-c", "job-d"] { _ = try await Self.queued(store, id) }
        // job-d waits out a back-off; job-b is already running; job-x does not exist.
        var waiting = try #require(try await store.job("job-d"))
        waiting.notBefore = "2026-12-01T11:00:00.000Z"
        let noted = try waiting.apply(.jobFileChanged(digest: "sha256:0"))
        try await store.record(waiting, transition: noted, event: EventRecord(noted, jobID: "job-d", ts: Self.t0, runID: "r1"))
        _ = try await store.claim(jobID: "job-b", stage: "video", worker: Self.worker, now: Self.t0, leaseSeconds: 30, runID: "r1")
        let asked = ["job-x", "job-d", "job-b", "job-c", "job-a"].map { ClaimRequest(jobID: $0, stage: "video") }
        let claims = try await store.claim(asked, limit: 1, worker: Self.worker, now: Self.t0, leaseSeconds: 30, runID: "r1")
        #expect(claims.map(\.attempt.jobID) == ["job-c"], "the first queued, due job asked for")
        let rest = try await store.claim(asked, limit: 5, worker: Self.worker, now: Self.t0, leaseSeconds: 30, runID: "r1")
        #expect(rest.map(\.attempt.jobID) == ["job-a"])
        #expect(rest.allSatisfy { $0.job.state == .running && $0.attempt.attemptID == "run-0001" && $0.lease.token == 1 })
        #expect(try await store.job("job-d")?.state == .validated, "not due: left queued")
        #expect(try await store.attempts(jobID: "job-b").count == 1, "a running job is not claimed again")
        #expect(try await store.claim([], limit: 3, worker: Self.worker, now: Self.t0, leaseSeconds: 30, runID: "r1").isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func workersRacingForTheSameJobsEachClaimDifferentOnes(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        let ids = (1...30).map { String(format: "race-%03d", $0) }
        for id in ids { _ = try await Self.queued(store, id) }
        let requests = ids.map { ClaimRequest(jobID: $0, stage: "video") }
        // Four workers, each asking for all thirty in the same order, three at a time, until none is left.
        let taken = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<4 {
                group.addTask {
                    let identity = WorkerIdentity(workerID: "w\(worker)", host: "h")
                    var mine: [String] = []
                    while true {
                        let claims = try await store.claim(requests, limit: 3, worker: identity, now: Self.t0, leaseSeconds: 30, runID: "r\(worker)")
                        if claims.isEmpty, try await store.runnableJobs(now: Self.t0, limit: 1, excluding: []).isEmpty { return mine }
                        mine += claims.map(\.attempt.jobID)
                        await Task.yield()
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(taken.sorted() == ids, "each job claimed exactly once: \(taken.count) claims")
        for id in ids { #expect(try await store.attempts(jobID: id).map(\.attemptID) == ["run-0001"]) }
    }

    @Test(arguments: StoreKind.allCases)
    func workersAreRecordedReplacedAndLiveUntilTheyStopOrTheirPromisePasses(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        #expect(try await store.workers().isEmpty)
        let gpu = WorkerRecord(
            workerID: "gpu-1", host: "render-07", labels: ["gpu": "a100", "region": "eu"], concurrency: 2, startedAt: Self.t0,
            seenAt: Self.t0, liveUntil: "2026-12-01T10:00:10.000Z")
        let cpu = WorkerRecord(
            workerID: "cpu-1", host: "render-01", labels: [:], concurrency: 4, startedAt: Self.t0, seenAt: Self.t0,
            liveUntil: "2026-12-01T10:00:10.000Z")
        try await store.recordWorker(gpu)
        try await store.recordWorker(cpu)
        #expect(try await store.workers() == [cpu, gpu], "by worker id, labels and all read back")
        var stopped = gpu
        stopped.seenAt = "2026-12-01T10:00:05.000Z"
        stopped.liveUntil = stopped.seenAt
        stopped.stoppedAt = stopped.seenAt
        try await store.recordWorker(stopped)
        let workers = try await store.workers()
        #expect(workers == [cpu, stopped], "the same worker id replaces its record")
        #expect(workers.map { $0.isLive(at: "2026-12-01T10:00:06.000Z") } == [true, false], "a stopped worker is not live")
        #expect(!cpu.isLive(at: "2026-12-01T10:00:11.000Z"), "past its promise, a worker that said nothing is gone")
    }

    @Test(arguments: StoreKind.allCases)
    func aHeartbeatExtendsTheLease(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        let job = try await Self.queued(store)
        let claim = try await store.claim(jobID: job.jobID, stage: "video", worker: Self.worker, now: Self.t0, leaseSeconds: 30, runID: "r1")
        #expect(claim.lease.expiresAt == "2026-12-01T10:00:30.000Z")
        let later = "2026-12-01T10:00:25.000Z"
        let renewed = try await store.heartbeat(claim.lease, now: later, leaseSeconds: 30)
        #expect(renewed.expiresAt == "2026-12-01T10:00:55.000Z")
        // At 10:00:40 the first expiry has passed but the renewed one has not: nothing is swept.
        #expect(try await store.sweepExpiredLeases(now: "2026-12-01T10:00:40.000Z", runID: "r2", details: [:]).isEmpty)
        #expect(try await store.job(job.jobID)?.state == .running)
    }

    @Test(arguments: StoreKind.allCases)
    func anExpiredLeaseIsSweptAndTheOldHolderCanRecordNothing(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        let job = try await Self.queued(store)
        let claim = try await store.claim(jobID: job.jobID, stage: "video", worker: Self.worker, now: Self.t0, leaseSeconds: 30, runID: "r1")
        let swept = try await store.sweepExpiredLeases(now: "2026-12-01T10:01:00.000Z", runID: "r2", details: ["reason": "lease expired"])
        #expect(swept.map(\.attemptID) == ["run-0001"])
        let after = try #require(try await store.job(job.jobID))
        #expect(after.state == .validated, "runnable again")
        #expect(after.fence == claim.lease.token + 1, "the sweep raised the fence")
        let attempts = try await store.attempts(jobID: job.jobID)
        #expect(attempts.map(\.status) == [.interrupted])
        #expect(!attempts[0].counts, "an interrupted attempt does not count against the budget")
        #expect(try await store.events(jobID: job.jobID).last?.event == .attemptInterrupted)

        // The old holder's writes are void, and change nothing.
        await #expect(throws: StoreError.leaseLost(jobID: job.jobID, attemptID: "run-0001")) {
            try await Self.finish(store, claim, verdict: .proceed(next: nil))
        }
        await #expect(throws: StoreError.leaseLost(jobID: job.jobID, attemptID: "run-0001")) {
            try await store.recordProcess(claim.lease, pid: 4242, processGroup: 4242)
        }
        await #expect(throws: StoreError.leaseLost(jobID: job.jobID, attemptID: "run-0001")) {
            _ = try await store.heartbeat(claim.lease, now: "2026-12-01T10:01:01.000Z", leaseSeconds: 30)
        }
        #expect(try await store.job(job.jobID) == after)
        #expect(try await store.attempts(jobID: job.jobID).map(\.status) == [.interrupted])

        // A new claim gets the next number and a newer token; the stale lease of run-0001 still cannot write.
        let second = try await store.claim(jobID: job.jobID, stage: "video", worker: Self.worker, now: "2026-12-01T10:01:02.000Z", leaseSeconds: 30, runID: "r2")
        #expect(second.attempt.attemptID == "run-0002")
        #expect(second.lease.token > after.fence - 1)
        await #expect(throws: StoreError.self) { try await store.recordProcess(claim.lease, pid: 1, processGroup: 1) }
        try await store.recordProcess(second.lease, pid: 4343, processGroup: 4343)
        #expect(try await store.runningAttempts().map(\.processGroup) == [4343])
    }

    @Test(arguments: StoreKind.allCases)
    func aRestartedFleetWorkerSweepsOnlyItsOwnAttemptsWhateverTheirLeases(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        let other = WorkerIdentity(workerID: "worker-b", host: "host-b")
        var claims: [String: Claim] = [:]
        for (id, worker) in [("job-000001", Self.worker), ("job-000002", other)] {
            let job = try await Self.queued(store, id)
            claims[id] = try await store.claim(jobID: job.jobID, stage: "video", worker: worker, now: Self.t0, leaseSeconds: 3600, runID: "r1")
        }
        let swept = try await store.sweep(.worker(Self.worker.workerID), runID: "r2", details: ["recovered": true])
        #expect(swept.map(\.jobID) == ["job-000001"])
        #expect(try await store.runningAttempts().map(\.workerID) == ["worker-b"])
        #expect(try await store.job("job-000001")?.state == .validated)
        // The swept attempt's lease is void; the other worker's still renews.
        await #expect(throws: StoreError.leaseLost(jobID: "job-000001", attemptID: "run-0001")) {
            _ = try await store.heartbeat(claims["job-000001"]!.lease, now: Self.t0, leaseSeconds: 30)
        }
        _ = try await store.heartbeat(claims["job-000002"]!.lease, now: Self.t0, leaseSeconds: 30)
    }

    @Test(arguments: StoreKind.allCases)
    func recoveryByTheOnlyWorkerSweepsEveryRunningAttempt(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        for id in ["job-000001", "job-000002"] {
            let job = try await Self.queued(store, id)
            _ = try await store.claim(jobID: job.jobID, stage: "video", worker: Self.worker, now: Self.t0, leaseSeconds: 3600, runID: "r1")
        }
        let swept = try await store.sweepExpiredLeases(now: nil, runID: "r2", details: ["recovered": true])
        #expect(swept.map(\.jobID) == ["job-000001", "job-000002"])
        #expect(try await store.runningAttempts().isEmpty)
        #expect(try await store.jobs().allSatisfy { $0.state == .validated })
    }

    @Test(arguments: StoreKind.allCases)
    func runnableJobsComeByPriorityThenAgeAndWaitOutTheirBackOff(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        _ = try await Self.queued(store, "old-low-0001", priority: 0, createdAt: "2026-12-01T09:00:00.000Z")
        _ = try await Self.queued(store, "new-high-0001", priority: 5, createdAt: "2026-12-01T09:30:00.000Z")
        _ = try await Self.queued(store, "new-low-00001", priority: 0, createdAt: "2026-12-01T09:45:00.000Z")
        var waiting = try await Self.queued(store, "waiting-00001", priority: 9, createdAt: "2026-12-01T08:00:00.000Z")
        waiting.notBefore = "2026-12-01T11:00:00.000Z"
        let fact = try waiting.apply(.jobFileChanged(digest: "x"))
        try await store.record(waiting, transition: fact, event: EventRecord(fact, jobID: waiting.jobID, ts: Self.t0, runID: "r1"))
        let order = try await store.runnableJobs(now: Self.t0, limit: 10, excluding: []).map(\.jobID)
        #expect(order == ["new-high-0001", "old-low-0001", "new-low-00001"])
        #expect(try await store.runnableJobs(now: Self.t0, limit: 1, excluding: ["new-high-0001"]).map(\.jobID) == ["old-low-0001"])
        #expect(try await store.nextWakeUp() == "2026-12-01T11:00:00.000Z")
        #expect(try await store.runnableJobs(now: "2026-12-01T11:00:01.000Z", limit: 1, excluding: []).map(\.jobID) == ["waiting-00001"])
    }

    @Test(arguments: StoreKind.allCases)
    func aDecisionCommitsTheEscalationAndTheAcceptedOutputWithTheJob(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        let job = try await Self.queued(store)
        let claim = try await store.claim(jobID: job.jobID, stage: "video", worker: Self.worker, now: Self.t0, leaseSeconds: 30, runID: "r1")
        let document = UserActionRequired(
            jobID: job.jobID, reason: .identityConflict, requiredArtifact: "a", expectedFormat: "b", thresholdFailed: nil,
            exampleFix: nil, escalationTS: Self.t0, escalationID: "esc-job-000001-run-0001", stage: "video", attemptID: "run-0001",
            evidence: .init(), allowedResponses: [.proceed, .abort], bestAttemptID: "run-0001", cause: .qcIdentity, summary: "s")
        try await Self.finish(store, claim, verdict: .escalate(escalationID: document.escalationID), escalation: EscalationRecord(document: document))
        #expect(try await store.job(job.jobID)?.state == .escalated)
        #expect(try await store.escalations(openOnly: true).map(\.document) == [document])
        #expect(try await store.escalations(jobID: job.jobID).count == 1)

        var resolved = document
        resolved.status = .resolved
        resolved.resolution = .init(action: .proceed, by: "ops", at: Self.t0)
        var answered = try #require(try await store.job(job.jobID))
        let transition = try answered.apply(.resolved(.proceed(next: nil)))
        let accepted = AcceptedOutput(jobID: job.jobID, stage: "video", attemptID: "run-0001", path: "logs/job-000001/attempts/run-0001/out.mp4")
        let event = EventRecord(transition, jobID: job.jobID, ts: Self.t0, runID: "r1")
        try await store.resolveEscalation(EscalationRecord(document: resolved), job: answered, transition: transition, event: event, accepted: accepted)
        #expect(try await store.escalations(openOnly: true).isEmpty)
        #expect(try await store.acceptedOutputs(jobID: job.jobID) == [accepted])
        #expect(try await store.job(job.jobID)?.state == .completed)
        await #expect(throws: StoreError.escalationNotOpen(document.escalationID)) {
            try await store.resolveEscalation(EscalationRecord(document: resolved), job: answered, transition: transition, event: event, accepted: nil)
        }
        #expect(try await store.events(jobID: job.jobID).filter { $0.event == .escalationResolved }.count == 1, "the refused answer wrote no event")
    }

    @Test(arguments: StoreKind.allCases)
    func aHandoffForTheSamePlatformReplacesTheEntryKeepingItsPlace(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        let job = try await Self.queued(store)
        let claim = try await store.claim(jobID: job.jobID, stage: "video", worker: Self.worker, now: Self.t0, leaseSeconds: 30, runID: "r1")
        try await Self.finish(store, claim, verdict: .proceed(next: nil))
        let first = HandoffRegistry.Entry(jobID: job.jobID, platform: "youtube", postURL: "https://youtu.be/a", postedAt: Self.t0)
        let second = HandoffRegistry.Entry(jobID: job.jobID, platform: "tiktok", postURL: "https://tiktok.com/@x/video/1", postedAt: Self.t0)
        var corrected = first
        corrected.postURL = "https://youtu.be/b"
        for entry in [first, second, corrected] {
            var current = try #require(try await store.job(job.jobID))
            let transition = try current.apply(.posted(platform: entry.platform))
            try await store.recordHandoff(entry, job: current, transition: transition, event: EventRecord(transition, jobID: job.jobID, ts: Self.t0, runID: "r1"))
        }
        #expect(try await store.handoffs() == [corrected, second])
        #expect(try await store.job(job.jobID)?.state == .posted)
    }

    @Test(arguments: StoreKind.allCases)
    func theViewDataIsWhatTheSeparateReadsSay(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        let job = try await Self.queued(store)
        #expect(try await store.viewData(jobID: "no-such-job-1") == nil)
        let claim = try await store.claim(jobID: job.jobID, stage: "video", worker: Self.worker, now: Self.t0, leaseSeconds: 30, runID: "r1")
        try await Self.finish(store, claim)
        let data = try #require(try await store.viewData(jobID: job.jobID))
        #expect(data.job == (try await store.job(job.jobID)))
        #expect(data.attempts == (try await store.attempts(jobID: job.jobID)))
        #expect(data.events == (try await store.events(jobID: job.jobID)))
        #expect(data.events.map(\.event) == [.validated, .attemptStarted, .decided])
        #expect(data.escalations == (try await store.escalations(jobID: job.jobID)))
    }

    @Test(arguments: StoreKind.allCases)
    func jobAndAttemptSummariesAreTheFullRecordsInBrief(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        for id in ["job-b", "job-a"] { _ = try await Self.queued(store, id) }
        let first = try await store.claim(jobID: "job-b", stage: "video", worker: Self.worker, now: Self.t0, leaseSeconds: 30, runID: "r1")
        var decided = first.attempt
        decided.status = .decided
        decided.endedAt = Self.t0
        decided.decisionAction = .escalateUser
        decided.escalationReason = .artifactCorrupted
        decided.score = 0.625
        decided.wallSeconds = 12.5
        decided.gateResults = ["silence_ratio_gate": .hardFail]
        var job = first.job
        let transition = try job.apply(.attemptFinished(.retry(stage: "video")))
        try await store.finishAttempt(
            decided, lease: first.lease, job: job, transition: transition,
            event: EventRecord(transition, jobID: "job-b", ts: Self.t0, runID: "r1", attemptID: decided.attemptID), escalation: nil, accepted: nil)
        _ = try await store.claim(jobID: "job-b", stage: "video", worker: Self.worker, now: Self.t0, leaseSeconds: 30, runID: "r1")
        _ = try await store.claim(jobID: "job-a", stage: "video", worker: Self.worker, now: Self.t0, leaseSeconds: 30, runID: "r1")
        #expect(try await store.jobSummaries() == (try await store.jobs()).map(JobSummary.init))
        #expect(try await store.jobSummaries().map(\.jobID) == ["job-a", "job-b"])
        let full = try await store.allAttempts()
        let brief = try await store.attemptSummaries()
        #expect(brief == full.map(AttemptSummary.init), "\(brief)")
        #expect(brief.map { "\($0.jobID)/\($0.attemptID)" } == ["job-a/run-0001", "job-b/run-0001", "job-b/run-0002"])
        #expect(brief[1].decisionAction == .escalateUser && brief[1].escalationReason == .artifactCorrupted && brief[1].score == 0.625)
    }

    @Test(arguments: StoreKind.allCases)
    func statisticsOfGatesKillsAndDurationsAgreeWithTheRecords(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        typealias Facts = AttemptRecord.EngineOutcome
        // Six attempts over three jobs: repeated and distinct verdict sets, a timeout, a stall, a signal, clean exits.
        let ends: [([String: GateStatus], Facts?, Double?)] = [
            (["a": .pass, "b": .hardFail], Facts(exitCode: 0), 1.25),
            (["a": .pass, "b": .hardFail], Facts(signal: 9, timedOut: true), 30),
            (["a": .softFail], Facts(signal: 9, stalled: true), 12.5),
            ([:], Facts(signal: 11), 0.5),
            (["a": .pass, "b": .pass, "c": .unknown], Facts(exitCode: 0), nil),
            (["a": .pass, "b": .hardFail], nil, 2),
        ]
        for (index, end) in ends.enumerated() {
            let id = "stats-job-\(index % 3)"
            if try await store.job(id) == nil { _ = try await Self.queued(store, id) }
            let claim = try await store.claim(jobID: id, stage: "video", worker: Self.worker, now: Self.t0, leaseSeconds: 30, runID: "r1")
            var attempt = claim.attempt
            attempt.status = .decided
            attempt.decisionAction = .retryStage
            (attempt.gateResults, attempt.engine, attempt.wallSeconds) = end
            var next = claim.job
            let transition = try next.apply(.attemptFinished(.retry(stage: "video")))
            try await store.finishAttempt(attempt, lease: claim.lease, job: next, transition: transition,
                                          event: EventRecord(transition, jobID: id, ts: Self.t0, runID: "r1"), escalation: nil, accepted: nil)
        }
        let statistics = try await store.statistics()
        var expected: [String: Int] = [:]
        for attempt in try await store.allAttempts() {
            for (gate, verdict) in attempt.gateResults { expected["\(gate)=\(verdict.rawValue)", default: 0] += 1 }
        }
        #expect(expected == ["a=PASS": 4, "b=HARD_FAIL": 3, "a=SOFT_FAIL": 1, "b=PASS": 1, "c=UNKNOWN": 1])
        let counted = Dictionary(statistics.gates.map { ("\($0.gate)=\($0.status)", $0.count) }, uniquingKeysWith: +)
        #expect(counted == expected)
        let kills: [Int] = [statistics.timeouts, statistics.stalls, statistics.otherSignals]
        #expect(kills == [1, 1, 1])
        let durations: [Double] = statistics.durations["video"]?.sorted() ?? []
        #expect(durations == [0.5, 1.25, 2, 12.5, 30])
    }

    @Test(arguments: StoreKind.allCases)
    func advisorCallsAndOpenCircuitsReadBackAndAreCounted(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        let uses: [AdvisorUse?] = [
            AdvisorUse(source: "openai:http://x/v1", outcome: .recorded, latencySeconds: 1.25, tokensIn: 1000, tokensOut: 40),
            AdvisorUse(source: "openai:http://x/v1", outcome: .recorded, latencySeconds: 0.5, tokensIn: 800, tokensOut: 20),
            AdvisorUse(source: "command:./a.sh", outcome: .unavailable, latencySeconds: 30),
            AdvisorUse(source: "command:./a.sh", outcome: .unavailable),
            nil,
        ]
        for (index, use) in uses.enumerated() {
            let id = "advisor-job-\(index)"
            _ = try await Self.queued(store, id)
            let claim = try await store.claim(jobID: id, stage: "video", worker: Self.worker, now: Self.t0, leaseSeconds: 30, runID: "r1")
            var attempt = claim.attempt
            attempt.status = .decided
            attempt.decisionAction = .retryStage
            attempt.advisor = use
            var next = claim.job
            let transition = try next.apply(.attemptFinished(.retry(stage: "video")))
            try await store.finishAttempt(attempt, lease: claim.lease, job: next, transition: transition,
                                          event: EventRecord(transition, jobID: id, ts: Self.t0, runID: "r1"), escalation: nil, accepted: nil)
            #expect(try await store.attempts(jobID: id).first?.advisor == use, "the advisor use reads back")
        }
        let statistics = try await store.statistics()
        #expect(statistics.advisorCalls == [
            .init(outcome: "recorded", count: 2, tokensIn: 1800, tokensOut: 60), .init(outcome: "unavailable", count: 2, tokensIn: 0, tokensOut: 0),
        ])
        #expect(statistics.advisorLatencies.sorted() == [0.5, 1.25, 30])
        let worker = WorkerRecord(
            workerID: "w-1", host: "h", labels: [:], concurrency: 1, startedAt: Self.t0, seenAt: Self.t0,
            liveUntil: "2026-12-01T10:00:10.000Z", advisorCircuitOpenUntil: "2026-12-01T10:05:00.000Z")
        try await store.recordWorker(worker)
        #expect(try await store.workers() == [worker])
        #expect(worker.advisorCircuitIsOpen(at: "2026-12-01T10:00:05.000Z") && !worker.advisorCircuitIsOpen(at: "2026-12-01T10:00:11.000Z"))
    }

    @Test(arguments: StoreKind.allCases)
    func statisticsCountStatesAttemptsAndOpenEscalations(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        let job = try await Self.queued(store)
        let claim = try await store.claim(jobID: job.jobID, stage: "video", worker: Self.worker, now: Self.t0, leaseSeconds: 30, runID: "r1")
        var attempt = claim.attempt
        attempt.status = .decided
        attempt.decisionAction = .proceed
        attempt.gateResults = ["g1": .pass]
        attempt.wallSeconds = 1.5
        var next = claim.job
        let transition = try next.apply(.attemptFinished(.proceed(next: nil)))
        try await store.finishAttempt(attempt, lease: claim.lease, job: next, transition: transition,
                                      event: EventRecord(transition, jobID: job.jobID, ts: Self.t0, runID: "r1"), escalation: nil, accepted: nil)
        let statistics = try await store.statistics()
        #expect(statistics.jobsByState == [.completed: 1])
        #expect(statistics.attempts.map(\.count) == [1])
        #expect(statistics.gates.map(\.gate) == ["g1"])
        #expect(statistics.durations["video"] == [1.5])
        #expect(statistics.openEscalations == 0)
    }
}

/// What only the SQLite file does: survive being closed and opened again.
struct SQLiteDurabilityTests {
    @Test func numberingAndLeasesContinueAcrossReopeningTheStore() async throws {
        let folder = try TemporaryFolder()
        do {
            let store = try SQLiteJobStore(path: folder.path("gaffer.sqlite"))
            let job = try await StoreConformanceTests.queued(store)
            let claim = try await store.claim(jobID: job.jobID, stage: "video", worker: StoreConformanceTests.worker, now: StoreConformanceTests.t0, leaseSeconds: 30, runID: "r1")
            try await store.recordProcess(claim.lease, pid: 4242, processGroup: 4242)
        }
        let reopened = try SQLiteJobStore(path: folder.path("gaffer.sqlite"))
        let running = try await reopened.runningAttempts()
        #expect(running.map(\.processGroup) == [4242], "the process group survives for crash recovery")
        #expect(running.first?.host == "host-a")
        _ = try await reopened.sweepExpiredLeases(now: nil, runID: "r2", details: [:])
        let next = try await reopened.claim(jobID: "job-000001", stage: "video", worker: StoreConformanceTests.worker, now: StoreConformanceTests.t0, leaseSeconds: 30, runID: "r2")
        #expect(next.attempt.attemptID == "run-0002")
        #expect(next.lease.token == 3, "claim 1, sweep 2, claim 3")
    }

    @Test func aCorruptRowIsReportedWithTheFieldNotDecodedAsSomethingElse() async throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteJobStore(path: folder.path("gaffer.sqlite"))
        _ = try await StoreConformanceTests.queued(store)
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE jobs SET state='LIMBO'\"); c.commit()", folder.path("gaffer.sqlite")]
        try sqlite.run()
        await sqlite.exited()  // not waitUntilExit: a blocked cooperative thread stalls every other test
        await #expect(throws: StoreError.corruptRow(jobID: "job-000001", field: "state", reason: "unknown state Optional(\"LIMBO\")")) {
            _ = try await store.job("job-000001")
        }
    }
}

/// The `events.ndjson` line written by the views is the event's Codable form, member for member.
struct EventLineTests {
    @Test(arguments: [
        EventRecord(jobID: "job-000001", ts: "2026-12-01T10:00:00.000Z", runID: "r1", event: .validated),
        EventRecord(jobID: "job-000001", ts: "2026-12-01T10:00:00.000Z", runID: "r1", event: .decided, fromState: .running,
                    toState: .validated, stage: "video", attemptID: "run-0001",
                    details: ["action": "RETRY_STAGE", "fence": 3, "path": "logs/a/b", "nested": ["x": [1, 2.5, true, nil]]]),
    ])
    func theViewLineIsTheCodableForm(_ event: EventRecord) throws {
        let codable = try JSONValue.parse(String(decoding: JSONEncoder().encode(event), as: UTF8.self))
        #expect(event.jsonValue == codable)
    }
}

/// What only PostgreSQL does: a row another transaction holds is passed over, not waited for; a row edited by hand
/// into something unreadable is named as such.
@Suite struct PostgresStoreTests {
    @Test func aCorruptRowIsReportedWithTheJobAndFieldNotAsTheStoreBeingAway() async throws {
        let server = try await PostgresTestServer.shared()
        let url = try await server.createDatabase("corrupt_rows")
        let database = PostgresTestServer.database(of: url)
        let store = try await PostgresJobStore.connect(PostgresLocation(url: url), timeout: PostgresTestServer.connectTimeout)
        defer { store.close() }
        _ = try await StoreConformanceTests.queued(store, "corrupt-job-1")
        _ = try await store.claim(
            jobID: "corrupt-job-1", stage: "video", worker: StoreConformanceTests.worker, now: StoreConformanceTests.t0, leaseSeconds: 30, runID: "r1")
        _ = try await server.psql("UPDATE attempts SET gate_results = '{\"g\": 7}'", database: database)
        do {
            _ = try await store.attempts(jobID: "corrupt-job-1")
            Issue.record("an unreadable gate verdict was read")
        } catch StoreError.corruptRow(let job, let field, _) {
            #expect(job == "corrupt-job-1" && field == "attempts.gate_results")
        }
        _ = try await server.psql("UPDATE jobs SET state = 'LIMBO'", database: database)
        await #expect(throws: StoreError.corruptRow(jobID: "corrupt-job-1", field: "state", reason: "unknown state LIMBO")) {
            _ = try await store.job("corrupt-job-1")
        }
    }

    @Test func aJobAnotherTransactionHoldsIsSkippedNotWaitedFor() async throws {
        let server = try await PostgresTestServer.shared()
        let url = try await server.createDatabase("skip_locked")
        let store = try await PostgresJobStore.connect(PostgresLocation(url: url), timeout: PostgresTestServer.connectTimeout)
        for id in ["held-job", "free-job"] { _ = try await StoreConformanceTests.queued(store, id) }
        // Another claimer holds held-job's row for 8 s.
        let holder = Task {
            try await server.psql(
                "BEGIN; SELECT job_id FROM jobs WHERE job_id = 'held-job' FOR UPDATE; SELECT pg_sleep(8); COMMIT;",
                database: PostgresTestServer.database(of: url))
        }
        defer { holder.cancel() }
        let deadline = Date().addingTimeInterval(10)
        while try await server.psql("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'jobs' AND l.mode = 'RowShareLock'",
                                    database: PostgresTestServer.database(of: url)).trimmingCharacters(in: .whitespacesAndNewlines) == "0" {
            try #require(Date() < deadline, "the holder never took its lock")
            try await Task.sleep(for: .milliseconds(20))
        }
        let requests = ["held-job", "free-job"].map { ClaimRequest(jobID: $0, stage: "video") }
        let claims = try await store.claim(
            requests, limit: 1, worker: StoreConformanceTests.worker, now: StoreConformanceTests.t0, leaseSeconds: 30, runID: "r1")
        // Waiting for the lock would have returned held-job once the holder committed (it stays queued).
        #expect(claims.map(\.attempt.jobID) == ["free-job"])
        _ = try await holder.value
        #expect(try await store.job("held-job")?.state == .validated)
        store.close()
    }
}

