import Foundation
import GafferContracts
import GafferTestSupport
import Testing

@testable import GafferStore

/// The SQLite store on a real file: numbering, recovery facts, atomic transitions, refusals.
struct SQLiteJobStoreTests {
    static let ts = "2026-11-21T12:00:00Z"

    static func newJob(_ id: String = "job-000001") -> JobRecord {
        JobRecord(jobID: id, sourcePath: "jobs/\(id).job.json", state: .validated, stage: .video, createdAt: ts, updatedAt: ts)
    }

    static func event(_ id: String, _ name: String) -> EventRecord {
        EventRecord(jobID: id, ts: ts, runID: "run-a", event: name)
    }

    @Test func aJobIsInsertedOnceWithItsEvent() async throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteJobStore(path: folder.path("gaffer.sqlite"))
        #expect(try await store.insertJob(Self.newJob(), event: Self.event("job-000001", "DISCOVERED")))
        #expect(try await !store.insertJob(Self.newJob(), event: Self.event("job-000001", "DISCOVERED")))
        #expect(try await store.events(jobID: "job-000001").map(\.event) == ["DISCOVERED"])
        #expect(try await store.job("job-000001")?.state == .validated)
    }

    @Test func attemptNumbersContinueAcrossReopeningTheStore() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("gaffer.sqlite")
        do {
            let store = try SQLiteJobStore(path: path)
            _ = try await store.insertJob(Self.newJob(), event: Self.event("job-000001", "DISCOVERED"))
            let first = try await store.beginAttempt(jobID: "job-000001", stage: .video, sourceAttemptID: nil, at: Self.ts, runID: "run-a")
            #expect(first.attemptID == "run-0001")
            try await store.recordProcess(jobID: "job-000001", attemptID: first.attemptID, pid: 4242, processGroup: 4242, host: "h")
        }
        let reopened = try SQLiteJobStore(path: path)
        let running = try await reopened.runningAttempts()
        #expect(running.map(\.attemptID) == ["run-0001"], "a crash leaves the attempt visible as running")
        #expect(running.first?.processGroup == 4242)
        let second = try await reopened.beginAttempt(jobID: "job-000001", stage: .video, sourceAttemptID: "run-0001", at: Self.ts, runID: "run-b")
        #expect(second.attemptID == "run-0002")
        #expect(try await reopened.job("job-000001")?.state == .running)
        #expect(try await reopened.events(jobID: "job-000001").map(\.runID) == ["run-a", "run-a", "run-b"])
    }

    @Test func finishingAnAttemptWritesAttemptJobAndEventTogether() async throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteJobStore(path: folder.path("gaffer.sqlite"))
        _ = try await store.insertJob(Self.newJob(), event: Self.event("job-000001", "DISCOVERED"))
        var attempt = try await store.beginAttempt(jobID: "job-000001", stage: .video, sourceAttemptID: nil, at: Self.ts, runID: "r")
        attempt.status = .decided
        attempt.decisionAction = .retryStage
        attempt.engine = UserActionRequired.EngineFacts(exitCode: nil, signal: 9, timedOut: true)
        attempt.score = 0.42
        attempt.poseRetry = true
        attempt.gateResults = ["freeze_ratio_gate": .softFail, "black_ratio_gate": .pass]
        var job = try #require(try await store.job("job-000001"))
        job.pendingDecision = "logs/job-000001/attempts/run-0001/production_decision.v1.json"
        job.pendingOverrides = ["pose_weight": 0.95]
        try await store.finishAttempt(attempt, job: job, event: Self.event("job-000001", "DECIDED"), escalation: nil)
        let stored = try #require(try await store.attempts(jobID: "job-000001").first)
        #expect(stored == attempt)
        #expect(try await store.job("job-000001") == job)
        #expect(try await store.runningAttempts().isEmpty)
        #expect(stored.lineageEntry().poseRetry == true)
        #expect(try await store.allAttempts() == [attempt])
    }

    @Test func anEscalationIsResolvedOnlyOnce() async throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteJobStore(path: folder.path("gaffer.sqlite"))
        _ = try await store.insertJob(Self.newJob(), event: Self.event("job-000001", "DISCOVERED"))
        let document = UserActionRequired(
            jobID: "job-000001", reason: .identityConflict, requiredArtifact: "a", expectedFormat: "b",
            thresholdFailed: nil, exampleFix: nil, escalationTS: Self.ts, escalationID: "esc-job-000001-run-0001",
            stage: .video, attemptID: "run-0001", evidence: .init(), allowedResponses: [.proceed, .abort], bestAttemptID: "run-0001")
        try await store.saveEscalation(EscalationRecord(document: document))
        #expect(try await store.escalations(openOnly: true).count == 1)
        var resolved = document
        resolved.status = .resolved
        resolved.resolution = .init(action: .proceed, by: "ops", at: Self.ts)
        let job = try #require(try await store.job("job-000001"))
        try await store.resolveEscalation(EscalationRecord(document: resolved), job: job, event: Self.event("job-000001", "RESOLVED"))
        #expect(try await store.escalations(openOnly: true).isEmpty)
        await #expect(throws: StoreError.self) {
            try await store.resolveEscalation(EscalationRecord(document: resolved), job: job, event: Self.event("job-000001", "RESOLVED"))
        }
        #expect(try await store.events(jobID: "job-000001").filter { $0.event == "RESOLVED" }.count == 1, "the refused answer wrote no event")
    }

    @Test func aHandoffForTheSamePlatformReplacesTheEntryKeepingItsPlace() async throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteJobStore(path: folder.path("gaffer.sqlite"))
        let job = Self.newJob()
        _ = try await store.insertJob(job, event: Self.event("job-000001", "DISCOVERED"))
        let first = HandoffRegistry.Entry(jobID: "job-000001", platform: "youtube", postURL: "https://youtu.be/a", postedAt: Self.ts)
        let second = HandoffRegistry.Entry(jobID: "job-000001", platform: "tiktok", postURL: "https://tiktok.com/@x/video/1", postedAt: Self.ts)
        var corrected = first
        corrected.postURL = "https://youtu.be/b"
        for entry in [first, second, corrected] {
            try await store.recordHandoff(entry, job: job, event: Self.event("job-000001", "POSTED"))
        }
        #expect(try await store.handoffs() == [corrected, second])
    }
}
