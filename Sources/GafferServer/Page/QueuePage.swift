import Foundation
import GafferContracts
import GafferStore
import Hummingbird
import HummingbirdCore

/// `GET /`: what waits for a person — open escalations and stages waiting for approval — oldest first, the cause
/// first, filterable by kind, stage, reason and age (a plain GET form: the URL is the filter), and workable from the
/// keyboard: `j`/`k` move through the rows, Enter opens one. Then the latest answers.
struct QueuePage: Sendable {
    static let recentlyResolvedLimit = 10

    /// What the queue shows: `?kind=escalation|approval&stage=video&reason=RETRY_BUDGET_EXCEEDED&age=3600`.
    struct Filter: Sendable, Equatable {
        enum Kind: String, CaseIterable, Sendable { case escalation, approval }
        var kind: Kind?
        var stage: String?
        var reason: String?
        /// Only items waiting at least this many seconds.
        var minimumAge: Int?

        init(kind: Kind? = nil, stage: String? = nil, reason: String? = nil, minimumAge: Int? = nil) {
            self.kind = kind
            self.stage = stage
            self.reason = reason
            self.minimumAge = minimumAge
        }

        init(_ query: FlatDictionary<Substring, Substring>) {
            func value(_ key: Substring) -> String? { query[key].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
            kind = value("kind").flatMap(Kind.init(rawValue:))
            stage = value("stage")
            reason = value("reason")
            minimumAge = value("age").flatMap(Int.init)
        }
    }

    /// One row: an open escalation or a stage waiting for approval.
    struct Item: Sendable {
        var kind: Filter.Kind
        var jobID: String
        var stage: String?
        /// The cause (an escalation's `cause`, else its reason), what the operator reads first.
        var cause: String
        var summary: String
        var reason: String?
        var since: String
        var link: String
        var attemptID: String?
    }

    var header: PageHeader
    /// Open escalations, oldest first.
    var open: [UserActionRequired]
    /// Jobs waiting for approval.
    var approvals: [JobRecord]
    /// Resolved escalations, most recently answered first.
    var resolved: [UserActionRequired]
    var filter: Filter
    var now: Date

    var items: [Item] {
        var items = open.map { e in
            Item(
                kind: .escalation, jobID: e.jobID, stage: e.stage?.rawValue, cause: e.cause?.rawValue ?? e.reason.rawValue,
                summary: e.summary ?? e.thresholdFailed ?? e.requiredArtifact, reason: e.reason.rawValue, since: e.escalationTS,
                link: HTMLEscaping.href(["escalations", e.escalationID]), attemptID: e.attemptID)
        }
        items += approvals.map { job in
            Item(
                kind: .approval, jobID: job.jobID, stage: job.stage?.rawValue, cause: "approval_requested",
                summary: job.reason ?? "passed QC; waits for a sign-off", reason: nil, since: job.updatedAt,
                link: HTMLEscaping.href(["jobs", job.jobID]), attemptID: job.attemptID)
        }
        return items.filter { item in
            (filter.kind.map { $0 == item.kind } ?? true) && (filter.stage.map { $0 == item.stage } ?? true)
                && (filter.reason.map { $0 == item.reason || $0 == item.cause } ?? true)
                && (filter.minimumAge.map { age in Timestamp.parse(item.since).map { now.timeIntervalSince($0) >= Double(age) } ?? false } ?? true)
        }.sorted { $0.since < $1.since }
    }

    func page() -> HTMLPage {
        let shown = items
        var main = "<h1>What waits for you</h1>\n" + filters()
        if shown.isEmpty {
            main += filter == Filter()
                ? "<p id=\"queue-empty\">Nothing waits for a person: no open escalation, no approval.</p>\n"
                : "<p id=\"queue-empty\">Nothing matches these filters.</p>\n"
        } else {
            main += """
                <p>\(shown.count) waiting, oldest first. <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens.</p>
                <div class="table-scroll"><table id="queue">
                <caption>Open escalations and approvals</caption>
                <thead><tr><th scope="col">Cause</th><th scope="col">Summary</th><th scope="col">Job</th><th scope="col">Stage</th>\
                <th scope="col">Kind</th><th scope="col">Waiting</th><th scope="col">Attempt</th></tr></thead>
                <tbody>

                """
            for item in shown { main += row(item) }
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
        return HTMLPage(title: "Queue", header: header, main: main, script: PageScript.queueKeys)
    }

    func filters() -> String {
        func options(_ values: [String], selected: String?) -> String {
            "<option value=\"\">any</option>" + values.map {
                "<option\(selected == $0 ? " selected" : "")>\(HTMLEscaping.escape($0))</option>"
            }.joined()
        }
        let stages = Set(open.compactMap { $0.stage?.rawValue } + approvals.compactMap { $0.stage?.rawValue }).sorted()
        let reasons = Set(open.map(\.reason.rawValue) + open.compactMap { $0.cause?.rawValue }).sorted()
        let ages = [("", "any"), ("600", "10 min"), ("3600", "1 h"), ("86400", "1 day")].map { value, label in
            "<option value=\"\(value)\"\(filter.minimumAge.map(String.init) == value ? " selected" : "")>\(label)</option>"
        }.joined()
        return """
            <form class="filters" id="filters" method="get" action="/">
            <label for="filter-kind">Kind<select id="filter-kind" name="kind">\(options(Filter.Kind.allCases.map(\.rawValue), selected: filter.kind?.rawValue))</select></label>
            <label for="filter-stage">Stage<select id="filter-stage" name="stage">\(options(stages, selected: filter.stage))</select></label>
            <label for="filter-reason">Reason<select id="filter-reason" name="reason">\(options(reasons, selected: filter.reason))</select></label>
            <label for="filter-age">Waiting at least<select id="filter-age" name="age">\(ages)</select></label>
            <button type="submit" id="filter-apply">Filter</button> <a href="/">clear</a>
            </form>

            """
    }

    func row(_ item: Item) -> String {
        let jobLink = HTMLEscaping.href(["jobs", item.jobID])
        return """
            <tr data-href="\(item.link)"><td><a href="\(item.link)"><strong>\(HTMLEscaping.escape(item.cause))</strong></a></td>\
            <td>\(HTMLEscaping.escape(item.summary))</td><td><a href="\(jobLink)">\(HTMLEscaping.escape(item.jobID))</a></td>\
            <td>\(HTMLEscaping.escape(item.stage ?? "–"))</td><td>\(item.kind.rawValue)</td>\
            <td>\(AgeText.element(item.since, now: now))</td><td>\(HTMLEscaping.escape(item.attemptID ?? "–"))</td></tr>

            """
    }
}
