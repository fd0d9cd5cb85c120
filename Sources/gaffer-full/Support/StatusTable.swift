import Foundation
import GafferStore

/// A plain table for terminals: columns padded to their widest cell.
enum StatusTable {
    /// `progress`: percent done of the running attempts whose engine reports it, shown beside their state.
    static func render(_ jobs: [JobSummary], attempts: [String: [AttemptSummary]], progress: [String: Int] = [:]) -> String {
        var rows = [["JOB", "STATE", "STAGE", "ATTEMPTS", "LAST DECISION", "REASON"]]
        for job in jobs {
            let mine = attempts[job.jobID] ?? []
            let last = mine.last(where: { $0.decisionAction != nil })
            rows.append([
                job.jobID, job.state.rawValue + (progress[job.jobID].map { " \($0)%" } ?? ""), job.stage?.rawValue ?? "-", mine.isEmpty ? "-" : "\(mine.count)",
                last.map { "\($0.attemptID) \($0.decisionAction!.rawValue)" + ($0.escalationReason.map { " (\($0.rawValue))" } ?? "") } ?? "-",
                clipped(job.reason ?? "", to: 70),
            ])
        }
        return table(rows)
    }

    static func attempts(of jobs: [JobSummary], in store: any JobStore) async throws -> [String: [AttemptSummary]] {
        attempts(of: jobs, from: try await store.attemptSummaries())
    }

    /// The summaries by job, of `jobs` only. Summaries come by job then number: each job's are one run of them.
    static func attempts(of jobs: [JobSummary], from summaries: [AttemptSummary]) -> [String: [AttemptSummary]] {
        var byJob: [String: [AttemptSummary]] = [:]
        byJob.reserveCapacity(jobs.count)
        var start = summaries.startIndex
        while start < summaries.endIndex {
            let jobID = summaries[start].jobID
            var end = start + 1
            while end < summaries.endIndex, summaries[end].jobID == jobID { end += 1 }
            byJob[jobID, default: []] += summaries[start..<end]
            start = end
        }
        if byJob.count > jobs.count {
            let wanted = Set(jobs.map(\.jobID))
            byJob = byJob.filter { wanted.contains($0.key) }
        }
        return byJob
    }

    /// At most `limit` characters; a cut cell ends with "…" so it reads as cut (ASCII text, the usual case, is
    /// measured by bytes without walking graphemes).
    static func clipped(_ text: String, to limit: Int) -> String {
        if text.utf8.count <= limit, isASCII(text) { return text }
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }

    /// How wide a cell is on a terminal: its characters (its bytes, when it is ASCII).
    static func width(_ text: String) -> Int { isASCII(text) ? text.utf8.count : text.count }

    static func isASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }

    static func table(_ rows: [[String]]) -> String {
        // Widths and padding count characters, as a terminal shows them (Foundation's padding counts UTF-16 units
        // and cost more than the rest of the table at 10,000 jobs).
        let counts = rows.map { $0.map(width) }
        let widths = (0..<(rows.first?.count ?? 0)).map { column in counts.map { $0[column] }.max() ?? 0 }
        var text = ""
        text.reserveCapacity(rows.count * (widths.reduce(0, +) + 2 * widths.count + 1))
        for (index, row) in rows.enumerated() {
            if index > 0 { text += "\n" }
            // Up to the last cell with text: a line ends without padding.
            guard let last = row.lastIndex(where: { !$0.isEmpty }) else { continue }
            for column in 0...last {
                if column > 0 { text += "  " }
                text += row[column]
                if column < last { text += String(repeating: " ", count: widths[column] - counts[index][column]) }
            }
            while text.last == " " { text.removeLast() }
        }
        return text
    }
}
