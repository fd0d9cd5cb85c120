import Foundation
import GafferContracts
import GafferStore

/// Writes the files of SPEC §6.3 from the store: they are views, always rebuilt whole and written atomically,
/// so a crash at any instant leaves either the previous view or the new one, and never a duplicated event.
/// They skip fsync — the store is durable, and `rebuildStale` repairs what a machine crash left behind.
public struct ViewWriter: Sendable {
    public let layout: SandboxLayout
    public let store: any JobStore
    /// Jobs whose views are being written now → whether another refresh was asked for meanwhile. Two refreshes of
    /// one job never overlap (an older read written last would leave a stale view): the later request makes the
    /// writer render once more from the store.
    let writing: Shared

    final class Shared: @unchecked Sendable {
        private let lock = NSLock()
        private var jobs: [String: Bool] = [:]
        func update<T>(_ body: (inout [String: Bool]) -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return body(&jobs)
        }
    }

    public init(layout: SandboxLayout, store: any JobStore) {
        self.layout = layout
        self.store = store
        writing = Shared()
    }

    /// `state.json`, `events.ndjson` and `attempt_lineage.v1.json` of one job (`state.json` last, so a `state.json`
    /// that matches the store vouches for the others). When the job's views are being written by another task,
    /// this returns at once and that task renders them again, from the store as it is then.
    public func refresh(_ jobID: String) async throws {
        let enter = writing.update { jobs in
            if jobs[jobID] != nil {
                jobs[jobID] = true
                return false
            }
            jobs[jobID] = false
            return true
        }
        guard enter else { return }
        // In a task of its own: cancelling the caller (an attempt whose lease task group ends) must not stop the
        // writing half-way, nor the render another caller was promised.
        try await Task { try await renderUntilCurrent(jobID) }.value
    }

    /// Renders until no refresh of `jobID` was asked for during the last render.
    private func renderUntilCurrent(_ jobID: String) async throws {
        var again = true
        while again {
            do {
                try await render(jobID)
            } catch {
                writing.update { _ = $0.removeValue(forKey: jobID) }
                throw error
            }
            again = writing.update { jobs in
                if jobs[jobID] == true {
                    jobs[jobID] = false
                    return true
                }
                jobs.removeValue(forKey: jobID)
                return false
            }
        }
    }

    func render(_ jobID: String) async throws {
        guard SandboxLayout.isSafeJobID(jobID), let data = try await store.viewData(jobID: jobID) else { return }
        let job = data.job
        if access(layout.logs(jobID), F_OK) != 0 {
            try FileManager.default.createDirectory(atPath: layout.logs(jobID), withIntermediateDirectories: true)
        }
        let attempts = data.attempts
        var lines = Data()
        for event in data.events {
            lines.append(event.jsonValue.serialized(pretty: false))
            lines.append(0x0A)
        }
        try write(lines, to: layout.eventsPath(jobID))

        let found = attempts.map(artifacts(of:))
        let lineage = AttemptLineage(
            jobID: jobID, updatedAt: job.updatedAt,
            attempts: zip(attempts, found).map { $0.lineageEntry(artifacts: $1) })
        try write(ContractEncoder.encode(lineage, as: .attemptLineage), to: layout.lineagePath(jobID))
        try writeEscalations(data.escalations, jobID: jobID)

        let snapshot = JobStateSnapshot(
            jobID: jobID, state: job.state, stage: job.stage, attemptID: job.attemptID, updatedAt: job.updatedAt,
            reason: job.reason, error: job.error, pointers: pointers(job, last: attempts.last, artifacts: found.last ?? [:]))
        try write(ContractEncoder.encode(snapshot, as: .jobState), to: layout.statePath(jobID))
    }

    /// Views are written without fsync (the store is the record). After a crash of the machine some may be stale
    /// or empty: every job whose `state.json` does not match its row is rebuilt. Returns the ids rebuilt.
    public func rebuildStale() async throws -> [String] {
        var rebuilt: [String] = []
        for job in try await store.jobs() where SandboxLayout.isSafeJobID(job.jobID) && !matches(job) {
            try await refresh(job.jobID)
            rebuilt.append(job.jobID)
        }
        return rebuilt
    }

    /// Whether `state.json` shows the job's current row.
    func matches(_ job: JobRecord) -> Bool {
        guard let data = FileManager.default.contents(atPath: layout.statePath(job.jobID)),
            let view = try? JSONParser.parse(data)
        else { return false }
        return view["state"]?.stringValue == job.state.rawValue && view["stage"]?.stringValue == job.stage?.rawValue
            && view["attempt_id"]?.stringValue == job.attemptID && view["updated_at"]?.stringValue == job.updatedAt
    }

    /// Open escalations sit in `escalations/`; a resolved one moves to `escalations/history/`, never overwritten
    /// in place, so no stale file looks open.
    func writeEscalations(_ records: [EscalationRecord], jobID: String) throws {
        for record in records {
            let open = layout.escalationPath(jobID, record.escalationID)
            let target = record.isOpen ? open : layout.resolvedEscalationPath(jobID, record.escalationID)
            let folder = (target as NSString).deletingLastPathComponent
            if access(folder, F_OK) != 0 {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
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

    /// `artifacts` are those of `last`, the job's latest attempt.
    func pointers(_ job: JobRecord, last: AttemptRecord?, artifacts: [String: String]) -> [String: String] {
        var pointers = ["events": layout.relative(layout.eventsPath(job.jobID)), "job": job.sourcePath]
        if let last {
            pointers["attempt_dir"] = layout.relative(layout.attemptFolder(job.jobID, last.attemptID))
            for (key, value) in artifacts { pointers[key] = value }
        }
        if let text = job.nextDecision, let value = try? JSONParser.parse(Data(text.utf8)), let attempt = value["attempt_id"]?.stringValue,
            SandboxLayout.staysInside(attempt) {
            pointers["pending_decision"] = layout.relative(layout.attemptFolder(job.jobID, attempt) + "/production_decision.v1.json")
        }
        return pointers
    }

    func write(_ data: Data, to path: String) throws {
        try AtomicFile.write(data, to: path, durable: false)
    }
}
