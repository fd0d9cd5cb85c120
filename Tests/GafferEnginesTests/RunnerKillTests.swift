import Foundation
import GafferEngines
import Glibc
import Synchronization
import Testing

/// Engines the runner must stop: hung, forking, deaf to SIGTERM, silent, or no longer wanted.
@Suite("Engine runner: killing")
struct RunnerKillTests {
    @Test("a hang past the timeout is timed out and killed, soon after the timeout")
    func timeout() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let run = try await EngineRunner.run(sandbox.shell("sleep 1000", timeout: .milliseconds(500), grace: .seconds(5)))

        #expect(run.timedOut)
        #expect(!run.stalled && !run.interrupted)
        #expect(run.signal == SIGTERM)
        #expect(run.outcome.timedOut)
        // Well under the 5 s grace: the engine died of SIGTERM, nobody waited for the grace period.
        #expect(run.wallSeconds >= 0.5 && run.wallSeconds < 60, "wall \(run.wallSeconds) s for a 0.5 s timeout (the engine would sleep 1000 s)")
        expectNothingSurvives(run)
    }

    @Test("a record of the start that hangs does not leave the engine unwatched: its timeout holds meanwhile")
    func slowStartRecord() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let aliveWhileRecording = Mutex<Bool?>(nil)
        let started = ContinuousClock.now
        let run = try await EngineRunner.run(sandbox.shell("sleep 1000", timeout: .milliseconds(300))) { _, group in
            // A store that takes 1.5 s to answer (it went away): the engine's 0.3 s timeout must not wait for it.
            try? await Task.sleep(for: .milliseconds(1500))
            aliveWhileRecording.withLock { $0 = EngineRunner.isGroupAlive(group) }
        }
        #expect(run.timedOut)
        #expect(aliveWhileRecording.withLock { $0 } == false, "the engine was still running when its start was recorded")
        #expect(started.duration(to: .now) >= .milliseconds(1500), "run returns only once the record is done")
        expectNothingSurvives(run)
    }

    @Test("a grandchild dies with the group (sleep 1000 & sleep 1001; wait)")
    func grandchildren() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let run = try await EngineRunner.run(
            sandbox.shell("sleep 1000 & echo $! > bg.pid; sleep 1001; wait", timeout: .milliseconds(500)))

        #expect(run.timedOut)
        let grandchild = try #require(Int32(sandbox.read("bg.pid").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!RunnerProcScan.isRunning(grandchild), "grandchild sleep \(grandchild) still runs")
        expectNothingSurvives(run)
    }

    @Test("a group that ignores SIGTERM gets SIGKILL after the grace period")
    func ignoresTerm() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let run = try await EngineRunner.run(
            sandbox.shell(
                "trap '' TERM; sleep 1000 & sleep 1001; wait", timeout: .milliseconds(300), grace: .milliseconds(500)))

        #expect(run.timedOut)
        #expect(run.signal == SIGKILL)
        #expect(run.wallSeconds >= 0.8 && run.wallSeconds < 60, "wall \(run.wallSeconds) s for 0.3 s + 0.5 s grace")
        expectNothingSurvives(run)
    }

    @Test("output then silence is a stall, not a timeout")
    func stall() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let run = try await EngineRunner.run(
            sandbox.shell(
                "echo started; sleep 1000", timeout: .seconds(10), stallTimeout: .milliseconds(500), grace: .seconds(5)))

        #expect(run.stalled)
        #expect(!run.timedOut)
        #expect(run.outcome.stalled && !run.outcome.timedOut)
        #expect(run.wallSeconds >= 0.5 && run.wallSeconds < 60, "wall \(run.wallSeconds) s for a 0.5 s stall timeout")
        #expect(try sandbox.log() == "started\n")
        expectNothingSurvives(run)
    }

    @Test("a growing progress file keeps a silent engine from stalling")
    func progressFileIsAHeartbeat() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        // Silent on stdout for 4 s, longer than the 2 s stall timeout, while progress.txt grows every 0.1 s. (The
        // margin is wide: with the whole suite loading both cores, a 0.1 s sleep has been seen to take a second.)
        let script = "i=0; while [ $i -lt 40 ]; do echo x >> progress.txt; sleep 0.1; i=$((i+1)); done"
        let run = try await EngineRunner.run(
            sandbox.shell(script, timeout: .seconds(60), stallTimeout: .seconds(2), progressFile: "progress.txt"))

        #expect(run.exitCode == 0)
        #expect(!run.stalled, "stalled although progress.txt grew every 0.1 s")
        #expect(run.wallSeconds > 2.0, "the engine ran \(run.wallSeconds) s: longer than the stall timeout")
        #expect(run.logBytes == 0)
        expectNothingSurvives(run)
    }

    @Test("cancelling the calling task interrupts the engine and kills its group")
    func cancellation() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let start = RunnerStartSignal()
        let command = sandbox.shell("sleep 1000 & sleep 1001; wait", timeout: .seconds(20), grace: .seconds(5))
        let task = Task { try await EngineRunner.run(command, onStart: start.onStart) }
        let group = try await start.started()
        try await Task.sleep(for: .milliseconds(300))
        #expect(EngineRunner.isGroupAlive(group))
        task.cancel()
        let run = try await task.value

        #expect(run.interrupted)
        #expect(!run.timedOut && !run.stalled)
        #expect(run.processGroup == group)
        #expect(run.wallSeconds < 60, "graceful stop took \(run.wallSeconds) s (grace 5 s: SIGTERM should suffice)")
        expectNothingSurvives(run)
    }

    @Test("terminateGroup stops a recorded group (crash recovery) and is a no-op on a dead one")
    func terminateGroup() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let start = RunnerStartSignal()
        let command = sandbox.shell("trap '' TERM; sleep 1000 & sleep 1001; wait", timeout: .seconds(20))
        let task = Task { try await EngineRunner.run(command, onStart: start.onStart) }
        let group = try await start.started()
        try await Task.sleep(for: .milliseconds(200))

        #expect(await EngineRunner.terminateGroup(group, grace: .milliseconds(300)))
        #expect(!EngineRunner.isGroupAlive(group))
        let run = try await task.value
        #expect(run.signal == SIGKILL)
        #expect(!run.timedOut && !run.stalled && !run.interrupted)
        expectNothingSurvives(run)

        #expect(await EngineRunner.terminateGroup(group, grace: .milliseconds(300)) == false)
        #expect(await EngineRunner.terminateGroup(4_000_000, grace: .milliseconds(300)) == false)
        #expect(!EngineRunner.isGroupAlive(4_000_000))
    }

    @Test("a descendant that moved to another process group of the session is killed too")
    func otherGroupOfTheSession() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let mover = "python3 -c 'import os, time; os.setpgid(0, 0); open(\"moved.pid\", \"w\").write(str(os.getpid())); time.sleep(1000)'"
        let run = try await EngineRunner.run(
            sandbox.shell("\(mover) & sleep 1001; wait", timeout: .seconds(1), grace: .seconds(5)))

        #expect(run.timedOut)
        let moved = try #require(Int32(sandbox.read("moved.pid")))
        #expect(!RunnerProcScan.isRunning(moved), "the process that left the group (\(moved)) still runs")
        #expect(run.wallSeconds < 60, "wall \(run.wallSeconds) s: SIGTERM (not the 5 s grace) should have reached the moved process")
        expectNothingSurvives(run)
    }

    @Test("a process that leaves the session (setsid) cannot hold run open through the inherited pipe")
    func escapedProcessDoesNotBlockRun() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let run = try await EngineRunner.run(
            sandbox.shell("setsid sh -c 'echo $$ > escaped.pid; exec sleep 1000' & sleep 0.2; echo main-done"))
        defer {
            // Beyond the runner's reach by design (a new session); the test cleans up after itself.
            if let escaped = try? Int32(sandbox.read("escaped.pid").trimmingCharacters(in: .whitespacesAndNewlines)) {
                kill(escaped, SIGKILL)
            }
        }

        #expect(run.exitCode == 0)
        #expect(try sandbox.log().contains("main-done"))
        expectNothingSurvives(run)
    }
}
