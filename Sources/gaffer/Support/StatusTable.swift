import Foundation
import GafferStore

/// A plain table for terminals: columns padded to their widest cell.
enum StatusTable {
    static func render(_ jobs: [JobRecord], attempts: [String: [AttemptRecord]]) -> String {
        var rows = [["JOB", "STATE", "STAGE", "ATTEMPTS", "LAST DECISION", "REASON"]]
        for job in jobs {
            let mine = attempts[job.jobID] ?? []
            let last = mine.last(where: { $0.decisionAction != nil })
            rows.append([
                job.jobID, job.state.rawValue, job.stage?.rawValue ?? "-", mine.isEmpty ? "-" : "\(mine.count)",
                last.map { "\($0.attemptID) \($0.decisionAction!.rawValue)" + ($0.escalationReason.map { " (\($0.rawValue))" } ?? "") } ?? "-",
                String((job.reason ?? "").prefix(70)),
            ])
        }
        return table(rows)
    }

    static func attempts(of jobs: [JobRecord], in store: any JobStore) async throws -> [String: [AttemptRecord]] {
        let wanted = Set(jobs.map(\.jobID))
        return Dictionary(grouping: try await store.allAttempts().filter { wanted.contains($0.jobID) }, by: \.jobID)
    }

    static func table(_ rows: [[String]]) -> String {
        // Widths and padding count characters, as a terminal shows them (Foundation's padding counts UTF-16 units
        // and cost more than the rest of the table at 10,000 jobs).
        let counts = rows.map { $0.map(\.count) }
        let widths = (0..<(rows.first?.count ?? 0)).map { column in counts.map { $0[column] }.max() ?? 0 }
        var text = ""
        for (index, row) in rows.enumerated() {
            var line = ""
            for (column, cell) in row.enumerated() {
                if column > 0 { line += "  " }
                line += cell
                if column < row.count - 1 { line += String(repeating: " ", count: widths[column] - counts[index][column]) }
            }
            while line.last?.isWhitespace == true { line.removeLast() }
            if index > 0 { text += "\n" }
            text += line
        }
        return text
    }
}
