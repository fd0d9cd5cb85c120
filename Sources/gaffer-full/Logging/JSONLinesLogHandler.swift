import GafferContracts
import Foundation
import GafferLoop
import Logging
import Synchronization

/// One JSON object per line on stderr, for log collectors: `ts`, `level`, `msg`, `component`, and the job's
/// fields (`job_id`, `stage`, `attempt_id`, `run_id`) plus any other metadata. Used when stderr is not a terminal.
struct JSONLinesLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    let label: String

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [String: JSONValue] = [
            "ts": .string(Timestamp.now()), "level": .string(event.level.rawValue), "msg": .string("\(event.message)"),
        ]
        if metadata["component"] == nil { fields["component"] = .string(label) }
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) {
            fields[key] = Self.plain(value)
        }
        // The project's own writer (sorted keys, one line): a fraction of JSONSerialization's cost per line.
        var line = JSONValue.object(fields).serialized(pretty: false)
        line.append(0x0A)
        StandardError.write(line)
    }

    static func plain(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let values): .array(values.map(plain))
        case .dictionary(let values): .object(values.mapValues(plain))
        }
    }
}

/// Serialises writes to stderr so log lines and the progress line never interleave mid-line.
enum StandardError {
    private static let lock = Mutex(())

    static func write(_ data: Data) {
        lock.withLock { _ in FileHandle.standardError.write(data) }
    }

    static func withLock<T>(_ body: () -> T) -> T {
        lock.withLock { _ in body() }
    }

    static var isTerminal: Bool { isatty(FileHandle.standardError.fileDescriptor) == 1 }
}
