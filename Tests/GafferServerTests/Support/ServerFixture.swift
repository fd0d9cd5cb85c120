import Foundation
import GafferContracts
import GafferLoop
import GafferStore
import GafferTestSupport

/// A sandbox for the server: a real SQLite store filled through the store API, and the real files the loop
/// would leave (contact sheets made by ffmpeg, engine logs, the escalation document and the job views).
///
/// Jobs: one COMPLETED (an attempt killed by a signal, then a PROCEED), one ESCALATED with an open escalation
/// (a stalled attempt, then a timed-out one whose reason contains markup), one RUNNING (an interrupted attempt,
/// then a running one).
final class ServerFixture: Sendable {
    static let token = "fixture-token-7f3a9c"
    static let version = "9.8.7-test"
    static let completedJob = "job-completed-01"
    static let escalatedJob = "job-escalated-01"
    static let runningJob = "job-running-001"
    static let escalationID = "esc-job-escalated-01-run-0002"
    static let allJobs = [completedJob, escalatedJob, runningJob]
    /// The escalated job's reason: markup the page must escape.
    static let hostileReason = "<script>alert('gaffer')</script> & \"more\""
    static let allowedAnswers: [Action] = [.retryStage, .switchPolicy, .abort]

    let folder: TemporaryFolder
    let layout: SandboxLayout
    let store: SQLiteJobStore

    private init(folder: TemporaryFolder, store: SQLiteJobStore) {
        self.folder = folder
        layout = SandboxLayout(root: folder.root)
        self.store = store
    }

    static func make() async throws -> ServerFixture {
        let folder = try TemporaryFolder("server")
        for name in ["jobs", "workflows", "policies", "logs"] {
            try FileManager.default.createDirectory(atPath: folder.path(name), withIntermediateDirectories: true)
        }
        let fixture = ServerFixture(folder: folder, store: try SQLiteJobStore(path: folder.path("gaffer.sqlite")))
        try await fixture.populate()
        return fixture
    }

    var storePath: String { layout.storePath }

    // MARK: - Building

    private func populate() async throws {
        try await addCompletedJob()
        try await addEscalatedJob()
        try await addRunningJob()
        for job in Self.allJobs { try await ViewWriter(layout: layout, store: store).refresh(job) }
    }

    private func addCompletedJob() async throws {
        let id = Self.completedJob
        try await insert(id)
        try await attempt(id, status: .decided, action: .retryStage, engine: .init(signal: 9), wall: 0.4, gates: [:], jobState: .running)
        try await attempt(
            id, status: .decided, action: .proceed, engine: .init(exitCode: 0), wall: 3.5,
            gates: ["freeze_ratio_gate": .pass, "silence_ratio_gate": .pass], jobState: .completed, reason: "All 2 blocking gates passed.")
    }

    private func addEscalatedJob() async throws {
        let id = Self.escalatedJob
        try await insert(id)
        try await attempt(
            id, status: .decided, action: .retryStage, engine: .init(signal: 15, stalled: true), wall: 45,
            gates: ["freeze_ratio_gate": .hardFail, "silence_ratio_gate": .pass], jobState: .running, score: 0.61)
        let folder = layout.attemptFolder(id, "run-0002")
        let document = UserActionRequired(
            jobID: id, reason: .artifactCorrupted, requiredArtifact: "a stage output that passes silence_ratio_gate",
            expectedFormat: "an output whose scores meet the thresholds", thresholdFailed: "silence_ratio_gate: 0.92 > 0.5 (HARD_FAIL)",
            exampleFix: "gaffer escalations resolve \(Self.escalationID) --action RETRY_STAGE",
            escalationTS: "2026-02-18T09:00:00.000Z", escalationID: Self.escalationID, stage: "video", attemptID: "run-0002",
            evidence: .init(
                failingGates: [
                    .init(gateID: "silence_ratio_gate", metric: "silence_ratio", status: .hardFail, score: 0.92, threshold: 0.5,
                          direction: .max, severity: .high),
                    .init(gateID: "freeze_ratio_gate", metric: "freeze_ratio", status: .softFail, score: 0.81, threshold: 0.9,
                          direction: .min, severity: .medium),
                ],
                engine: .init(signal: 9, timedOut: true, missingOutputs: ["video.mp4"], corruption: "moov atom not found"),
                outputs: [layout.relative(folder + "/engine.log")], thumbnails: [layout.relative(folder + "/contact_sheet.jpg")]),
            allowedResponses: Self.allowedAnswers, bestAttemptID: "run-0001")
        try await attempt(
            id, status: .decided, action: .escalateUser, engine: .init(signal: 9, timedOut: true), wall: 700,
            gates: ["freeze_ratio_gate": .softFail, "silence_ratio_gate": .hardFail], jobState: .escalated,
            reason: Self.hostileReason, escalation: EscalationRecord(document: document), score: 0.4,
            advisor: AdvisorUse(Self.advisorRecord))
        let decision = ProductionDecision(jobID: id, attemptID: "run-0002", decision: .init(
            action: .escalateUser, reasoning: "Failing blocking gates.", escalationReason: .artifactCorrupted, advisor: Self.advisorRecord))
        try ContractEncoder.encode(decision, as: .productionDecision).write(to: URL(fileURLWithPath: folder + "/production_decision.v1.json"))
        let metrics = ProductionMetrics(
            jobID: id, attemptID: "run-0002", ts: "2026-02-18T09:00:00.000Z", stage: "video",
            qualityMetrics: ["silence_ratio": 0.92], segments: Self.segments)
        try ContractEncoder.encode(metrics, as: .productionMetrics).write(to: URL(fileURLWithPath: folder + "/production_metrics.v1.json"))
    }

    /// The escalated attempt's timecoded spans: a fade in, a mid-clip freeze, most of the sound silent.
    static let segments = [
        MediaSegment(kind: .black, startSeconds: 0, endSeconds: 0.4, position: .leading),
        MediaSegment(kind: .freeze, startSeconds: 71.5, endSeconds: 73.75, position: .mid),
        MediaSegment(kind: .silence, startSeconds: 0.5, endSeconds: 3.5, position: .mid),
    ]

    /// What the escalated attempt's advisor proposed (advisory mode): shown on the page, counted by /metrics.
    static let advisorRecord = ProductionDecision.AdvisorRecord(
        source: "openai:http://127.0.0.1:8080/v1", proposedAction: .retryStage, deterministicAction: .escalateUser,
        outcome: .recorded, note: "Advisory mode: recorded only.", model: "qwen2.5-7b", latencySeconds: 1.5, tokensIn: 1800,
        tokensOut: 60, proposal: AdvisorProposal(action: .retryStage, reasoning: "<b>re-render</b> with a new seed", parameterAdjustments: ["seed": 7]))

    private func addRunningJob() async throws {
        let id = Self.runningJob
        try await insert(id)
        try await attempt(id, status: .interrupted, action: nil, engine: nil, wall: nil, gates: [:], jobState: .running)
        _ = try await store.claim(jobID: id, stage: "video", worker: Self.worker, now: Self.ts, leaseSeconds: 30, runID: "r-fixture")
    }

    private static let ts = "2026-02-18T08:00:00.000Z"
    private static let worker = WorkerIdentity(workerID: "fixture", host: "fixture-host")

    private func insert(_ id: String) async throws {
        var job = JobRecord(
            jobID: id, sourcePath: "jobs/\(id).job.json", workflowID: "demo_v1", createdAt: Self.ts, updatedAt: Self.ts)
        let transition = try job.apply(.validated(stage: "video"))
        _ = try await store.insertJob(job, event: EventRecord(transition, jobID: id, ts: Self.ts, runID: "r-fixture"))
        try folder.write("jobs/\(id).job.json", #"{"job_id": "\#(id)"}"#)
    }

    /// Begins the job's next attempt and finishes it as described, writing its engine log and contact sheet.
    private func attempt(
        _ jobID: String, status: AttemptRecord.Status, action: Action?, engine: AttemptRecord.EngineOutcome?, wall: Double?,
        gates: [String: GateStatus], jobState: JobState, reason: String? = nil, escalation: EscalationRecord? = nil,
        score: Double? = nil, advisor: AdvisorUse? = nil
    ) async throws {
        let claim = try await store.claim(jobID: jobID, stage: "video", worker: Self.worker, now: Self.ts, leaseSeconds: 30, runID: "r-fixture")
        var attempt = claim.attempt
        attempt.status = status
        attempt.endedAt = Self.ts
        attempt.engine = engine
        attempt.wallSeconds = wall
        attempt.decisionAction = action
        attempt.decisionReason = action.map { "fixture decided \($0.rawValue)" }
        attempt.escalationReason = escalation?.document.reason
        attempt.gateResults = gates
        attempt.score = score
        attempt.advisor = advisor
        let folder = layout.attemptFolder(jobID, attempt.attemptID)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("engine output of \(attempt.attemptID)\n".utf8).write(to: URL(fileURLWithPath: folder + "/engine.log"))
        try Self.contactSheet.write(to: URL(fileURLWithPath: folder + "/contact_sheet.jpg"))

        var job = claim.job
        let event: JobEvent = switch (status, jobState) {
        case (.interrupted, _): .interrupted
        case (_, .completed): .attemptFinished(.proceed(next: nil))
        case (_, .escalated): .attemptFinished(.escalate(escalationID: escalation?.escalationID ?? ""))
        case (_, .aborted): .attemptFinished(.abort)
        default: .attemptFinished(.retry(stage: "video"))
        }
        let transition = try job.apply(event)
        job.reason = reason ?? attempt.decisionReason
        job.updatedAt = Self.ts
        try await store.finishAttempt(
            attempt, lease: claim.lease, job: job, transition: transition,
            event: EventRecord(transition, jobID: jobID, ts: Self.ts, runID: "r-fixture", stage: "video", attemptID: attempt.attemptID,
                               details: action.map { ["action": .string($0.rawValue)] } ?? [:]),
            escalation: escalation, accepted: nil)
    }

    /// A real JPEG, made once per test process by ffmpeg (`testsrc2`, 320×180).
    static let contactSheet: Data = {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("gaffer-server-sheet-\(getpid()).jpg").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180", "-frames:v", "1",
            output,
        ]
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            fatalError("cannot run ffmpeg to make a contact sheet (install ffmpeg: scripts/setup.sh): \(error)")
        }
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: output) else {
            fatalError("ffmpeg could not make a contact sheet (exit \(process.terminationStatus))")
        }
        try? FileManager.default.removeItem(atPath: output)
        return data
    }()

    // MARK: - Reading back

    func job(_ id: String) async throws -> JobRecord {
        guard let job = try await store.job(id) else { throw FixtureError("no job \(id) in the store") }
        return job
    }

    func escalation() async throws -> EscalationRecord {
        guard let record = try await store.escalation(Self.escalationID) else { throw FixtureError("no escalation in the store") }
        return record
    }

    var openEscalationFile: String { layout.escalationPath(Self.escalatedJob, Self.escalationID) }
    var resolvedEscalationFile: String { layout.resolvedEscalationPath(Self.escalatedJob, Self.escalationID) }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
