import Foundation
import GafferContracts
import GafferStore
import Synchronization

/// A running attempt's own progress (a remote engine's `progress {value, max}`), in `progress.json` of the attempt
/// folder: written by the loop as the engine reports it, read by `gaffer status`.
public enum ProgressFile {
    public static let name = "progress.json"

    public struct Reading: Sendable, Hashable {
        public var value: Double
        public var total: Double
        public var at: String
        public var percent: Int { total > 0 ? Int((100 * value / total).rounded()) : 0 }
    }

    public static func read(attemptFolder: String) -> Reading? {
        guard let data = FileManager.default.contents(atPath: attemptFolder + "/" + name), let value = try? JSONParser.parse(data),
              let done = value["value"]?.doubleValue, let total = value["max"]?.doubleValue
        else { return nil }
        return Reading(value: done, total: total, at: value["at"]?.stringValue ?? "")
    }

    /// Writes at most every `interval` (the last report of a run of them is written when its successor comes, or
    /// not at all: progress is a hint, never a record).
    final class Writer: Sendable {
        let path: String
        let interval: TimeInterval
        private let lastWrite = Mutex<Date?>(nil)

        init(attemptFolder: String, interval: TimeInterval = 0.5) {
            path = attemptFolder + "/" + ProgressFile.name
            self.interval = interval
        }

        func report(_ value: Double, _ total: Double) {
            let now = Date()
            let due = lastWrite.withLock { last -> Bool in
                let finished = total > 0 && value + 1 >= total
                guard finished || last.map({ now.timeIntervalSince($0) >= interval }) ?? true else { return false }
                last = now
                return true
            }
            guard due else { return }
            let document: JSONValue = ["value": .number(value), "max": .number(total), "at": .string(Timestamp.format(now))]
            try? AtomicFile.write(document.serialized(pretty: false), to: path, durable: false)
        }
    }
}
