import Foundation
import Glibc
import Synchronization

/// Drains an engine's output pipe into its log on a dedicated thread, up to a cap, and keeps reading
/// (and dropping) past it so the engine never blocks on a full pipe.
///
/// The blocking `poll`/`read`/`write` calls run on its own `Thread`, never on the cooperative pool;
/// the supervising task only reads ``snapshot()``.
final class OutputPump: Sendable {
    /// What the pump has done so far.
    struct Snapshot: Sendable {
        /// Every byte read from the pipe, kept or dropped.
        var bytesRead = 0
        /// Bytes written to the log, marker included.
        var logBytes = 0
        /// The cap was reached, or a write to the log failed.
        var truncated = false
        /// When output last arrived.
        var lastOutput: ContinuousClock.Instant?
        /// The pipe reached end-of-file (or the pump was stopped) and both descriptors are closed.
        var finished = false
    }

    private let readFD: Int32
    private let logFD: Int32
    private let capBytes: Int
    private let state = Mutex(Snapshot())
    private let stopRequested = Atomic<Bool>(false)
    /// Resumed when the pump finishes (end-of-file or stop), so the runner awaits it instead of polling.
    private let waiters = Mutex<[CheckedContinuation<Void, Never>]>([])

    /// Takes ownership of both descriptors; they are closed when the pump finishes.
    init(readFD: Int32, logFD: Int32, capBytes: Int) {
        self.readFD = readFD
        self.logFD = logFD
        self.capBytes = max(0, capBytes)
    }

    /// Starts the reading thread.
    func start() {
        let thread = Thread { [self] in pump() }
        thread.name = "gaffer-engine-output"
        thread.start()
    }

    func snapshot() -> Snapshot {
        state.withLock { $0 }
    }

    /// Stops reading within ~100 ms even if the pipe is still open: for when a process that escaped
    /// the session still holds its write end after the group is gone.
    func requestStop() {
        stopRequested.store(true, ordering: .relaxed)
    }

    private func pump() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var written = 0
        var writing = true
        while !stopRequested.load(ordering: .relaxed) {
            var descriptor = pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 100)
            if ready < 0, errno == EINTR { continue }
            if ready < 0 { break }
            if ready == 0 { continue }
            let count = buffer.withUnsafeMutableBytes { read(readFD, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            if count <= 0 { break }

            var addedToLog = 0
            var capped = false
            if writing {
                let keep = min(count, capBytes - written)
                let done = keep > 0 ? writeAll(buffer, count: keep) : 0
                written += done
                addedToLog += done
                if done < keep {
                    writing = false  // the log cannot be written (disk full …): drain only
                    capped = true
                } else if keep < count {
                    let marker = Array("\n[gaffer: log capped at \(capBytes) bytes; further output discarded]\n".utf8)
                    addedToLog += writeAll(marker, count: marker.count)
                    writing = false
                    capped = true
                }
            }
            let now = ContinuousClock.now
            state.withLock {
                $0.bytesRead += count
                $0.logBytes += addedToLog
                $0.truncated = $0.truncated || capped
                $0.lastOutput = now
            }
        }
        close(readFD)
        close(logFD)
        state.withLock { $0.finished = true }
        for waiter in waiters.withLock({ list in defer { list = [] }; return list }) { waiter.resume() }
    }

    /// Suspends until the pump has finished (at once if it has).
    func finished() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { snapshot in
                snapshot.finished ? true : { waiters.withLock { $0.append(continuation) }; return false }()
            }
            if done { continuation.resume() }
        }
    }

    /// Writes the first `count` bytes of `bytes`; returns how many were written (fewer on an error
    /// other than EINTR, such as a full disk).
    private func writeAll(_ bytes: [UInt8], count: Int) -> Int {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < count {
                let done = write(logFD, raw.baseAddress! + offset, count - offset)
                if done < 0, errno == EINTR { continue }
                if done <= 0 { break }
                offset += done
            }
            return offset
        }
    }
}
