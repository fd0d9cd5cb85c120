import Foundation
import GafferContracts
import GafferStore

/// `GET /escalations/{id}`: everything an operator needs to answer one escalation — what failed and by how
/// much, what the engine did, the contact sheets of this attempt and of the best one — and the allowed answers.
///
/// Stable element ids for scripts and browser tests: `#gates`, `#engine`, `#segments` (when measured), `#advisor` (when asked), `#contact-sheet`,
/// `#best-contact-sheet`, `#answer` (the form), `#note`, `#overrides`, `#by`, `#token`, `#answer-<ACTION>`,
/// `#result`, and `#resolution` once answered.
struct EscalationPage: Sendable {
    var header: PageHeader
    var escalation: UserActionRequired
    /// The job as the store has it now (nil if the store lost it).
    var job: JobRecord?
    /// `/evidence/…` URL of the escalated attempt's contact sheet, when there is one.
    var contactSheet: String?
    /// The same for the best attempt.
    var bestContactSheet: String?
    /// The escalation's other evidence files (sandbox-relative), with a URL when the server can hand them out.
    var evidenceFiles: [EvidenceFile]
    /// What the attempt's advisor proposed and what became of it, when one was asked.
    var advisor: ProductionDecision.AdvisorRecord? = nil
    /// The attempt's black, frozen and silent spans (nil: its metrics say nothing of them).
    var segments: [MediaSegment]? = nil
    /// `/evidence/…` URL of the attempt's waveform, drawn when an audio gate failed.
    var waveform: String? = nil
    var now: Date

    struct EvidenceFile: Sendable, Equatable {
        var path: String
        var url: String?
    }

    func page() -> HTMLPage {
        let e = escalation
        // The cause and the answers first: on screen without scrolling (1280×800); the evidence below.
        let main = """
            <h1>Escalation <code>\(esc(e.escalationID))</code> <span class="badge" id="status">\(e.status.rawValue)</span></h1>
            \(causeLine())
            \(e.status == .open ? answerForm() : resolution())
            \(facts())
            \(gates())
            \(engine())
            \(waveformSection())
            \(clipSection())
            \(segmentsSection())
            \(advisorSection())
            \(sheets())
            \(evidence())

            """
        return HTMLPage(
            title: "Escalation \(e.escalationID)", header: header, main: main,
            script: Self.scripts([e.status == .open ? PageScript.resolve : nil, clipURL == nil ? nil : PageScript.timeline]))
    }

    /// `#cause`: the precise cause and its one line, what an operator reads first (SPEC §5.3).
    func causeLine() -> String {
        let e = escalation
        let cause = e.cause?.rawValue ?? e.reason.rawValue
        let summary = e.summary ?? e.thresholdFailed ?? e.requiredArtifact
        var line = "<p id=\"cause\" class=\"cause\"><strong>\(esc(cause))</strong>: \(esc(summary))"
        if let expiresAt = e.expiresAt, e.status == .open { line += " <span class=\"muted\" id=\"expires\">(unanswered, it lapses at \(esc(expiresAt)))</span>" }
        return line + "</p>"
    }

    func facts() -> String {
        let e = escalation
        var jobText = "<a href=\"\(HTMLEscaping.href(["jobs", e.jobID]))\">\(esc(e.jobID))</a>"
        if let job {
            jobText += " — now <strong>\(job.state.rawValue)</strong>"
            if let reason = job.reason { jobText += ": <span id=\"job-reason\">\(esc(reason))</span>" }
        }
        var best = "none recorded"
        if let bestID = e.bestAttemptID {
            best = "<code>\(esc(bestID))</code>" + (bestID == e.attemptID ? " (this attempt)" : "")
        }
        var rows: [(String, String)] = [
            ("Job", jobText),
            ("Stage", esc(e.stage?.rawValue ?? "–")),
            ("Attempt", "<code>\(esc(e.attemptID))</code>"),
            ("Best attempt", best),
            ("Reason", "<strong>\(e.reason.rawValue)</strong>"),
            ("Raised", "\(AgeText.element(e.escalationTS, now: now)) ago <span class=\"muted\">(\(esc(e.escalationTS)))</span>"),
            ("Required artifact", esc(e.requiredArtifact)),
            ("Expected format", esc(e.expectedFormat)),
        ]
        if let failed = e.thresholdFailed { rows.append(("Threshold failed", esc(failed))) }
        if let fix = e.exampleFix { rows.append(("Example fix", esc(fix))) }
        return Self.definitionList(id: "facts", rows)
    }

    func gates() -> String {
        var html = """
            <h2>Failing gates</h2>
            <div class="table-scroll"><table id="gates">
            <caption>Gates that did not pass on attempt \(esc(escalation.attemptID)): score against threshold</caption>
            <thead><tr><th scope="col">Gate</th><th scope="col">Metric</th><th scope="col">Status</th>\
            <th scope="col" class="num">Score</th><th scope="col" class="num">Threshold</th><th scope="col">Severity</th></tr></thead>
            <tbody>

            """
        if escalation.evidence.failingGates.isEmpty {
            html += "<tr><td colspan=\"6\">No failing gates recorded; the reason above says why this escalated.</td></tr>\n"
        }
        for gate in escalation.evidence.failingGates {
            let score = gate.score.map(Self.number) ?? "missing"
            let threshold = (gate.direction == .min ? "≥ " : "≤ ") + Self.number(gate.threshold)
            html += """
                <tr><th scope="row">\(esc(gate.gateID))</th><td>\(esc(gate.metric))</td>\
                <td class="status-\(gate.status.rawValue)">\(gate.status.rawValue)</td><td class="num">\(score)</td>\
                <td class="num">\(threshold)</td><td class="severity-\(gate.severity.rawValue)">\(gate.severity.rawValue)</td></tr>

                """
        }
        return html + "</tbody></table></div>"
    }

    func engine() -> String {
        guard let facts = escalation.evidence.engine else {
            return "<h2>Engine</h2>\n<p id=\"engine\">No engine facts recorded.</p>"
        }
        return "<h2>Engine</h2>\n" + Self.definitionList(id: "engine", [
            ("Exit code", facts.exitCode.map(String.init) ?? "–"),
            ("Signal", facts.signal.map(String.init) ?? "–"),
            ("Timed out", facts.timedOut ? "yes" : "no"),
            ("Stalled", facts.stalled ? "yes" : "no"),
            ("Missing outputs", facts.missingOutputs.isEmpty ? "none" : esc(facts.missingOutputs.joined(separator: ", "))),
            ("Corruption", facts.corruption.map(esc) ?? (escalation.reason == .artifactCorrupted
                ? "none detected in the file; the reason comes from the failing gates above" : "none detected")),
            ("Engine said", facts.error.map { "<span id=\"engine-error\">\(esc($0))</span>" } ?? "–"),
        ]) + logTailSection()
    }

    /// The engine log's last lines, when the escalation carries them.
    func logTailSection() -> String {
        guard let tail = escalation.evidence.logTail, !tail.isEmpty else { return "" }
        return "<h3>Engine log, last \(tail.count) lines</h3>\n<pre id=\"log-tail\">" + tail.map(esc).joined(separator: "\n") + "</pre>"
    }

    /// `#waveform`: the attempt's audio as a picture, where an audio gate failed.
    func waveformSection() -> String {
        guard let waveform else { return "" }
        return "<h2>Audio</h2>\n<figure><img id=\"waveform\" src=\"\(esc(waveform))\" alt=\"Waveform of the audio of attempt \(esc(escalation.attemptID))\">"
            + "<figcaption>The sound of \(esc(escalation.attemptID)): a flat line is silence.</figcaption></figure>"
    }

    /// The page's scripts together; nil when it needs none.
    static func scripts(_ parts: [String?]) -> String? {
        let present = parts.compactMap { $0 }
        return present.isEmpty ? nil : present.joined(separator: "\n")
    }

    /// The attempt's clip, when the escalation's evidence has one the server hands out.
    var clipURL: String? {
        evidenceFiles.first { file in [".mp4", ".mov", ".mkv", ".webm"].contains { file.path.lowercased().hasSuffix($0) } }?.url
    }

    /// `#clip` with `#timeline` under it: the black, frozen and silent spans marked where they are in the clip;
    /// a mark (or a row's `.seek` button below) jumps the player there.
    func clipSection() -> String {
        guard let url = clipURL else { return "" }
        var html = "<h2>Clip</h2>\n<video id=\"clip\" controls preload=\"metadata\" src=\"\(esc(url))\"></video>\n"
        if let segments, !segments.isEmpty {
            html += "<svg id=\"timeline\" class=\"timeline\" viewBox=\"0 0 1000 14\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"Where the clip is black, frozen or silent\">"
            html += "<rect class=\"track\" x=\"0\" y=\"0\" width=\"1000\" height=\"14\"></rect>"
            for segment in segments {
                html += "<rect class=\"seg seg-\(segment.kind.rawValue)\" data-start=\"\(segment.startSeconds)\" data-end=\"\(segment.endSeconds)\" x=\"0\" y=\"0\" width=\"0\" height=\"14\"><title>\(segment.kind.rawValue) \(Self.timecode(segment.startSeconds))–\(Self.timecode(segment.endSeconds))</title></rect>"
            }
            html += "</svg>\n<p class=\"legend\"><span class=\"key seg-black\">black</span> <span class=\"key seg-freeze\">frozen</span> <span class=\"key seg-silence\">silent</span></p>"
        }
        return html
    }

    /// `#segments`: where in the clip it is black, frozen or silent, timecoded, fades told apart from drops.
    func segmentsSection() -> String {
        guard let segments else { return "" }
        guard !segments.isEmpty else {
            return "<h2>Segments</h2>\n<p id=\"segments\">No black, frozen or silent span.</p>"
        }
        var html = "<h2>Segments</h2>\n<table id=\"segments\">\n<thead><tr><th>kind</th><th>from</th><th>to</th><th>length</th><th>where</th></tr></thead>\n<tbody>\n"
        for segment in segments {
            let position = switch segment.position {
            case .leading: "at the start (a fade in, when short)"
            case .trailing: "at the end (a fade out, when short)"
            case .mid: "mid-clip"
            case .whole: "the whole clip"
            }
            let seek = clipURL == nil ? "" : " <button type=\"button\" class=\"seek\" data-start=\"\(segment.startSeconds)\">play from here</button>"
            html += "<tr class=\"segment-\(segment.kind.rawValue)\"><td>\(segment.kind.rawValue)\(seek)</td><td>\(Self.timecode(segment.startSeconds))</td>"
                + "<td>\(Self.timecode(segment.endSeconds))</td><td>\(Self.number(segment.durationSeconds)) s</td><td>\(position)</td></tr>\n"
        }
        return html + "</tbody>\n</table>"
    }

    /// `m:ss.mmm`, as a player's position reads.
    static func timecode(_ seconds: Double) -> String {
        let milliseconds = Int((max(0, seconds) * 1000).rounded())
        return String(format: "%d:%02d.%03d", milliseconds / 60_000, milliseconds / 1000 % 60, milliseconds % 1000)
    }

    /// `#advisor`: the proposal, its reasoning, what the policy made of it, and what the call cost.
    func advisorSection() -> String {
        guard let record = advisor else { return "" }
        var proposal = "none"
        if let p = record.proposal {
            proposal = "<strong>\(p.action.rawValue)</strong>"
            if let stage = p.targetStage { proposal += " → stage \(esc(stage.rawValue))" }
            if let profile = p.workflowProfile { proposal += " → workflow <code>\(esc(profile))</code>" }
            if !p.parameterAdjustments.isEmpty {
                proposal += " with " + esc(p.adjustmentsText)
            }
            if !p.reasoning.isEmpty { proposal += ": " + esc(p.reasoning) }
        }
        var rows: [(String, String)] = [
            ("Advisor", esc(record.source) + (record.model.map { " <span class=\"muted\">(\(esc($0)))</span>" } ?? "")),
            ("Proposed", proposal),
            ("Outcome", "<strong>\(record.outcome.rawValue)</strong> (deterministic \(record.deterministicAction.rawValue))" + (record.note.map { ": " + esc($0) } ?? "")),
        ]
        if let latency = record.latencySeconds { rows.append(("Latency", String(format: "%.3f s", latency))) }
        if record.tokensIn != nil || record.tokensOut != nil {
            rows.append(("Tokens", "\(record.tokensIn.map(String.init) ?? "?") in / \(record.tokensOut.map(String.init) ?? "?") out"))
        }
        return "<h2>Advisor</h2>\n" + Self.definitionList(id: "advisor", rows)
    }

    func sheets() -> String {
        let attempt = escalation.attemptID
        var html = "<h2>Contact sheets</h2>\n<div class=\"sheets\">\n"
        html += figure(
            id: "contact-sheet", url: contactSheet,
            alt: "Contact sheet of attempt \(attempt) of job \(escalation.jobID), the escalated attempt",
            caption: "This attempt: \(attempt)", missing: "No contact sheet for attempt \(attempt).")
        if let best = escalation.bestAttemptID {
            html += figure(
                id: "best-contact-sheet", url: bestContactSheet,
                alt: "Contact sheet of attempt \(best) of job \(escalation.jobID), the best attempt",
                caption: best == attempt
                    ? "Best attempt: \(best), the same attempt as the escalated one" : "Best attempt: \(best)",
                missing: "No contact sheet for the best attempt \(best).")
        } else {
            html += "<p id=\"best-contact-sheet-none\">No best attempt recorded for this stage.</p>\n"
        }
        return html + "</div>"
    }

    func figure(id: String, url: String?, alt: String, caption: String, missing: String) -> String {
        guard let url else { return "<p id=\"\(id)-none\">\(esc(missing))</p>\n" }
        return """
            <figure><a href="\(esc(url))"><img id="\(id)" src="\(esc(url))" alt="\(esc(alt))"></a>\
            <figcaption>\(esc(caption))</figcaption></figure>

            """
    }

    func evidence() -> String {
        guard !evidenceFiles.isEmpty else { return "" }
        let items = evidenceFiles.map { file in
            // The link's text is its address: what is copied is what is shown.
            file.url.map { "<li><a href=\"\(esc($0))\">\(esc($0))</a> <span class=\"muted\">(\(esc(file.path)))</span></li>" } ?? "<li>\(esc(file.path))</li>"
        }
        return "<h2>Evidence files</h2>\n<ul id=\"evidence\">" + items.joined() + "</ul>"
    }

    func answerForm() -> String {
        let resolveURL = HTMLEscaping.href(["api", "escalations", escalation.escalationID, "resolve"])
        var buttons = ""
        for action in escalation.allowedResponses {
            let id = "answer-\(action.rawValue)"
            buttons += """
                <div><button type="button" id="\(id)" class="answer-\(action.rawValue)" data-action="\(action.rawValue)" \
                aria-describedby="\(id)-hint">\(action.rawValue)</button>\
                <span class="hint" id="\(id)-hint">\(esc(hint(action)))</span></div>

                """
        }
        return """
            <h2>Answer</h2>
            <form class="answer" id="answer" data-resolve-url="\(resolveURL)" novalidate>
            <div class="answer-fields">
            \(Self.field("note", label: "Note", hint: "why you answer this way; kept in the job's events", textarea: true,
                         attributes: #"rows="1""#))
            \(Self.field("overrides", label: "Overrides",
                         hint: "parameters for the next attempt: name=value, … (e.g. pose_weight=0.95, seed=7)",
                         attributes: #"type="text" autocomplete="off" spellcheck="false""#))
            \(Self.field("by", label: "Your name", hint: "recorded as who answered", attributes: #"type="text" autocomplete="name""#))
            \(Self.field("token", label: "Token", hint: "this server's bearer token; remembered in this browser",
                         attributes: #"type="password" autocomplete="current-password""#))
            </div>
            <div class="answers" role="group" aria-label="Allowed answers">
            \(buttons)</div>
            <p id="result" role="status" aria-live="polite"></p>
            </form>

            """
    }

    /// A labelled `<input>` (or `<textarea>`) with its hint, the hint tied to the control for screen readers.
    static func field(_ id: String, label: String, hint: String, textarea: Bool = false, attributes: String) -> String {
        let common = #"id="\#(id)" name="\#(id)" aria-describedby="\#(id)-hint" \#(attributes)"#
        let control = textarea ? "<textarea \(common)></textarea>" : "<input \(common)>"
        return "<div class=\"field\"><label for=\"\(id)\">\(label)</label><span class=\"hint\" id=\"\(id)-hint\">"
            + HTMLEscaping.escape(hint) + "</span>\(control)</div>"
    }

    func resolution() -> String {
        guard let resolution = escalation.resolution else {
            return "<section id=\"resolution\" class=\"resolution\"><h2>Resolved</h2><p>No answer recorded.</p></section>\n"
        }
        let overrides = resolution.overrides.isEmpty
            ? "none"
            : resolution.overrides.sorted { $0.key < $1.key }.map { key, value in
                "\(key)=" + String(decoding: value.serialized(pretty: false), as: UTF8.self)
            }.joined(separator: ", ")
        var rows: [(String, String)] = [
            ("Answer", "<strong>\(resolution.action.rawValue)</strong>"), ("By", esc(resolution.by)),
            ("At", esc(resolution.at)), ("Overrides", esc(overrides)),
        ]
        if let note = resolution.note { rows.append(("Note", esc(note))) }
        return "<section id=\"resolution\" class=\"resolution\"><h2>Resolved</h2>\n"
            + Self.definitionList(id: "resolution-facts", rows) + "</section>\n"
    }

    /// What each answer does, in the words of `EscalationDesk`.
    func hint(_ action: Action) -> String {
        let stage = escalation.stage?.rawValue ?? "the stage"
        return switch action {
        case .proceed: "accept the best attempt's output of \(stage) and go on"
        case .retryStage: "run \(stage) again with a fresh retry budget and your overrides"
        case .switchPolicy: "run \(stage) again under the other policy, with your overrides"
        case .abort: "stop the job (ABORTED)"
        case .escalateUser: "leave it with an operator"
        }
    }

    /// Rows of already-escaped markup.
    static func definitionList(id: String, _ rows: [(String, String)]) -> String {
        "<dl class=\"facts\" id=\"\(id)\">" + rows.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined() + "</dl>"
    }

    static func number(_ value: Double) -> String { String(format: "%.3f", value) }

    private func esc(_ text: String) -> String { HTMLEscaping.escape(text) }
}
