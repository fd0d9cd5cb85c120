import Foundation
import GafferContracts
import GafferStore

/// Writes the files of SPEC §6.3 from the store: they are views, always rebuilt whole and written atomically,
/// so a crash at any instant leaves either the previous view or the new one, and never a duplicated event.
public struct ViewWriter: Sendable {
    public let layout: SandboxLayout
    public let store: any JobStore

    public init(layout: SandboxLayout, store: any JobStore) {
        self.layout = layout
        self.store = store
    }

    /// `state.json`, `events.ndjson` and `attempt_lineage.v1.json` of one job.
    public func refresh(_ jobID: String) async throws {
        guard SandboxLayout.isSafeJobID(jobID), let data = try await store.viewData(jobID: jobID) else { return }
        let job = data.job
        if access(layout.logs(jobID), F_OK) != 0 {
            try FileManager.default.createDirectory(atPath: layout.logs(jobID), withIntermediateDirectories: true)
        }
        let attempts = data.attempts
        let snapshot = JobStateSnapshot(
            jobID: jobID, state: job.state, stage: job.stage, attemptID: job.attemptID, updatedAt: job.updatedAt,
            reason: job.reason, error: job.error, pointers: pointers(job, attempts: attempts))
        try write(ContractEncoder.encode(snapshot, as: .jobState), to: layout.statePath(jobID))

        var lines = Data()
        for event in data.events {
            lines.append(event.jsonValue.serialized(pretty: false))
            lines.append(0x0A)
        }
        try write(lines, to: layout.eventsPath(jobID))

        let lineage = AttemptLineage(
            jobID: jobID, updatedAt: job.updatedAt,
            attempts: attempts.map { $0.lineageEntry(artifacts: artifacts(of: $0)) })
        try write(ContractEncoder.encode(lineage, as: .attemptLineage), to: layout.lineagePath(jobID))
        try writeEscalations(data.escalations, jobID: jobID)
    }

    /// Open escalations sit in `escalations/`; a resolved one moves to `escalations/history/`, never overwritten
    /// in place, so no stale file looks open.
    func writeEscalations(_ records: [EscalationRecord], jobID: String) throws {
        for record in records {
            let open = layout.escalationPath(jobID, record.escalationID)
            let target = record.isOpen ? open : layout.resolvedEscalationPath(jobID, record.escalationID)
            try FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try write(ContractEncoder.encode(record.document, as: .userActionRequired), to: target)
            if !record.isOpen { try? FileManager.default.removeItem(atPath: open) }
        }
    }

    /// Relative paths of the attempt's artifacts that exist.
    func artifacts(of attempt: AttemptRecord) -> [String: String] {
        let folder = layout.attemptFolder(attempt.jobID, attempt.attemptID)
        var found: [String: String] = [:]
        for (key, name) in [
            ("log", "engine.log"), ("params", "params.json"), ("production_metrics", "production_metrics.v1.json"),
            ("qc_report", "qc_report.v1.json"), ("production_decision", "production_decision.v1.json"),
            ("contact_sheet", "contact_sheet.jpg"),
        ] where FileManager.default.fileExists(atPath: folder + "/" + name) {
            found[key] = layout.relative(folder + "/" + name)
        }
        return found
    }

    func pointers(_ job: JobRecord, attempts: [AttemptRecord]) -> [String: String] {
        var pointers = ["events": layout.relative(layout.eventsPath(job.jobID)), "job": job.sourcePath]
        if let last = attempts.last {
            pointers["attempt_dir"] = layout.relative(layout.attemptFolder(job.jobID, last.attemptID))
            for (key, value) in artifacts(of: last) { pointers[key] = value }
        }
        if let text = job.nextDecision, let value = try? JSONParser.parse(Data(text.utf8)), let attempt = value["attempt_id"]?.stringValue,
            SandboxLayout.staysInside(attempt) {
            pointers["pending_decision"] = layout.relative(layout.attemptFolder(job.jobID, attempt) + "/production_decision.v1.json")
        }
        return pointers
    }

    func write(_ data: Data, to path: String) throws {
        try AtomicFile.write(data, to: path)
    }
}
