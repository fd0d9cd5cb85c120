import Foundation
import Logging
import GafferContracts
import GafferStore

/// Finds job files in the inbox and records each once: VALIDATED, or INVALID with the reason.
struct Discovery {
    let configuration: LoopConfiguration
    let store: any JobStore

    /// Every `*.job.json` under `jobs/` (subfolders allowed), relative to the sandbox, sorted.
    func inbox() -> [String] {
        let folder = configuration.layout.jobsFolder
        return (FileManager.default.subpaths(atPath: folder) ?? [])
            .filter { $0.hasSuffix(".job.json") }
            .sorted()
            .map { "jobs/" + $0 }
    }

    /// Records the jobs not yet known; returns the ids of those newly recorded.
    func discover(catalog: inout Catalog) async throws -> [String] {
        let known = try await store.jobs()
        let knownPaths = Set(known.map(\.sourcePath))
        var newJobs: [String] = []
        for path in inbox() where !knownPaths.contains(path) {
            let record = try await admit(path, known: known, catalog: &catalog)
            if !configuration.onlyJobs.isEmpty && !configuration.onlyJobs.contains(record.jobID) { continue }
            let event = EventRecord(
                jobID: record.jobID, ts: record.createdAt, runID: configuration.runID,
                event: record.state == .invalid ? "INVALID" : "VALIDATED", fromState: .discovered, toState: record.state,
                stage: record.stage, details: record.reason.map { ["reason": .string($0)] } ?? ["job": .string(path)])
            if try await store.insertJob(record, event: event) {
                newJobs.append(record.jobID)
                let logger = configuration.logger(job: record.jobID)
                if record.state == .invalid {
                    logger.error("job invalid", metadata: ["reason": .string(record.reason ?? "")])
                } else {
                    logger.info("job discovered", metadata: ["workflow": .string(record.workflowID ?? "")])
                }
            }
        }
        return newJobs
    }

    /// Validates one job file into the record that goes into the store.
    func admit(_ path: String, known: [JobRecord], catalog: inout Catalog) async throws -> JobRecord {
        let now = Timestamp.now()
        func invalid(_ id: String, _ reason: String) -> JobRecord {
            JobRecord(jobID: id, sourcePath: path, state: .invalid, reason: reason, error: reason, createdAt: now, updatedAt: now)
        }
        // An id that fails validation must not name anything; it is keyed by its file instead.
        let fallbackID = "invalid:" + path
        guard let data = FileManager.default.contents(atPath: configuration.layout.path(path)) else {
            return invalid(fallbackID, "\(path): cannot read")
        }
        let job: Job
        do {
            job = try ContractDecoder.job(from: data, source: path)
        } catch {
            return invalid(fallbackID, error.description)
        }
        if let other = known.first(where: { $0.jobID == job.jobID }) {
            return invalid(fallbackID, "\(path): /job_id: \"\(job.jobID)\" is already used by \(other.sourcePath)")
        }
        do {
            let workflow = try catalog.workflow(for: job)
            let policyName = Catalog.policyName(job: job, workflow: workflow)
            _ = try catalog.policy(named: policyName)
            return JobRecord(
                jobID: job.jobID, sourcePath: path, state: .validated, stage: workflow.stages.first?.name,
                workflowID: workflow.workflowID, policyPath: policyName, createdAt: now, updatedAt: now)
        } catch {
            return invalid(job.jobID, "\(path): \(error.description)")
        }
    }
}
