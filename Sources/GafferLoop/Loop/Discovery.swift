import Foundation
import Logging
import GafferContracts
import GafferQC
import GafferStore

/// Finds job files in the inbox and records each once, with its content and digest: VALIDATED (queued at its
/// first stage, with each gate's placement in the event), or INVALID with the reason.
struct Discovery {
    let configuration: LoopConfiguration
    let store: any JobStore
    let now: String

    /// Every `*.job.json` under `jobs/` (subfolders allowed), relative to the sandbox, sorted.
    func inbox() -> [String] {
        let folder = configuration.layout.jobsFolder
        return (FileManager.default.subpaths(atPath: folder) ?? [])
            .filter { $0.hasSuffix(".job.json") }
            .sorted()
            .map { "jobs/" + $0 }
    }

    /// Records the jobs not yet known; returns the ids of those newly recorded.
    func discover(catalog: Catalog, known: [JobRecord]) async throws -> [String] {
        let knownPaths = Set(known.map(\.sourcePath))
        var newJobs: [String] = []
        var known = known
        for path in inbox() where !knownPaths.contains(path) {
            let (record, transition, details) = admit(path, known: known, catalog: catalog)
            if !configuration.onlyJobs.isEmpty && !configuration.onlyJobs.contains(record.jobID) { continue }
            let event = EventRecord(transition, jobID: record.jobID, ts: now, runID: configuration.runID, details: details)
            if try await store.insertJob(record, event: event) {
                newJobs.append(record.jobID)
                known.append(record)
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

    /// Validates one job file into the record that goes into the store, taken through the state machine.
    func admit(_ path: String, known: [JobRecord], catalog: Catalog) -> (JobRecord, JobTransition, [String: JSONValue]) {
        func invalid(_ id: String, _ reason: String, data: Data? = nil) -> (JobRecord, JobTransition, [String: JSONValue]) {
            var record = JobRecord(
                jobID: id, sourcePath: path, content: data.map { String(decoding: $0, as: UTF8.self) },
                contentDigest: data.map(ContentDigest.of), createdAt: now, updatedAt: now)
            let transition = try! record.apply(.invalid(reason: reason))  // DISCOVERED always takes `invalid`
            return (record, transition, ["reason": .string(reason)])
        }
        // An id that fails validation must not name anything; it is keyed by its file instead.
        let fallbackID = "invalid:" + path
        guard let data = FileManager.default.contents(atPath: configuration.layout.path(path)) else {
            return invalid(fallbackID, "\(path): cannot read")
        }
        var job: Job
        do {
            job = try ContractDecoder.job(from: data, source: path)
        } catch {
            return invalid(fallbackID, error.description)
        }
        if let other = known.first(where: { $0.jobID == job.jobID }) {
            return invalid(fallbackID, "\(path): /job_id: \"\(job.jobID)\" is already used by \(other.sourcePath)")
        }
        var content = data
        do {
            // Relpaths are read once, here: the stored job is what every attempt and QC read (SPEC §3.7).
            let resolved = try JobRelpaths.resolve(job.raw, root: configuration.projectRoot, source: path)
            if resolved != job.raw {
                content = resolved.serialized()
                job = try ContractDecoder.job(from: content, source: path)
            }
            let workflow = try catalog.workflow(for: job)
            let policyName = Catalog.policyName(job: job, workflow: workflow)
            let policy = try catalog.policy(named: policyName)
            let placement = GatePlacement(policy: policy, workflow: workflow)
            if !placement.faults.isEmpty {
                return invalid(job.jobID, "\(path): workflow \(workflow.workflowID) against policy \(policyName): " + placement.faults.joined(separator: "; "), data: data)
            }
            let priority = job.raw["priority"]?.doubleValue.map { Int($0) } ?? 0
            var record = JobRecord(
                jobID: job.jobID, sourcePath: path, workflowID: workflow.workflowID, policyPath: policyName,
                content: String(decoding: content, as: UTF8.self), contentDigest: ContentDigest.of(data), priority: priority,
                createdAt: now, updatedAt: now)
            let transition = try! record.apply(.validated(stage: workflow.stages[0].name))  // DISCOVERED takes `validated`
            return (record, transition, [
                "job": .string(path), "digest": .string(record.contentDigest ?? ""),
                "placement": .array(placement.lines.map(JSONValue.string)),
            ])
        } catch {
            // A fault of the job's own relpaths already names the file; the catalog's name what they are about.
            let text = error.description.hasPrefix(path + ":") ? error.description : "\(path): \(error.description)"
            return invalid(job.jobID, text, data: data)
        }
    }
}
