import Foundation
import GafferContracts
import GafferLoop
import GafferStore
import Hummingbird

/// `GET /` (the escalation queue) and `GET /escalations/{id}` (one escalation's evidence and its answers).
struct PageRoutes: Sendable {
    let dependencies: ServerDependencies

    func register(on router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in try await queue(filter: QueuePage.Filter(request.uri.queryParameters)).response() }
        router.get("escalations/{id}") { _, context in try await escalation(try context.parameters.require("id")) }
        router.get("jobs/{id}") { _, context in try await job(try context.parameters.require("id")) }
        // Browsers ask for it on every page; there is none, and a 404 would clutter their consoles.
        router.get("favicon.ico") { _, _ in Response(status: .noContent) }
    }

    func queue(filter: QueuePage.Filter = QueuePage.Filter()) async throws -> HTMLPage {
        let store = dependencies.store
        async let jobs = store.jobs()
        async let all = store.escalations(openOnly: false)
        let escalations = try await all.map(\.document)
        let open = escalations.filter { $0.status == .open }
        let resolved = escalations.filter { $0.status == .resolved }
            .sorted { ($0.resolution?.at ?? $0.escalationTS) > ($1.resolution?.at ?? $1.escalationTS) }
        let everyJob = try await jobs
        let header = PageHeader(openEscalations: open.count, jobs: everyJob)
        return QueuePage(
            header: header, open: open, approvals: everyJob.filter { $0.state == .awaitingApproval },
            resolved: resolved, filter: filter, now: Date()
        ).page()
    }

    /// Every page's header: the open escalations and the jobs by state.
    func header() async throws -> PageHeader {
        async let jobs = dependencies.store.jobs()
        async let open = dependencies.store.escalations(openOnly: true)
        return PageHeader(openEscalations: try await open.count, jobs: try await jobs)
    }

    func notFound(_ what: String, _ id: String, header: PageHeader) -> Response {
        let main = "<h1>No \(what) <code>\(HTMLEscaping.escape(id))</code></h1>\n<p><a href=\"/\">Back to the queue</a></p>"
        return HTMLPage(title: "Not found", header: header, main: main).response(status: .notFound)
    }

    func job(_ id: String) async throws -> Response {
        let store = dependencies.store
        let header = try await header()
        guard let job = try await store.job(id) else { return notFound("job", id, header: header) }
        let layout = dependencies.layout
        let attempts = try await store.attempts(jobID: id)
        var params: [String: [String: JSONValue]] = [:]
        for attempt in attempts {
            let path = layout.attemptFolder(id, attempt.attemptID) + "/params.json"
            if let data = FileManager.default.contents(atPath: path), let object = try? JSONParser.parse(data).objectValue { params[attempt.attemptID] = object }
        }
        let last = attempts.max { $0.number < $1.number }
        let workflow = job.workflowID.flatMap { WorkflowLoader.loadEach(in: dependencies.configuration.workflowsFolder).workflows[$0] }
        let page = JobPage(
            header: header, job: job, attempts: attempts,
            escalations: try await store.escalations(jobID: id), accepted: try await store.acceptedOutputs(jobID: id),
            workflow: workflow, params: params,
            progress: job.state == .running ? last.flatMap { ProgressFile.read(attemptFolder: layout.attemptFolder(id, $0.attemptID)) } : nil,
            logTail: last.map { LogTail.read(layout.attemptFolder(id, $0.attemptID) + "/engine.log", lines: 20) } ?? [],
            links: EvidenceLinks(layout: layout))
        return page.page().response()
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
        let header = try await header()
        guard let record = try await store.escalation(id) else { return notFound("escalation", id, header: header) }
        let document = record.document
        let links = EvidenceLinks(layout: dependencies.layout)
        let files = (document.evidence.outputs + document.evidence.thumbnails).map {
            EscalationPage.EvidenceFile(path: $0, url: links.link(forSandboxPath: $0))
        }
        // Where an audio gate failed, the attempt's sound as a picture.
        var waveform: String?
        if document.evidence.failingGates.contains(where: { Waveform.isAudioGate(metric: $0.metric) }),
            let media = document.evidence.outputs.first(where: { [".mp4", ".mov", ".mkv", ".webm", ".wav", ".m4a"].contains(where: $0.hasSuffix) }) {
            let folder = dependencies.layout.attemptFolder(document.jobID, document.attemptID)
            if await Waveform.ensure(media: dependencies.layout.path(media), folder: folder, searchPath: dependencies.configuration.searchPath) {
                waveform = links.link(forSandboxPath: "logs/\(document.jobID)/attempts/\(document.attemptID)/\(Waveform.name)")
            }
        }
        let page = EscalationPage(
            header: header, escalation: document, job: try await store.job(document.jobID),
            contactSheet: links.contactSheet(jobID: document.jobID, attemptID: document.attemptID),
            bestContactSheet: document.bestAttemptID.flatMap { links.contactSheet(jobID: document.jobID, attemptID: $0) },
            evidenceFiles: files, advisor: advisorRecord(jobID: document.jobID, attemptID: document.attemptID),
            segments: segments(jobID: document.jobID, attemptID: document.attemptID), waveform: waveform, now: Date())
        return page.page().response()
    }
}
