import Foundation
import GafferContracts
import GafferStore
import Hummingbird

/// `GET /` (the escalation queue) and `GET /escalations/{id}` (one escalation's evidence and its answers).
struct PageRoutes: Sendable {
    let dependencies: ServerDependencies

    func register(on router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in try await queue().response() }
        router.get("escalations/{id}") { _, context in try await escalation(try context.parameters.require("id")) }
        // Browsers ask for it on every page; there is none, and a 404 would clutter their consoles.
        router.get("favicon.ico") { _, _ in Response(status: .noContent) }
    }

    func queue() async throws -> HTMLPage {
        let store = dependencies.store
        async let jobs = store.jobs()
        async let all = store.escalations(openOnly: false)
        let escalations = try await all.map(\.document)
        let open = escalations.filter { $0.status == .open }
        let resolved = escalations.filter { $0.status == .resolved }
            .sorted { ($0.resolution?.at ?? $0.escalationTS) > ($1.resolution?.at ?? $1.escalationTS) }
        let header = PageHeader(openEscalations: open.count, jobs: try await jobs)
        return QueuePage(header: header, open: open, resolved: resolved, now: Date()).page()
    }

    /// What the attempt's advisor proposed and what became of it, from the attempt's decision file (SPEC §5.4).
    /// A decision file that is missing or unreadable shows no advisor section: the rest of the page still helps.
    func advisorRecord(jobID: String, attemptID: String) -> ProductionDecision.AdvisorRecord? {
        let path = dependencies.layout.attemptFolder(jobID, attemptID) + "/production_decision.v1.json"
        guard let data = FileManager.default.contents(atPath: path),
              let decision = try? ContractDecoder.load(ProductionDecision.self, kind: .productionDecision, from: data, source: path)
        else { return nil }
        return decision.decision.advisor
    }

    /// The black, frozen and silent spans the analyzer found in the attempt (`production_metrics.v1` `segments`);
    /// nil when its metrics are missing or unreadable, or say nothing of segments.
    func segments(jobID: String, attemptID: String) -> [MediaSegment]? {
        let path = dependencies.layout.attemptFolder(jobID, attemptID) + "/production_metrics.v1.json"
        guard let data = FileManager.default.contents(atPath: path),
              let metrics = try? ContractDecoder.load(ProductionMetrics.self, kind: .productionMetrics, from: data, source: path)
        else { return nil }
        return metrics.segments
    }

    func escalation(_ id: String) async throws -> Response {
        let store = dependencies.store
        async let jobs = store.jobs()
        async let open = store.escalations(openOnly: true)
        let header = PageHeader(openEscalations: try await open.count, jobs: try await jobs)
        guard let record = try await store.escalation(id) else {
            let main = "<h1>No escalation <code>\(HTMLEscaping.escape(id))</code></h1>\n<p><a href=\"/\">Back to the queue</a></p>"
            return HTMLPage(title: "Not found", header: header, main: main).response(status: .notFound)
        }
        let document = record.document
        let links = EvidenceLinks(layout: dependencies.layout)
        let files = (document.evidence.outputs + document.evidence.thumbnails).map {
            EscalationPage.EvidenceFile(path: $0, url: links.link(forSandboxPath: $0))
        }
        let page = EscalationPage(
            header: header, escalation: document, job: try await store.job(document.jobID),
            contactSheet: links.contactSheet(jobID: document.jobID, attemptID: document.attemptID),
            bestContactSheet: document.bestAttemptID.flatMap { links.contactSheet(jobID: document.jobID, attemptID: $0) },
            evidenceFiles: files, advisor: advisorRecord(jobID: document.jobID, attemptID: document.attemptID),
            segments: segments(jobID: document.jobID, attemptID: document.attemptID), now: Date())
        return page.page().response()
    }
}
