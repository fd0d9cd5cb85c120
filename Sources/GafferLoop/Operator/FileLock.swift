import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive `flock` on a file: released by the kernel when the holder exits, even by SIGKILL, so a crash
/// never leaves a stale lock (the original's `mkdir` lock did).
public final class FileLock: Sendable {
    private let fd: Int32

    /// Waits for the lock.
    public init(path: String) throws {
        fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LoopError.busy("\(path): cannot open lock file: \(String(cString: strerror(errno)))") }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { close(fd); throw LoopError.busy("\(path): cannot lock") }
        }
    }

    /// Takes the lock only if it is free; nil when another process holds it.
    public init?(tryPath path: String) {
        fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
