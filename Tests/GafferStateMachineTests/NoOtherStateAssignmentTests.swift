import Foundation
import Testing

/// "Nothing else assigns a job state": `JobRecord.state` is `private(set)` (the compiler refuses any other
/// assignment), and this scan makes sure no source file builds a job in a chosen state or sets one by hand.
struct NoOtherStateAssignmentTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    @Test func onlyTheStateMachineDecidesAJobsState() throws {
        let states = "discovered|validated|running|completed|posted|escalated|aborted|invalid"
        let patterns = [
            try Regex("\\.state\\s*=\\s*\\.(\(states))\\b"),
            try Regex("JobRecord\\([^)]*state:\\s*\\.(\(states))\\b"),
        ]
        var offenders: [String] = []
        let files = FileManager.default.enumerator(atPath: Self.sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(files.count > 50, "the scan found the sources (\(files.count) files)")
        for file in files {
            let text = try String(contentsOfFile: Self.sources.appendingPathComponent(file).path, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where patterns.contains(where: { line.contains($0) }) {
                offenders.append("\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(offenders.isEmpty, "job states assigned outside JobStateMachine:\n\(offenders.joined(separator: "\n"))")
    }
}
