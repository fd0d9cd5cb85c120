import Foundation
import GafferContracts
import GafferTestSupport
import Testing

@testable import GafferStore

/// The store's side of the operator verbs (SPEC §7, §9), against every implementation: a verb is one transaction
/// that applies only to the row it was computed from; one that stops a running attempt fences its worker off; a
/// pause asked for while an attempt runs takes effect when the attempt is recorded; lapsed waits are found.
@Suite struct OperatorChangeConformanceTests {
    typealias C = StoreConformanceTests

    static func change(_ job: JobRecord, _ event: JobEvent, interrupt: String? = nil, mutate: (inout JobRecord) -> Void = { _ in })
        throws -> OperatorChange
    {
        var next = job
        let transition = try next.apply(event)
        mutate(&next)
        return OperatorChange(
            job: next, expectedState: job.state, expectedFence: job.fence,
            events: [EventRecord(transition, jobID: job.jobID, ts: C.t0, runID: "r1", details: ["by": "ana"])], interrupt: interrupt)
    }

    @Test(arguments: StoreKind.allCases)
    func aVerbComputedFromAStaleRowChangesNothing(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        let job = try await C.queued(store)
        let pause = try Self.change(job, .pause(now: false))
        // A worker claims the job between the verb's read and its write.
        _ = try await store.claim(jobID: job.jobID, stage: "video", worker: C.worker, now: C.t0, leaseSeconds: 30, runID: "r1")
        let before = try await store.events(jobID: job.jobID)
        await #expect(throws: StoreError.conflict(jobID: job.jobID, expected: .validated, found: .running)) {
            try await store.applyOperatorChange(pause)
        }
        #expect(try await store.job(job.jobID)?.state == .running)
        #expect(try await store.events(jobID: job.jobID) == before)
    }

    @Test(arguments: StoreKind.allCases)
    func aVerbThatStopsTheRunningAttemptFencesItsWorkerOff(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        let job = try await C.queued(store)
        let claim = try await store.claim(jobID: job.jobID, stage: "video", worker: C.worker, now: C.t0, leaseSeconds: 30, runID: "r1")
        let stored = try #require(try await store.job(job.jobID))
        try await store.applyOperatorChange(try Self.change(stored, .cancel, interrupt: claim.attempt.attemptID))
        let after = try #require(try await store.job(job.jobID))
        #expect(after.state == .aborted)
        #expect(after.fence > claim.lease.token, "the fence moved past the worker's lease")
        #expect(try await store.attempts(jobID: job.jobID).first?.status == .interrupted)
        // The worker's heartbeat and its result are refused: it stops its engine and records nothing.
        await #expect(throws: StoreError.leaseLost(jobID: job.jobID, attemptID: claim.attempt.attemptID)) {
            _ = try await store.heartbeat(claim.lease, now: C.t0, leaseSeconds: 30)
        }
        await #expect(throws: StoreError.leaseLost(jobID: job.jobID, attemptID: claim.attempt.attemptID)) {
            try await C.finish(store, claim)
        }
        #expect(try await store.events(jobID: job.jobID).map(\.event) == [.validated, .attemptStarted, .cancelled])
    }

    @Test(arguments: StoreKind.allCases)
    func aPauseAskedForWhileTheAttemptRunsTakesEffectWhenItIsRecorded(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        let job = try await C.queued(store)
        let claim = try await store.claim(jobID: job.jobID, stage: "video", worker: C.worker, now: C.t0, leaseSeconds: 30, runID: "r1")
        let running = try #require(try await store.job(job.jobID))
        let waiver = GateWaiver(gateID: "g", stage: "video", digest: String(repeating: "a", count: 64), by: "ana", note: "intent", at: C.t0)
        try await store.applyOperatorChange(try Self.change(running, .pause(now: false)) {
            $0.operatorState.pauseRequested = .init(by: "ana", note: "lunch", at: C.t0)
            $0.operatorState.waivers = [waiver]
        })
        #expect(try await store.job(job.jobID)?.state == .running, "the attempt runs on")
        // The worker records a retry with its own copy of the row (read at the claim, before the verb).
        try await C.finish(store, claim, verdict: .retry(stage: "video"))
        let after = try #require(try await store.job(job.jobID))
        #expect(after.state == .paused)
        #expect(after.operatorState.pauseRequested == nil)
        #expect(after.operatorState.waivers == [waiver], "the operator's writes survive the worker's copy")
        let events = try await store.events(jobID: job.jobID)
        #expect(events.map(\.event) == [.validated, .attemptStarted, .pauseRequested, .decided, .paused])
        #expect(events.last?.details["by"] == "ana")
    }

    @Test(arguments: StoreKind.allCases)
    func lapsedWaitsAreTheWaitingJobsWhoseExpiryPassed(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        for (id, expiresAt) in [("job-late", "2026-12-01T10:05:00.000Z"), ("job-early", "2026-12-01T10:01:00.000Z"), ("job-future", "2026-12-01T11:00:00.000Z")] {
            let job = try await C.queued(store, id)
            let claim = try await store.claim(jobID: id, stage: "video", worker: C.worker, now: C.t0, leaseSeconds: 30, runID: "r1")
            var attempt = claim.attempt
            attempt.status = .decided
            var next = claim.job
            let transition = try next.apply(.attemptFinished(.awaitApproval))
            next.operatorState.expiry = .init(expiresAt: expiresAt, defaultAction: .proceed)
            try await store.finishAttempt(
                attempt, lease: claim.lease, job: next, transition: transition,
                event: EventRecord(transition, jobID: id, ts: C.t0, runID: "r1"), escalation: nil, accepted: nil)
            _ = job
        }
        let lapsed = try await store.lapsedWaits(now: "2026-12-01T10:10:00.000Z")
        #expect(lapsed.map(\.jobID) == ["job-early", "job-late"])
        #expect(lapsed.first?.operatorState.expiry?.defaultAction == .proceed)
        // A job that no longer waits is not listed, whatever its stored expiry.
        let approved = try #require(try await store.job("job-early"))
        try await store.applyOperatorChange(try Self.change(approved, .approve(next: nil)) { $0.operatorState.expiry = nil })
        #expect(try await store.lapsedWaits(now: "2026-12-01T10:10:00.000Z").map(\.jobID) == ["job-late"])
    }
}

/// One dispatcher at a time delivers a hook (SPEC §7 notifications in a fleet), against every store.
@Suite struct NotificationClaimConformanceTests {
    typealias C = StoreConformanceTests

    @Test(arguments: StoreKind.allCases)
    func aHookIsDeliveredByOneOwnerAtATimeAndHandedOverWhenItsClaimRunsOut(_ kind: StoreKind) async throws {
        let (store, folder) = try await kind.make()
        _ = folder
        _ = try await C.queued(store, "job-a")
        _ = try await C.queued(store, "job-b")
        let latest = try await store.latestEventSequence()
        #expect(latest >= 2)
        // A new hook starts at the present, held by the first to ask.
        let first = try #require(try await store.claimNotificationHook("ops", owner: "w1", now: C.t0, leaseSeconds: 30))
        #expect(first.sequence == latest && first.owner == "w1")
        #expect(try await store.claimNotificationHook("ops", owner: "w2", now: "2026-12-01T10:00:10.000Z", leaseSeconds: 30) == nil, "w1 holds it")
        // The holder advances; another owner's write is refused and changes nothing.
        var advanced = first
        advanced.sequence = latest + 5
        #expect(try await store.saveNotificationCursor(advanced))
        var stale = advanced
        stale.owner = "w2"
        stale.sequence = 0
        #expect(try await !store.saveNotificationCursor(stale))
        #expect(try await store.notificationCursor("ops")?.sequence == latest + 5)
        // w1 renews; once its claim runs out, w2 takes over where it left off.
        #expect(try await store.claimNotificationHook("ops", owner: "w1", now: "2026-12-01T10:00:20.000Z", leaseSeconds: 30) != nil)
        #expect(try await store.claimNotificationHook("ops", owner: "w2", now: "2026-12-01T10:00:40.000Z", leaseSeconds: 30) == nil)
        let taken = try #require(try await store.claimNotificationHook("ops", owner: "w2", now: "2026-12-01T10:00:51.000Z", leaseSeconds: 30))
        #expect(taken.owner == "w2" && taken.sequence == latest + 5)
    }
}
