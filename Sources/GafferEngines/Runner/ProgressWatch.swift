import Glibc

/// Notices when an engine's progress file appears, grows, shrinks or is touched: a heartbeat for
/// engines that work silently.
struct ProgressWatch {
    private struct Observation: Equatable {
        var size: Int
        var modifiedSeconds: Int
        var modifiedNanoseconds: Int
    }

    private let path: String?
    private var last: Observation?

    /// Records the file's state now (absent is a state too), so only later changes count.
    init(path: String?) {
        self.path = path
        self.last = path.flatMap(Self.observe)
    }

    /// Whether the file changed since the previous call.
    mutating func changed() -> Bool {
        guard let path else { return false }
        let now = Self.observe(path)
        defer { last = now }
        return now != last
    }

    private static func observe(_ path: String) -> Observation? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Observation(
            size: Int(info.st_size),
            modifiedSeconds: Int(info.st_mtim.tv_sec),
            modifiedNanoseconds: Int(info.st_mtim.tv_nsec)
        )
    }
}
