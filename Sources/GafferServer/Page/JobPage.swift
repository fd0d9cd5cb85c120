import Foundation
import GafferContracts
import GafferLoop
import GafferStore

/// `GET /jobs/{id}`: one job as an operator works it (SPEC §10) — its state and stage, the verbs that apply now
/// (first, so they are on screen without scrolling), a running attempt's progress, a clip waiting for approval,
/// the lineage of attempts with each one's contact sheet and the decision that followed it (reason, action, what
/// changed in the parameters since the attempt before), and the engine's last log lines.
///
/// Stable ids: `#job-state`, `#job-stage`, `#job-reason`, `#progress`, `#verbs` (the form), `#verb-<verb>` (a button),
/// `#verb-note`, `#verb-stage`, `#verb-attempt`, `#verb-gate`, `#verb-overrides`, `#verb-token`, `#verb-result`,
/// `#approval` (with `#approval-clip`), `#attempts` (rows `#attempt-run-NNNN`), `#log-tail`.
struct JobPage: Sendable {
    var header: PageHeader
    var job: JobRecord
    var attempts: [AttemptRecord]
    var escalations: [EscalationRecord]
    var accepted: [AcceptedOutput]
    /// The job's workflow, when it loads (stage names for re-opening, each stage's output file).
    var workflow: Workflow?
    /// Each attempt's `{params}` as the engine got them.
    var params: [String: [String: JSONValue]]
    var progress: ProgressFile.Reading?
    var logTail: [String]
    var links: EvidenceLinks

    func page() -> HTMLPage {
        let main = """
            <h1>Job <code>\(esc(job.jobID))</code> <span class="badge state-\(job.state.rawValue)" id="job-state">\(job.state.rawValue)</span></h1>
            \(summary())
            \(verbs())
            \(approval())
            \(lineage())
            \(logSection())
            """
        return HTMLPage(title: "Job \(job.jobID)", header: header, main: main, script: PageScript.verbs)
    }

    func summary() -> String {
        var rows: [(String, String)] = [
            ("Stage", "<span id=\"job-stage\">\(esc(job.stage?.rawValue ?? "–"))</span>"),
            ("Why", "<span id=\"job-reason\">\(esc(job.reason ?? "–"))</span>"),
        ]
        if job.state == .running, let attempt = job.attemptID {
            let done = progress.map { "<progress id=\"progress\" max=\"100\" value=\"\($0.percent)\">\($0.percent)%</progress> \($0.percent)%" }
                ?? "<span id=\"progress\">running; no progress reported yet</span>"
            rows.append(("Attempt running", "<code>\(esc(attempt))</code> \(done)"))
        }
        if let pending = job.operatorState.pauseRequested {
            rows.append(("Pause", "asked for by \(esc(pending.by)) at \(esc(pending.at)): the job pauses when this attempt ends"))
        }
        if let expiry = job.operatorState.expiry {
            rows.append(("Waits until", "\(esc(expiry.expiresAt)), then \(expiry.defaultAction.rawValue) applies (by expiry)"))
        }
        for waiver in job.operatorState.waivers {
            rows.append(("Waiver", "gate <code>\(esc(waiver.gateID))</code> on stage \(esc(waiver.stage.rawValue)) by \(esc(waiver.by)): \(esc(waiver.note))"))
        }
        if let open = escalations.first(where: \.isOpen) {
            let href = HTMLEscaping.href(["escalations", open.escalationID])
            rows.append(("Escalation", "<a href=\"\(href)\">\(esc(open.escalationID))</a>: " + esc(open.document.summary ?? open.document.reason.rawValue)))
        }
        return EscalationPage.definitionList(id: "job-facts", rows)
    }

    /// The verbs the state machine allows now, with the fields they take.
    func verbs() -> String {
        let allowed = OperatorVerb.allCases.filter {
            if case .success = JobStateMachine.apply(OperatorDesk.probe($0), to: job.state) { return true }
            return false
        }
        guard !allowed.isEmpty else {
            return "<section id=\"verbs-none\"><h2>Actions</h2><p>None apply to a \(job.state.rawValue) job.</p></section>"
        }
        let stages = workflow?.stageNames ?? []
        let stageOptions = stages.map { stage in
            "<option\(stage == job.stage ? " selected" : "")>\(esc(stage.rawValue))</option>"
        }.joined()
        let sound = attempts.filter { $0.status == .decided && ($0.engine?.isSound ?? false) }
        let attemptOptions = sound.reversed().map { "<option>\(esc($0.attemptID))</option>" }.joined()
        let failing = Set(attempts.flatMap { attempt in attempt.gateResults.filter { $0.value.isFailure }.map(\.key) }).sorted()
        let gateOptions = failing.map { "<option>\(esc($0))</option>" }.joined()
        var buttons = ""
        for verb in allowed {
            buttons += "<button type=\"button\" id=\"verb-\(verb.rawValue)\" data-verb=\"\(verb.rawValue)\" class=\"verb-\(verb.rawValue)\" title=\"\(esc(Self.hint(verb)))\">\(Self.label(verb))</button>\n"
            if verb == .reject {
                buttons += "<button type=\"button\" id=\"verb-reject-abort\" data-verb=\"reject\" data-abort=\"true\" class=\"verb-cancel\" title=\"refuse the output and abort the job\">Reject (abort)</button>\n"
            }
            if verb == .pause && job.state == .running {
                buttons += "<button type=\"button\" id=\"verb-pause-now\" data-verb=\"pause\" data-now=\"true\" title=\"interrupt the running attempt now (it does not count)\">Pause now</button>\n"
            }
        }
        let url = HTMLEscaping.href(["api", "jobs", job.jobID])
        return """
            <section><h2>Actions</h2>
            <form class="verbs" id="verbs" data-verb-url="\(url)" novalidate>
            <div class="verb-buttons" role="group" aria-label="Actions on this job">
            \(buttons)</div>
            <div class="verb-fields">
            <div class="field"><label for="verb-note">Note</label><input id="verb-note" type="text" placeholder="why (recorded)"></div>
            <div class="field"><label for="verb-stage">Stage</label><select id="verb-stage">\(stageOptions)</select></div>
            <div class="field"><label for="verb-attempt">Attempt (pick)</label><select id="verb-attempt">\(attemptOptions)</select></div>
            <div class="field"><label for="verb-gate">Gate (waive)</label><select id="verb-gate">\(gateOptions)</select></div>
            <div class="field"><label for="verb-overrides">Overrides</label><input id="verb-overrides" type="text" placeholder="name=value, …" spellcheck="false"></div>
            <div class="field"><label for="verb-token">Token</label><input id="verb-token" type="password" autocomplete="current-password"></div>
            </div>
            <p id="verb-result" role="status" aria-live="polite"></p>
            </form></section>
            """
    }

    static func label(_ verb: OperatorVerb) -> String {
        switch verb {
        case .pause: "Pause"
        case .resume: "Resume"
        case .cancel: "Cancel job"
        case .retry: "Re-run from stage"
        case .pick: "Pick attempt"
        case .resetBudget: "Reset budget"
        case .waive: "Waive gate"
        case .approve: "Approve"
        case .reject: "Reject (retry)"
        }
    }

    static func hint(_ verb: OperatorVerb) -> String {
        switch verb {
        case .pause: "stop claiming this job; a running attempt finishes first"
        case .resume: "queue the job again"
        case .cancel: "ABORTED; a running engine is stopped"
        case .retry: "re-open the job at the chosen stage, with the overrides"
        case .pick: "make the chosen attempt's output the stage's accepted output and go on"
        case .resetBudget: "start the retry budget again"
        case .waive: "accept the chosen failing gate for the output it failed on (needs a note)"
        case .approve: "sign off the output waiting for approval"
        case .reject: "refuse the output: the stage runs again with a fresh budget"
        }
    }

    /// The clip that waits for a sign-off, playable here.
    func approval() -> String {
        guard job.state == .awaitingApproval, let stage = job.stage, let output = accepted.first(where: { $0.stage == stage }) else { return "" }
        let url = links.link(forSandboxPath: output.path)
        let player = url.map { "<video id=\"approval-clip\" controls preload=\"metadata\" src=\"\(esc($0))\"></video><p><a href=\"\(esc($0))\">\(esc($0))</a></p>" }
            ?? "<p>The output \(esc(output.path)) is not there.</p>"
        return "<section id=\"approval\"><h2>Waiting for approval: \(esc(output.attemptID)) of stage \(esc(stage.rawValue))</h2>\(player)</section>"
    }

    func lineage() -> String {
        guard !attempts.isEmpty else { return "<h2>Attempts</h2>\n<p id=\"attempts\">No attempt yet.</p>" }
        var html = """
            <h2>Attempts</h2>
            <div class="table-scroll"><table id="attempts">
            <caption>Every attempt in the order it started, with the decision that followed it</caption>
            <thead><tr><th scope="col">Attempt</th><th scope="col">Stage</th><th scope="col">Outcome</th><th scope="col">Decision</th>\
            <th scope="col">Changed since the attempt before</th><th scope="col">Contact sheet</th></tr></thead>
            <tbody>

            """
        let acceptedIDs = Set(accepted.map(\.attemptID))
        var previousOfStage: [StageName: AttemptRecord] = [:]
        for attempt in attempts.sorted(by: { $0.number < $1.number }) {
            let engine = attempt.engine.map { $0.isSound ? "engine ok" : "engine failed" } ?? attempt.status.rawValue
            var outcome = "\(attempt.status.rawValue) · \(engine)"
            if let score = attempt.score { outcome += String(format: " · score %.3f", score) }
            let failing = attempt.gateResults.filter { $0.value.isFailure }.keys.sorted()
            if !failing.isEmpty { outcome += "<br><span class=\"status-SOFT_FAIL\">failed: \(esc(failing.joined(separator: ", ")))</span>" }
            if acceptedIDs.contains(attempt.attemptID) { outcome += "<br><strong>accepted</strong>" }
            var decision = attempt.decisionAction.map { "<strong>\($0.rawValue)</strong>" } ?? "–"
            if let reason = attempt.decisionReason { decision += ": " + esc(reason) }
            let changes = Self.changes(from: previousOfStage[attempt.stage].flatMap { params[$0.attemptID] }, to: params[attempt.attemptID])
            let sheet = links.contactSheet(jobID: job.jobID, attemptID: attempt.attemptID).map {
                "<a href=\"\(esc($0))\"><img class=\"thumb\" src=\"\(esc($0))\" alt=\"Contact sheet of \(esc(attempt.attemptID))\"></a>"
            } ?? "–"
            let output = workflow?.stage(named: attempt.stage).flatMap {
                links.link(forSandboxPath: "logs/\(job.jobID)/attempts/\(attempt.attemptID)/\($0.output)")
            }
            let clip = output.map { "<br><a href=\"\(esc($0))\">\(esc($0))</a>" } ?? ""
            html += """
                <tr id="attempt-\(esc(attempt.attemptID))"><th scope="row"><code>\(esc(attempt.attemptID))</code>\(clip)</th>\
                <td>\(esc(attempt.stage.rawValue))</td><td>\(outcome)</td><td>\(decision)</td><td>\(changes)</td><td>\(sheet)</td></tr>

                """
            previousOfStage[attempt.stage] = attempt
        }
        return html + "</tbody></table></div>"
    }

    /// `name: old → new` for every parameter that differs (the first attempt of a stage: none).
    static func changes(from before: [String: JSONValue]?, to after: [String: JSONValue]?) -> String {
        guard let before, let after else { return "–" }
        let names = Set(before.keys).union(after.keys).sorted()
        let text: (JSONValue?) -> String = { $0.map { String(decoding: $0.serialized(pretty: false), as: UTF8.self) } ?? "unset" }
        let changed = names.filter { before[$0] != after[$0] }.map {
            "<code>\(HTMLEscaping.escape($0))</code>: \(HTMLEscaping.escape(text(before[$0]))) → \(HTMLEscaping.escape(text(after[$0])))"
        }
        return changed.isEmpty ? "no parameter changed" : changed.joined(separator: "<br>")
    }

    func logSection() -> String {
        guard let last = attempts.max(by: { $0.number < $1.number }) else { return "" }
        guard !logTail.isEmpty else { return "<h2>Engine log</h2>\n<p id=\"log-tail\">The engine of \(esc(last.attemptID)) wrote nothing.</p>" }
        let url = links.link(forSandboxPath: "logs/\(job.jobID)/attempts/\(last.attemptID)/engine.log")
        let whole = url.map { " <a href=\"\(esc($0))\">\(esc($0))</a>" } ?? ""
        return "<h2>Engine log of \(esc(last.attemptID)), last \(logTail.count) lines\(whole)</h2>\n<pre id=\"log-tail\">"
            + logTail.map(esc).joined(separator: "\n") + "</pre>"
    }

    private func esc(_ text: String) -> String { HTMLEscaping.escape(text) }
}
