import Glibc

/// Signals, watches and kills a whole process group and session, never the caller's own.
///
/// An engine leads its own session, so its group id and session id are both its pid. Descendants
/// that moved to another process group of that session (a shell's job control, `setpgid`) are
/// still found through the session id and signalled one by one.
enum ProcessGroupKiller {
    /// Whether any process of group or session `id` is still running. Exited-but-unreaped
    /// processes (zombies) do not count: they run nothing and hold no memory, and orphans re-parented
    /// to PID 1 may stay zombies for seconds, during which `kill(-id, 0)` still succeeds.
    /// With `floor`, processes below that pid are not looked at (see `PIDFloor`).
    static func isAlive(_ id: Int32, floor: Int32? = nil) -> Bool {
        guard isTargetable(id) else { return false }
        if ProcessTable.isAvailable { return !ProcessTable.liveMembers(of: id, floor: floor).isEmpty }
        return kill(-id, 0) == 0 || errno == EPERM
    }

    /// Sends `signal` to group `id` and to every other live process of session `id`.
    static func signal(_ id: Int32, _ signal: Int32) {
        guard isTargetable(id) else { return }
        _ = kill(-id, signal)
        for entry in ProcessTable.entries()
        where entry.session == id && entry.processGroup != id && !entry.hasExited {
            _ = kill(entry.pid, signal)
        }
    }

    /// SIGTERM (and SIGCONT, so stopped processes can act on it), up to `grace` for everything to
    /// exit, then SIGKILL until nothing is left. Returns whether anything was alive at the start. `floor` bounds only
    /// that first look (a leader that has just exited, young enough for `PIDFloor`); once anything is found, every
    /// look reads the whole table.
    static func terminate(_ id: Int32, grace: Duration, floor: Int32? = nil) async -> Bool {
        guard isAlive(id, floor: floor) else { return false }
        signal(id, SIGTERM)
        signal(id, SIGCONT)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: grace)
        while clock.now < deadline {
            if !isAlive(id) { return true }
            await UncancellableSleep.sleep(for: min(.milliseconds(20), clock.now.duration(to: deadline)))
        }
        await killUntilGone(id)
        return true
    }

    /// SIGKILL, repeated with a growing pause (5 ms up to 500 ms), until no process of the group or
    /// session runs. A process in uninterruptible sleep dies only when the kernel lets it, so this
    /// waits for as long as that takes: returning earlier would leave it behind. (Without /proc,
    /// where zombies cannot be told from the living, it gives up after 10 s.)
    static func killUntilGone(_ id: Int32) async {
        let clock = ContinuousClock()
        let giveUp = ProcessTable.isAvailable ? nil : clock.now.advanced(by: .seconds(10))
        var pause = Duration.milliseconds(5)
        while isAlive(id) {
            if let giveUp, clock.now >= giveUp { return }
            signal(id, SIGKILL)
            await UncancellableSleep.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(500))
        }
    }

    /// Never pgid 0 or 1 or a negative id (`kill` would widen them to "everyone"), and never
    /// Gaffer's own group or session.
    private static func isTargetable(_ id: Int32) -> Bool {
        id > 1 && id != getpgrp() && id != getsid(0)
    }
}
