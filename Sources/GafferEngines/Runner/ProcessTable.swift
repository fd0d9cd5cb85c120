import Glibc

/// One row of /proc/<pid>/stat: the fields the runner needs.
struct ProcessEntry: Sendable, Hashable {
    var pid: Int32
    /// The one-letter state (`R`, `S`, `D`, `Z`, …).
    var state: UInt8
    var processGroup: Int32
    var session: Int32

    /// A zombie (or a process being torn down) has exited: it holds a pid, no memory, and runs nothing.
    /// Orphans are re-parented to PID 1, which may reap them late (seconds here), so they linger.
    var hasExited: Bool { state == UInt8(ascii: "Z") || state == UInt8(ascii: "X") }
}

/// Reads the kernel's process table from /proc, with plain syscalls (cheap enough to run ten times
/// a second per engine).
enum ProcessTable {
    /// Whether /proc is mounted and readable; without it the runner falls back to `kill(-pgid, 0)`.
    static var isAvailable: Bool { access("/proc/self/stat", R_OK) == 0 }

    /// Every process currently visible; with `from`, only those whose pid is at least that (the others' rows are
    /// not read: see `PIDFloor`).
    static func entries(from floor: Int32? = nil) -> [ProcessEntry] {
        guard let dir = opendir("/proc") else { return [] }
        defer { closedir(dir) }
        var result: [ProcessEntry] = []
        while let item = readdir(dir) {
            let pid: Int32? = withUnsafeBytes(of: item.pointee.d_name) { raw in
                var value: Int32 = 0
                var digits = 0
                for byte in raw {
                    if byte == 0 { break }
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 9 else { return nil }
                    value = value * 10 + Int32(byte - UInt8(ascii: "0"))
                    digits += 1
                }
                return digits > 0 ? value : nil
            }
            if let pid, pid >= (floor ?? 0), let entry = entry(pid: pid) { result.append(entry) }
        }
        return result
    }

    /// Processes that have not exited and belong to the process group or the session `id`.
    static func liveMembers(of id: Int32, floor: Int32? = nil) -> [ProcessEntry] {
        entries(from: floor).filter { ($0.processGroup == id || $0.session == id) && !$0.hasExited }
    }

    /// The stat row of `pid`, or nil when it is gone.
    static func entry(pid: Int32) -> ProcessEntry? {
        guard let bytes = readSmallFile("/proc/\(pid)/stat") else { return nil }
        return parseStat(bytes)
    }

    /// Parses `pid (comm) state ppid pgrp session …`. `comm` may hold spaces and parentheses, so
    /// fields are counted from the last `)`.
    static func parseStat(_ bytes: [UInt8]) -> ProcessEntry? {
        guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let head = bytes[..<close].prefix { $0 != UInt8(ascii: " ") }
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "), maxSplits: 5)
        guard fields.count >= 4,
            let pid = Int32(String(decoding: head, as: UTF8.self)),
            let state = fields[0].first,
            let group = Int32(String(decoding: fields[2], as: UTF8.self)),
            let session = Int32(String(decoding: fields[3], as: UTF8.self))
        else { return nil }
        return ProcessEntry(pid: pid, state: state, processGroup: group, session: session)
    }

    /// The process groups of live processes whose environment holds `entry` (`NAME=value`), own group excluded by
    /// the caller's killer. How a restarted Gaffer finds an engine it started but died before recording.
    static func groups(withEnvironmentEntry entry: String) -> Set<Int32> {
        let needle = Array(entry.utf8)
        var groups: Set<Int32> = []
        for process in entries() where !process.hasExited && !groups.contains(process.processGroup) {
            guard let environment = readFile("/proc/\(process.pid)/environ", limit: 1 << 20) else { continue }
            if environment.split(separator: 0).contains(where: { $0.elementsEqual(needle) }) { groups.insert(process.processGroup) }
        }
        return groups
    }

    /// The most recently allocated pid (the last field of /proc/loadavg), in this /proc's pid namespace.
    static func lastAllocatedPID() -> Int32? {
        guard let bytes = readSmallFile("/proc/loadavg"),
              let field = bytes.split(separator: UInt8(ascii: " ")).last
        else { return nil }
        return Int32(String(decoding: field.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }, as: UTF8.self))
    }

    /// The size of the pid space: allocation wraps to the bottom past it.
    static let pidMax: Int32? = {
        guard let bytes = readSmallFile("/proc/sys/kernel/pid_max") else { return nil }
        return Int32(String(decoding: bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }, as: UTF8.self))
    }()

    /// Resident memory of `pid` in bytes (field 2 of /proc/<pid>/statm, the same counter as VmRSS).
    static func residentBytes(pid: Int32) -> UInt64? {
        guard let bytes = readSmallFile("/proc/\(pid)/statm") else { return nil }
        let fields = bytes.split(separator: UInt8(ascii: " "), maxSplits: 2)
        guard fields.count >= 2, let pages = UInt64(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages * pageSize
    }

    private static let pageSize: UInt64 = {
        let size = sysconf(Int32(_SC_PAGESIZE))
        return size > 0 ? UInt64(size) : 4096
    }()

    /// Up to `limit` bytes of a /proc file that may be long (an environment), read until its end.
    private static func readFile(_ path: String, limit: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while result.count < limit {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            result += buffer[..<count]
        }
        return result
    }

    /// Up to 4 KiB of a /proc file, read with one `read` (these files are generated whole).
    private static func readSmallFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return Array(buffer[..<count])
    }
}
