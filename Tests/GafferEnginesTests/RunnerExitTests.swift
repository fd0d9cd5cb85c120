import Foundation
import GafferEngines
import Glibc
import Testing

/// How an engine that ends on its own is reported.
@Suite("Engine runner: exits")
struct RunnerExitTests {
    @Test("exit 0: stdout and stderr land in one log, in order, and the child ran in the working directory")
    func exitZeroCapturesOutput() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let run = try await EngineRunner.run(sandbox.shell("echo to-stdout; echo to-stderr >&2; pwd"))

        #expect(run.exitCode == 0)
        #expect(run.signal == nil)
        #expect(!run.timedOut && !run.stalled && !run.interrupted)
        #expect(run.pid == run.processGroup)
        let log = try sandbox.log()
        #expect(log == "to-stdout\nto-stderr\n\(sandbox.path)\n", "log was: \(log)")
        #expect(run.logBytes == log.utf8.count)
        #expect(!run.logTruncated)
        #expect(run.outcome.exitCode == 0 && run.outcome.signal == nil && !run.outcome.timedOut)
        #expect(run.outcome.missingOutputs.isEmpty && run.outcome.corruption == nil)
        expectNothingSurvives(run)
    }

    @Test("a non-zero exit status is reported as such")
    func nonZeroExit() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let run = try await EngineRunner.run(sandbox.shell("echo failing; exit 3"))

        #expect(run.exitCode == 3)
        #expect(run.signal == nil)
        #expect(run.outcome.exitCode == 3)
        #expect(!run.timedOut && !run.stalled)
        expectNothingSurvives(run)
    }

    @Test("a crash is reported as the signal that ended the engine")
    func crashIsASignal() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let run = try await EngineRunner.run(sandbox.shell("ulimit -c 0; kill -SEGV $$"))

        #expect(run.signal == SIGSEGV)
        #expect(run.exitCode == nil)
        #expect(run.outcome.signal == 11 && run.outcome.exitCode == nil)
        #expect(!run.timedOut && !run.stalled && !run.interrupted)
        expectNothingSurvives(run)
    }

    @Test("a background process left behind after a normal exit is stopped before run returns")
    func leftoversAreStoppedAfterExit() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let run = try await EngineRunner.run(sandbox.shell("sleep 1000 & echo $! > bg.pid; echo done"))

        #expect(run.exitCode == 0)
        let leftover = try #require(Int32(sandbox.read("bg.pid").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!RunnerProcScan.isRunning(leftover), "background sleep \(leftover) still runs")
        #expect(run.wallSeconds < 60, "the normal exit took \(run.wallSeconds) s to report")
        expectNothingSurvives(run)
    }

    @Test("stdin is /dev/null: a program reading it ends at once instead of waiting")
    func stdinIsEmpty() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let run = try await EngineRunner.run(sandbox.shell("cat; echo read-all-of-stdin", timeout: .seconds(5)))

        #expect(run.exitCode == 0)
        #expect(!run.timedOut)
        #expect(try sandbox.log() == "read-all-of-stdin\n")
        expectNothingSurvives(run)
    }

    @Test("a descriptor the parent opened without close-on-exec is not inherited by the engine")
    func noDescriptorLeaks() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let leaked = open("/dev/null", O_RDONLY)  // deliberately without O_CLOEXEC
        try #require(leaked > 2)
        defer { close(leaked) }
        let run = try await EngineRunner.run(sandbox.shell("ls /proc/$$/fd"))

        let descriptors = Set(try sandbox.log().split(separator: "\n").compactMap { Int32($0) })
        #expect(descriptors.isSuperset(of: [0, 1, 2]))
        #expect(!descriptors.contains(leaked), "the engine inherited fd \(leaked): \(descriptors.sorted())")
        expectNothingSurvives(run)
    }
}
