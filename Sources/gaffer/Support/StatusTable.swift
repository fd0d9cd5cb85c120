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
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            var line = zip(row, widths).map { $0.0.padding(toLength: $0.1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
            while line.last?.isWhitespace == true { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
