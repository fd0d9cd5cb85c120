import Foundation
import GafferContracts
import GafferQC
import GafferStore

extension OperatorDesk {
    /// `waive --gate G --note T`: the failing gate is accepted for the output it failed on (bound to that output's
    /// digest). On an ESCALATED job whose escalation is that attempt's, the attempt is judged again with the waiver:
    /// when no blocking gate fails any more its output is accepted and the job goes on; its QC report is rewritten
    /// with the gate `PASS` and `waived` (the report as first written is kept beside it, `.unwaived.json`).
    func waive(
        _ request: Request, job: JobRecord, next: JobRecord, now: String, runID: String, details: [String: JSONValue],
        transition: (JobEvent) throws -> JobTransition
    ) async throws -> Planned {
        func refuse(_ why: String) -> Refusal { .notApplicable(.waive, why) }
        guard let gateID = request.gateID else { throw refuse("name the gate: --gate G") }
        guard let note = request.note, !note.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw refuse("say why the gate is accepted: --note T (it is recorded with the waiver)")
        }
        let moved = try transition(.waive)
        var next = next
        var details = details
        let attempts = try await store.attempts(jobID: job.jobID).sorted { $0.number > $1.number }
        guard let judged = attempts.first(where: { $0.status == .decided && $0.gateResults[gateID] != nil }) else {
            throw refuse("no attempt of job \(job.jobID) evaluated gate \(gateID)")
        }
        guard let status = judged.gateResults[gateID], status.isFailure else {
            throw refuse("gate \(gateID) passed on \(judged.attemptID), the latest attempt that evaluated it: nothing to waive")
        }
        let workflow = try workflow(of: job, verb: .waive)
        guard let stage = workflow.stage(named: judged.stage) else {
            throw refuse("stage \(judged.stage) of attempt \(judged.attemptID) is no longer in workflow \(workflow.workflowID)")
        }
        let folder = layout.attemptFolder(job.jobID, judged.attemptID)
        guard let digest = ContentDigest.ofFile(folder + "/" + stage.output) else {
            throw refuse("attempt \(judged.attemptID) left no output \(stage.output) to bind the waiver to")
        }
        let waiver = GateWaiver(gateID: gateID, stage: judged.stage, digest: digest, by: request.by, note: note, at: now)
        next.operatorState.waivers.removeAll { $0.gateID == gateID && $0.stage == judged.stage }
        next.operatorState.waivers.append(waiver)
        details["gate_id"] = .string(gateID)
        details["attempt_id"] = .string(judged.attemptID)
        details["stage"] = .string(judged.stage.rawValue)
        details["digest"] = .string(digest)
        var events = [EventRecord(moved, jobID: job.jobID, ts: now, runID: runID, stage: judged.stage, attemptID: judged.attemptID, details: details)]
        let waived = OperatorChange(job: next, expectedState: job.state, expectedFence: job.fence, events: events)
        let message = "gate \(gateID) waived on \(judged.attemptID)'s output (sha256 \(digest.prefix(12))…): it holds while that output stays"

        // An escalation of that very attempt: judge it again with the waiver.
        let open = try await store.escalations(jobID: job.jobID).filter(\.isOpen)
        guard job.state == .escalated, let escalation = open.first(where: { $0.document.attemptID == judged.attemptID }) else {
            return Planned(change: waived, message: message)
        }
        let reportPath = folder + "/qc_report.v1.json"
        guard let data = FileManager.default.contents(atPath: reportPath),
            let report = try? ContractDecoder.load(QCReport.self, kind: .qcReport, from: data, source: layout.relative(reportPath)),
            let policyName = job.policyPath
        else { return Planned(change: waived, message: message + "; the attempt's QC report cannot be read, so the job stays ESCALATED") }
        let policy: QCPolicy
        do {
            let path = (policiesFolder as NSString).appendingPathComponent(policyName)
            policy = try ContractDecoder.load(QCPolicy.self, kind: .qcPolicy, from: FileManager.default.contents(atPath: path) ?? Data(), source: path)
        } catch {
            return Planned(change: waived, message: message + "; the job's policy does not load (\(error)), so the job stays ESCALATED")
        }
        let digests = ContentDigest.ofWaivedOutputs(
            next.operatorState.waivers, judged: judged.stage, judgedDigest: { digest },
            accepted: try await store.acceptedOutputs(jobID: job.jobID), layout: layout)
        let rejudged = QCEvaluator.waive(report, waivers: next.operatorState.waivers, digests: digests, routing: policy.routing)
        guard rejudged.overall.pass, judged.engine?.isSound == true else {
            let still = rejudged.failingBlockingGates.map(\.gateID)
            return Planned(change: waived, message: message + "; still failing: \(still.joined(separator: ", ")) — the job stays ESCALATED")
        }
        let following = workflow.stage(after: judged.stage)
        let resolved = try next.apply(.resolved(.proceed(next: following?.name)))
        next.operatorState.expiry = nil
        next.nextDecision = nil
        next.reason = "gate \(gateID) waived by \(request.by): \(note); \(judged.attemptID) accepted"
        var document = escalation.document
        document.status = .resolved
        document.resolution = UserActionRequired.Resolution(
            action: .proceed, by: request.by, at: now, note: "waived \(gateID): \(note)", overrides: [:])
        events.append(EventRecord(
            resolved, jobID: job.jobID, ts: now, runID: runID, stage: judged.stage, attemptID: judged.attemptID,
            details: [
                "escalation_id": .string(document.escalationID), "action": .string(Action.proceed.rawValue), "by": .string(request.by),
                "note": .string("waived \(gateID): \(note)"), "overrides": .object([:]),
            ]))
        let accepted = AcceptedOutput(jobID: job.jobID, stage: judged.stage, attemptID: judged.attemptID, path: layout.relative(folder + "/" + stage.output))
        let layout = self.layout
        let original = data
        let rewritten = try ContractEncoder.encode(rejudged, as: .qcReport)
        return Planned(
            change: OperatorChange(
                job: next, expectedState: job.state, expectedFence: job.fence, events: events, escalations: [EscalationRecord(document: document)],
                accepted: [accepted]),
            message: message + "; no blocking gate fails now: " + (following.map { "the job goes on at stage \($0.name)" } ?? "the job is COMPLETED"),
            prepare: {
                let unwaived = folder + "/qc_report.v1.unwaived.json"
                if !FileManager.default.fileExists(atPath: unwaived) { try AtomicFile.write(original, to: unwaived) }
                try AtomicFile.write(rewritten, to: reportPath)
                if following == nil { try Self.deliver(accepted, stage: stage, layout: layout) }
            })
    }
}
