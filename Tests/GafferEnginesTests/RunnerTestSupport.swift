import Foundation
import GafferEngines
import Glibc
import Testing

/// A temporary folder for one runner test, with helpers to build shell-script engines.
struct RunnerSandbox {
    let path: String

    /// The PATH given to test engines: the system's tools and nothing of the test process.
    static let systemPath = "/usr/bin:/bin"

    init() throws {
        var template = Array("/tmp/gaffer-runner-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw RunnerTestFailure("mkdtemp failed: errno \(errno)")
        }
        path = String(cString: made)
    }

    var logPath: String { path + "/engine.log" }

    /// An engine that is `/bin/sh -c script` (a test's engine argv: the runner itself never uses a shell).
    func shell(
        _ script: String,
        timeout: Duration? = nil,
        stallTimeout: Duration? = nil,
        progressFile: String? = nil,
        grace: Duration = .seconds(2),
        logCapBytes: Int = EngineCommand.defaultLogCapBytes
    ) -> EngineCommand {
        EngineCommand(
            argv: ["/bin/sh", "-c", script],
            environment: ["PATH": Self.systemPath],
            workingDirectory: path,
            logPath: logPath,
            logCapBytes: logCapBytes,
            timeout: timeout,
            stallTimeout: stallTimeout,
            progressFile: progressFile,
            gracePeriod: grace
        )
    }

    /// The engine log's text.
    func log() throws -> String {
        try String(contentsOfFile: logPath, encoding: .utf8)
    }

    /// A file in the sandbox, read as text.
    func read(_ name: String) throws -> String {
        try String(contentsOfFile: path + "/" + name, encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

struct RunnerTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// An independent look at /proc (not the runner's own code): who is in a process group or session.
enum RunnerProcScan {
    struct Row: CustomStringConvertible {
        var pid: Int32
        var command: String
        var state: String
        var processGroup: Int32
        var session: Int32
        var description: String { "pid \(pid) (\(command)) state \(state) pgrp \(processGroup) sid \(session)" }
    }

    /// Every process whose field 5 (pgrp) or field 6 (session) of /proc/<pid>/stat is `id`.
    static func members(of id: Int32) -> [Row] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name -> Row? in
            guard Int32(name) != nil,
                let text = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")")
            else { return nil }
            // Fields after "(comm)": 3 state, 4 ppid, 5 pgrp, 6 session.
            let rest = text[text.index(after: close)...].split(separator: " ")
            guard rest.count >= 4, let pid = Int32(text[..<open].trimmingCharacters(in: .whitespaces)),
                let group = Int32(rest[2]), let session = Int32(rest[3])
            else { return nil }
            let row = Row(
                pid: pid, command: String(text[text.index(after: open)..<close]), state: String(rest[0]),
                processGroup: group, session: session)
            return group == id || session == id ? row : nil
        }
    }

    /// Members that are still running. Zombies are left out: they have exited and only wait to be
    /// reaped; on this machine PID 1 reaps adopted orphans late (seconds), so killed grandchildren
    /// can linger as zombies for a while.
    static func survivors(of id: Int32) -> [Row] {
        members(of: id).filter { $0.state != "Z" && $0.state != "X" }
    }

    /// Whether `pid` is running (present in /proc and not a zombie).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return false }
        let state = text[text.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }
}

/// The check every runner test ends with: nothing of the engine's group or session is running.
func expectNothingSurvives(_ run: EngineRun, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(
        !EngineRunner.isGroupAlive(run.processGroup),
        "EngineRunner.isGroupAlive(\(run.processGroup)) is still true after the run", sourceLocation: sourceLocation)
    let left = RunnerProcScan.survivors(of: run.processGroup)
    #expect(
        left.isEmpty, "processes of group/session \(run.processGroup) survived the run: \(left)",
        sourceLocation: sourceLocation)
}

/// Delivers the pid/pgid that `onStart` reports to a test waiting for it.
final class RunnerStartSignal: Sendable {
    let stream: AsyncStream<Int32>
    private let continuation: AsyncStream<Int32>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
    }

    var onStart: @Sendable (Int32, Int32) async -> Void {
        { [continuation] _, group in continuation.yield(group) }
    }

    /// The process group of the started engine.
    func started() async throws -> Int32 {
        for await group in stream { return group }
        throw RunnerTestFailure("the engine never reported its start")
    }
}
