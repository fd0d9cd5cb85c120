import Foundation
import GafferEngines
import Glibc
import Testing

/// The log cap, the environment, memory and launch errors.
@Suite("Engine runner: output, environment, memory, launch")
struct RunnerOutputTests {
    @Test("100 MB of output with a 1 MiB cap: log capped with one marker, engine not blocked, exit 0")
    func floodIsCappedAndDrained() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let cap = 1 << 20
        let run = try await EngineRunner.run(
            sandbox.shell(
                "head -c 104857600 /dev/zero | tr '\\0' 'a'; echo finished >&2", timeout: .seconds(20),
                logCapBytes: cap))

        let marker = "\n[gaffer: log capped at \(cap) bytes; further output discarded]\n"
        #expect(run.exitCode == 0, "the engine did not finish normally: \(run)")
        #expect(!run.timedOut)
        #expect(run.logTruncated)
        #expect(run.logBytes == cap + marker.utf8.count)
        let size = try #require(FileManager.default.attributesOfItem(atPath: sandbox.logPath)[.size] as? Int)
        #expect(size == run.logBytes, "log file has \(size) bytes, run says \(run.logBytes)")
        let log = try Data(contentsOf: URL(fileURLWithPath: sandbox.logPath))
        #expect(log.prefix(cap).allSatisfy { $0 == UInt8(ascii: "a") })
        #expect(String(decoding: log.suffix(marker.utf8.count), as: UTF8.self) == marker)
        expectNothingSurvives(run)
    }

    @Test("the child sees exactly the given environment, never a secret of the parent's")
    func onlyTheGivenEnvironment() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        // The only setenv in the runner tests; it adds a variable, which glibc does without freeing
        // the environment array another thread may be reading.
        setenv("GAFFER_RUNNER_TEST_SECRET", "hunter2", 1)
        defer { unsetenv("GAFFER_RUNNER_TEST_SECRET") }
        let command = EngineCommand(
            argv: ["/usr/bin/env"],
            environment: ["GAFFER_STAGE": "render", "PATH": "/nonexistent"],
            workingDirectory: sandbox.path,
            logPath: sandbox.logPath)
        let run = try await EngineRunner.run(command)

        #expect(run.exitCode == 0)
        let lines = Set(try sandbox.log().split(separator: "\n").map(String.init))
        #expect(lines == ["GAFFER_STAGE=render", "PATH=/nonexistent"])
        #expect(!(try sandbox.log().contains("hunter2")))
        expectNothingSurvives(run)
    }

    @Test("argv[0] without a slash is found in the child's PATH, and arguments pass unsplit")
    func childPathLookup() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let bin = sandbox.path + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let tool = bin + "/gaffer-test-engine"
        try "#!/bin/sh\nprintf '%s|' \"$@\"\n".write(toFile: tool, atomically: true, encoding: .utf8)
        chmod(tool, 0o755)
        let command = EngineCommand(
            argv: ["gaffer-test-engine", "two words", "$HOME", "*"],
            environment: ["PATH": "\(bin):\(RunnerSandbox.systemPath)"],
            workingDirectory: sandbox.path,
            logPath: sandbox.logPath)
        let run = try await EngineRunner.run(command)

        #expect(run.exitCode == 0)
        #expect(try sandbox.log() == "two words|$HOME|*|")
        expectNothingSurvives(run)
    }

    @Test("peak RSS is measured for an engine that allocates 50 MB")
    func peakMemory() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        let command = EngineCommand(
            argv: ["python3", "-c", "x = b'x' * 50_000_000; import time; time.sleep(1.5)"],
            environment: ["PATH": RunnerSandbox.systemPath],
            workingDirectory: sandbox.path,
            logPath: sandbox.logPath,
            timeout: .seconds(10))
        let run = try await EngineRunner.run(command)

        #expect(run.exitCode == 0, "python3 failed: \((try? sandbox.log()) ?? "")")
        #expect(run.peakRSSBytes >= 40_000_000, "peak RSS \(run.peakRSSBytes) bytes")
        expectNothingSurvives(run)
    }

    @Test("peak RSS is the sum over the whole tree: two children of 30 MB each count together")
    func peakMemoryOfTheTree() async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        // Each child holds its 30 MB until both do, then 1 s more: under load one child's start-up can otherwise
        // outlast the other's whole life, and the two never overlap.
        let child = """
            import os, time
            x = b"x" * 30_000_000
            open("ready-%d" % os.getpid(), "w").close()
            start = time.time()
            while len([f for f in os.listdir(".") if f.startswith("ready-")]) < 2 and time.time() - start < 30:
                time.sleep(0.05)
            time.sleep(1.0)
            """
        try Data(child.utf8).write(to: URL(fileURLWithPath: sandbox.path + "/hold.py"))
        let run = try await EngineRunner.run(sandbox.shell("python3 hold.py & python3 hold.py & wait", timeout: .seconds(60)))

        #expect(run.exitCode == 0)
        #expect(run.peakRSSBytes >= 55_000_000, "peak RSS \(run.peakRSSBytes) bytes for two 30 MB children")
        expectNothingSurvives(run)
    }

    /// One launch that must fail, the reason it must give and a word its message must contain.
    struct LaunchFailure: Sendable, CustomTestStringConvertible {
        var name: String
        var argv: [String]
        var environment: [String: String] = ["PATH": RunnerSandbox.systemPath]
        var workingDirectory: String? = nil
        var logPath: String? = nil
        var mentions: String
        var testDescription: String { name }
    }

    static let launchFailures: [LaunchFailure] = [
        LaunchFailure(name: "executable not in the child's PATH", argv: ["gaffer-no-such-engine", "x"], mentions: "gaffer-no-such-engine"),
        LaunchFailure(name: "absolute path that does not exist", argv: ["/nonexistent/engine"], mentions: "/nonexistent/engine"),
        LaunchFailure(name: "no PATH to search", argv: ["sh"], environment: [:], mentions: "no PATH"),
        LaunchFailure(name: "not executable (relative to the working directory)", argv: ["./data.txt"], mentions: "data.txt' is not an executable"),
        LaunchFailure(name: "empty argv", argv: [], mentions: "argv is empty"),
        LaunchFailure(name: "working directory missing", argv: ["/bin/true"], workingDirectory: "/nonexistent/dir", mentions: "/nonexistent/dir"),
        LaunchFailure(name: "log not writable", argv: ["/bin/true"], logPath: "/proc/gaffer-runner.log", mentions: "/proc/gaffer-runner.log"),
    ]

    @Test("a launch that cannot happen throws EngineLaunchError naming the cause", arguments: launchFailures)
    func launchFailure(_ failure: LaunchFailure) async throws {
        let sandbox = try RunnerSandbox()
        defer { sandbox.remove() }
        try "not a program\n".write(toFile: sandbox.path + "/data.txt", atomically: false, encoding: .utf8)
        let command = EngineCommand(
            argv: failure.argv,
            environment: failure.environment,
            workingDirectory: failure.workingDirectory ?? sandbox.path,
            logPath: failure.logPath ?? sandbox.logPath)
        let error = await #expect(throws: EngineLaunchError.self) { try await EngineRunner.run(command) }
        #expect(error?.argv == failure.argv)
        #expect(error?.description.contains(failure.mentions) == true, "message: \(error?.description ?? "none")")
    }
}
