import Foundation

/// The last lines of a log file, read from its last 64 KiB (a log of gigabytes is not read whole): what an
/// escalation and the job page show of an engine's log.
public enum LogTail {
    public static func read(_ path: String, lines: Int = 40) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > 65_536 ? size - 65_536 : 0
        try? handle.seek(toOffset: start)
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        var all = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while all.last?.isEmpty == true { all.removeLast() }
        return Array(all.suffix(lines))
    }
}
