import Foundation
import Logging

/// Readable lines for people at a terminal: `12:03:04 notice demo-frozen-motion video run-0001  RETRY_STAGE: …`.
/// Lines are printed above the live progress line, which is redrawn after each.
struct TerminalLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    let board: ProgressBoard

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new })
        let time = Date().formatted(.dateTime.hour(.twoDigits(amPM: .omitted)).minute(.twoDigits).second(.twoDigits))
        let where_ = ["job_id", "stage", "attempt_id"].compactMap { fields[$0].map { "\($0)" } }.joined(separator: " ")
        let colour = switch event.level {
        case .error, .critical: "\u{1B}[31m"
        case .warning: "\u{1B}[33m"
        case .notice: "\u{1B}[36m"
        default: "\u{1B}[2m"
        }
        board.printAbove("\(colour)\(time) \(event.level.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))\u{1B}[0m \(where_.isEmpty ? "" : where_ + "  ")\(event.message)")
    }
}
