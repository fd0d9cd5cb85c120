import Glibc

/// Runs engines (unreliable subprocesses that hang, fork, crash, flood their output or ignore
/// SIGTERM) and guarantees that nothing of one outlives its run (SPEC §6.4).
///
/// Each engine leads its own session and process group. On timeout, stall or cancellation of the
/// calling task the whole group gets SIGTERM, then SIGKILL after the grace period; after a normal
/// exit, whatever it left running in the background is stopped the same way. `run` returns only
/// when no process of the group or session is left.
public enum EngineRunner {
    /// Starts `command`, supervises it to the end and reports what happened.
    ///
    /// Cancelling the calling task is graceful shutdown: the engine is stopped (TERM, grace, KILL),
    /// the result has `interrupted == true`, and the call still returns normally.
    ///
    /// - Parameters:
    ///   - command: what to run and its limits.
    ///   - onStart: called right after the spawn with the child's pid and process group, so the caller can
    ///     record them durably for crash recovery (``terminateGroup(_:grace:)``). It runs beside the
    ///     supervision, not before it: a record that is slow or hangs (a store that went away) must not leave
    ///     the engine unwatched — its timeout, stall and cancellation hold meanwhile. `run` returns after it.
    /// - Throws: ``EngineLaunchError`` when the engine could not be started; nothing is running then.
    public static func run(
        _ command: EngineCommand,
        onStart: @escaping @Sendable (_ pid: Int32, _ processGroup: Int32) async -> Void = { _, _ in }
    ) async throws(EngineLaunchError) -> EngineRun {
        guard ProcessTable.isAvailable else { throw EngineLaunchError(argv: command.argv, reason: .procUnavailable) }
        let executable = try ProcessSpawner.preflight(command)
        let logFD = try ProcessSpawner.openLog(command)
        let child: SpawnedProcess
        do {
            child = try await spawn(command, executable: executable)
        } catch {
            close(logFD)
            throw error
        }
        let clock = ContinuousClock()
        let started = clock.now
        let pump = OutputPump(readFD: child.outputFD, logFD: logFD, capBytes: command.logCapBytes)
        pump.start()
        async let recorded: Void = onStart(child.pid, child.pid)

        let watch = EngineWatch(pid: child.pid, command: command, pump: pump, started: started)
        let verdict = await watch.watch()
        let exitedAt = clock.now
        watch.memory.stop()

        // After a normal exit this stops only leftovers; the child stays an unreaped zombie until
        // then, so its pid (the group id) cannot be reused while the group is signalled.
        _ = await ProcessGroupKiller.terminate(
            child.pid, grace: command.gracePeriod, floor: PIDFloor.forDescendants(of: child.pid, elapsed: started.duration(to: clock.now)))
        let termination = await ChildProcess.reap(child.pid)
        let endedAt = verdict == .exited ? exitedAt : clock.now
        let output = await finish(pump)
        await recorded

        return EngineRun(
            pid: child.pid,
            processGroup: child.pid,
            exitCode: termination.exitCode,
            signal: termination.signal,
            timedOut: verdict == .timedOut,
            stalled: verdict == .stalled,
            interrupted: verdict == .interrupted,
            wallSeconds: started.duration(to: endedAt).inSeconds,
            peakRSSBytes: watch.memory.peakBytes,
            logBytes: output.logBytes,
            logTruncated: output.truncated
        )
    }

    /// Crash recovery: stops a process group recorded by an earlier Gaffer (SIGTERM, `grace`, then
    /// SIGKILL until nothing of the group or session runs).
    ///
    /// Safe on a group that is dead or unknown. Refuses (returns false) for ids ≤ 1 and for Gaffer's
    /// own group and session.
    /// - Returns: whether any process of the group was alive.
    public static func terminateGroup(_ processGroup: Int32, grace: Duration) async -> Bool {
        await ProcessGroupKiller.terminate(processGroup, grace: grace)
    }

    /// Crash recovery when no process group was recorded (Gaffer died between the spawn and the record): the groups
    /// of live processes whose environment holds `name=value` — an engine's `GAFFER_ATTEMPT_DIR` names one attempt
    /// of one sandbox. Gaffer's own group is never among those the killer acts on.
    public static func processGroups(withEnvironment name: String, equalTo value: String) -> [Int32] {
        ProcessTable.groups(withEnvironmentEntry: "\(name)=\(value)").filter { $0 > 1 }.sorted()
    }

    /// Whether any process of group (or session) `processGroup` is still running. Exited processes
    /// not yet reaped by their parent (zombies) do not count.
    public static func isGroupAlive(_ processGroup: Int32) -> Bool {
        ProcessGroupKiller.isAlive(processGroup)
    }

    /// Spawns, retrying a few times on `ETXTBSY`: an executable that was just written can still be
    /// open for writing in a child that another thread is forking at that moment (until that child
    /// reaches its exec), which makes the exec fail although nothing is wrong with the file.
    private static func spawn(_ command: EngineCommand, executable: String) async throws(EngineLaunchError)
        -> SpawnedProcess
    {
        var attempt = 1
        while true {
            do {
                return try ProcessSpawner.spawn(command, executable: executable)
            } catch {
                guard case .spawnFailed(_, ETXTBSY) = error.reason, attempt < 5 else { throw error }
                attempt += 1
                await UncancellableSleep.sleep(for: .milliseconds(20))
            }
        }
    }

    /// Waits for the pump to reach end-of-file, which comes as soon as the last process holding the
    /// pipe is gone. A process that escaped the session could hold it forever, so after 2 s the pump
    /// is told to stop.
    private static func finish(_ pump: OutputPump) async -> OutputPump.Snapshot {
        if pump.snapshot().finished { return pump.snapshot() }
        let stopper = Task.detached {
            await UncancellableSleep.sleep(for: .seconds(2))
            pump.requestStop()
        }
        await pump.finished()
        stopper.cancel()
        return pump.snapshot()
    }
}
