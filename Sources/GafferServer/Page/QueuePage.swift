import Foundation
import GafferContracts

/// `GET /`: the open escalations, oldest first, each linking to its page; then the latest answers.
struct QueuePage: Sendable {
    static let recentlyResolvedLimit = 10

    var header: PageHeader
    /// Open escalations, oldest first.
    var open: [UserActionRequired]
    /// Resolved escalations, most recently answered first.
    var resolved: [UserActionRequired]
    var now: Date

    func page() -> HTMLPage {
        var main = "<h1>Escalation queue</h1>\n"
        if open.isEmpty {
            main += "<p id=\"queue-empty\">No open escalations. Nothing waits for an operator.</p>\n"
        } else {
            main += """
                <p>\(open.count) open, oldest first. Open one to see its evidence and answer it.</p>
                <div class="table-scroll"><table id="queue">
                <caption>Open escalations</caption>
                <thead><tr><th scope="col">Escalation</th><th scope="col">Job</th><th scope="col">Stage</th>\
                <th scope="col">Reason</th><th scope="col">Age</th><th scope="col">Attempt</th><th scope="col">Answers</th></tr></thead>
                <tbody>

                """
            for escalation in open { main += row(escalation) }
            main += "</tbody></table></div>\n"
        }
        if !resolved.isEmpty {
            main += "<h2>Recently answered</h2>\n<ul id=\"recently-resolved\">\n"
            for escalation in resolved.prefix(Self.recentlyResolvedLimit) {
                let link = HTMLEscaping.href(["escalations", escalation.escalationID])
                let answer = escalation.resolution.map {
                    "\($0.action.rawValue) by \(HTMLEscaping.escape($0.by)), \(AgeText.element($0.at, now: now)) ago"
                } ?? "resolved"
                main += "<li><a href=\"\(link)\">\(HTMLEscaping.escape(escalation.escalationID))</a> — job "
                    + "\(HTMLEscaping.escape(escalation.jobID)): \(answer)</li>\n"
            }
            main += "</ul>\n"
        }
        return HTMLPage(title: "Escalation queue", header: header, main: main)
    }

    func row(_ escalation: UserActionRequired) -> String {
        let link = HTMLEscaping.href(["escalations", escalation.escalationID])
        let answers = escalation.allowedResponses.map(\.rawValue).joined(separator: ", ")
        return """
            <tr><td><a href="\(link)">\(HTMLEscaping.escape(escalation.escalationID))</a></td>\
            <td>\(HTMLEscaping.escape(escalation.jobID))</td><td>\(HTMLEscaping.escape(escalation.stage?.rawValue ?? "–"))</td>\
            <td>\(escalation.reason.rawValue)</td><td>\(AgeText.element(escalation.escalationTS, now: now))</td>\
            <td>\(HTMLEscaping.escape(escalation.attemptID))</td><td>\(HTMLEscaping.escape(answers))</td></tr>

            """
    }
}
