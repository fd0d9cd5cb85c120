import ArgumentParser
import Foundation
import GafferCLICore
import GafferContracts
import GafferLoop
import GafferStore

/// `gaffer status`: what every job (or one) is doing, from the store.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show jobs: state, stage, attempts, last decision.")

    @OptionGroup var sandbox: SandboxOptions
    @Argument(help: "One job id (default: all jobs).") var job: String?
    @Flag(help: "Machine-readable output.") var json = false

    func run() async throws {
        let store = try await sandbox.openStore()
        // The two listings at once: on PostgreSQL each decodes on its own connection and core.
        async let listedJobs = store.jobSummaries()
        async let summaries = store.attemptSummaries()
        var jobs = try await listedJobs
        if let job {
            jobs = jobs.filter { $0.jobID == job }
            guard !jobs.isEmpty else { throw CommandFailure.invalid("no job \(job) in \(sandbox.layout.root)") }
        }
        let attempts = StatusTable.attempts(of: jobs, from: try await summaries)
        // A queued job whose stage requires worker labels says so: whether a live worker has them (and is busy), or
        // none does — then it waits until one starts.
        let workflows = WorkflowLoader.loadEach(in: sandbox.layout.path("workflows")).workflows
        let now = Timestamp.format(Date())
        var needs: [String: [String: String]] = [:]
        var capable: [String: [String]] = [:]
        var live: [WorkerRecord]?
        for (index, record) in jobs.enumerated() where record.state == .validated {
            guard let name = record.stage, let stage = record.workflowID.flatMap({ workflows[$0] })?.stage(named: name),
                !stage.requires.isEmpty
            else { continue }
            if live == nil { live = try await store.workers().filter { $0.isLive(at: now) } }
            let able = (live ?? []).filter { stage.runs(on: $0.labels) }.map(\.workerID)
            needs[record.jobID] = stage.requires
            capable[record.jobID] = able
            let waits = able.isEmpty
                ? "queued: no live worker has \(stage.requirementText) (start one with --label)"
                : "queued: waits for a worker with \(stage.requirementText) (live: \(able.joined(separator: ", ")))"
            jobs[index].reason = waits + (record.reason.map { "; \($0)" } ?? "")
        }
        // A running attempt's own progress, when its engine reports one (a ComfyUI sampler, a hosted job).
        var progress: [String: ProgressFile.Reading] = [:]
        for record in jobs where record.state == .running {
            guard let attempt = record.attemptID else { continue }
            progress[record.jobID] = ProgressFile.read(attemptFolder: sandbox.layout.attemptFolder(record.jobID, attempt))
        }
        if json {
            let objects: [JSONValue] = jobs.map { record in
                let mine = attempts[record.jobID] ?? []
                return .object([
                    "job_id": .string(record.jobID), "state": .string(record.state.rawValue),
                    "stage": record.stage.map { .string($0.rawValue) } ?? .null,
                    "attempt_id": record.attemptID.map(JSONValue.string) ?? .null,
                    "reason": record.reason.map(JSONValue.string) ?? .null, "updated_at": .string(record.updatedAt),
                    "progress": progress[record.jobID].map { .object(["value": .number($0.value), "max": .number($0.total), "at": .string($0.at)]) } ?? .null,
                    "needs_labels": needs[record.jobID].map { .object($0.mapValues(JSONValue.string)) } ?? .null,
                    "capable_workers": capable[record.jobID].map { .array($0.map(JSONValue.string)) } ?? .null,
                    "attempts": .array(mine.map { attempt in
                        .object([
                            "attempt_id": .string(attempt.attemptID), "stage": .string(attempt.stage.rawValue),
                            "status": .string(attempt.status.rawValue),
                            "decision": attempt.decisionAction.map { .string($0.rawValue) } ?? .null,
                            "escalation_reason": attempt.escalationReason.map { .string($0.rawValue) } ?? .null,
                            "score": attempt.score.map(JSONValue.number) ?? .null,
                            "wall_seconds": attempt.wallSeconds.map(JSONValue.number) ?? .null,
                        ])
                    }),
                ])
            }
            Console.out(JSONValue.array(objects).serialized())
        } else {
            Console.out(StatusTable.render(jobs, attempts: attempts, progress: progress.mapValues(\.percent)))
        }
    }
}
