import Glibc

/// Exit detection and reaping of the engine's direct child.
///
/// The child is left a zombie (not reaped) until its whole group is gone: while its zombie exists,
/// its pid, which is also the group id, cannot be reused, so signalling the group can never hit an
/// unrelated process.
enum ChildProcess {
    /// How the child ended.
    struct Termination: Sendable, Hashable {
        var exitCode: Int32?
        var signal: Int32?
    }

    /// Blocks the calling thread until the child exits, without reaping it (`waitid` with `WNOWAIT`): the
    /// event the watch waits for, instead of polling. Returns also when the child can no longer be waited for.
    static func awaitExit(_ pid: Int32) {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
    }

    /// Reaps the child. It has normally exited already (its group is gone), so this returns at
    /// once; if not, it is sent SIGKILL until it can be reaped. Both fields are nil if the status
    /// was lost to another reaper.
    static func reap(_ pid: Int32) async -> Termination {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result < 0, errno == EINTR { continue }
            if result == 0 {
                _ = kill(pid, SIGKILL)
                await UncancellableSleep.sleep(for: .milliseconds(10))
                continue
            }
            guard result == pid else { return Termination(exitCode: nil, signal: nil) }
            return decode(status)
        }
    }

    /// The `WIFEXITED`/`WEXITSTATUS`/`WTERMSIG` macros, which Swift does not import.
    static func decode(_ status: Int32) -> Termination {
        let low = status & 0x7f
        if low == 0 { return Termination(exitCode: (status >> 8) & 0xff, signal: nil) }
        return Termination(exitCode: nil, signal: low)
    }
}
