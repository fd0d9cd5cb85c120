import Foundation
import GafferContracts
import GafferStore

/// What `/readyz` checks: the store answers, the sandbox takes a new file, and the engines' tools are on `PATH`.
///
/// Each failing check is named in words an operator can act on; none stops the others from running.
struct ReadinessProbe: Sendable {
    /// The tools the built-in engines run.
    static let requiredTools = ["ffmpeg", "ffprobe"]

    let store: any JobStore
    let sandbox: String
    /// The `PATH` to search; nil means this process's.
    let searchPath: String?

    /// The failing checks, in a fixed order; empty when ready.
    func failures() async -> [String] {
        var failing: [String] = []
        if let problem = await storeProblem() { failing.append(problem) }
        if let problem = sandboxProblem() { failing.append(problem) }
        let path = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? ""
        for tool in Self.requiredTools where Self.find(tool, in: path) == nil {
            failing.append("\(tool) not found on PATH")
        }
        return failing
    }

    /// What an operator should know that does not make the server unready: live workers whose advisor circuit is
    /// open (they decide without their advisor until the cool-down ends).
    func details(now: Date = Date()) async -> [String] {
        let store = self.store
        guard let workers = try? await firstWithin(.seconds(2), what: "the readiness probe's worker list", { try await store.workers() }) else {
            return []  // the store check above reports a store that does not answer
        }
        let stamp = Timestamp.format(now)
        return workers.filter { $0.advisorCircuitIsOpen(at: stamp) }.map {
            "advisor circuit open on worker \($0.workerID) until \($0.advisorCircuitOpenUntil ?? "?"): it decides without asking its advisor"
        }
    }

    /// A primary-key lookup (proves the store opens and answers without reading every job), given 2 s: a database
    /// that went away must make the probe answer 503 now, not when the connection pool gives up.
    func storeProblem() async -> String? {
        let store = self.store
        do {
            _ = try await firstWithin(.seconds(2), what: "the readiness probe") { try await store.job("readyz-probe") }
            return nil
        } catch {
            return "store not reachable: \(error)"
        }
    }

    /// Creates and removes a file in the sandbox; nil when that worked.
    func sandboxProblem() -> String? {
        let probe = sandbox + "/.gaffer-readyz-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(probe, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard fd >= 0 else { return "sandbox \(sandbox) not writable: \(String(cString: strerror(errno)))" }
        close(fd)
        guard unlink(probe) == 0 else {
            return "sandbox \(sandbox): cannot remove \(probe): \(String(cString: strerror(errno)))"
        }
        return nil
    }

    /// The first executable regular file named `tool` in the `:`-separated `path`.
    static func find(_ tool: String, in path: String) -> String? {
        for folder in path.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = String(folder) + "/" + tool
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }
}
