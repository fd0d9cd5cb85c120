import Foundation
import GafferLoop
import Synchronization

/// The live line at the bottom of a terminal: which attempts are running, for how long, and how many ended.
/// Only drawn when stderr is a terminal; otherwise it stays silent (the JSON log carries the same facts).
final class ProgressBoard: Sendable {
    private struct Running: Sendable {
        let label: String
        let since: Date
        var progress: String?
    }

    private struct State: Sendable {
        var running: [String: Running] = [:]
        var finished = 0
        var drawn = false
        var stopped = false
    }

    private let state = Mutex(State())
    let enabled: Bool

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(_ progress: AttemptProgress) {
        let key = "\(progress.jobID)/\(progress.attemptID)"
        state.withLock { state in
            switch progress.phase {
            case .started: state.running[key] = Running(label: "\(progress.jobID) \(progress.stage) \(progress.attemptID)", since: Date())
            case .progress(let value, let total):
                state.running[key]?.progress = total > 0 ? "\(Int((100 * value / total).rounded()))%" : nil
            case .ended: state.running[key] = nil; state.finished += 1
            }
        }
        redraw()
    }

    /// Redraws every 250 ms so running times tick, until `stop()`.
    func start() {
        guard enabled else { return }
        let thread = Thread { [self] in
            while !state.withLock({ $0.stopped }) {
                redraw()
                Thread.sleep(forTimeInterval: 0.25)
            }
        }
        thread.start()
    }

    func stop() {
        state.withLock { $0.stopped = true }
        guard enabled else { return }
        StandardError.withLock { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }

    func printAbove(_ line: String) {
        StandardError.withLock {
            FileHandle.standardError.write(Data(((enabled ? "\r\u{1B}[2K" : "") + line + "\n").utf8))
        }
        redraw()
    }

    private func redraw() {
        guard enabled else { return }
        let line: String? = state.withLock { state in
            guard !state.stopped else { return nil }
            let now = Date()
            let items = state.running.values.sorted { $0.since < $1.since }.map {
                "\($0.label) \(String(format: "%.1fs", now.timeIntervalSince($0.since)))" + ($0.progress.map { " " + $0 } ?? "")
            }
            state.drawn = true
            return items.isEmpty
                ? "\u{1B}[2m\(state.finished) attempts done; waiting…\u{1B}[0m"
                : "\u{1B}[1m▶ \(items.count) running:\u{1B}[0m \(items.joined(separator: " · "))  \u{1B}[2m(\(state.finished) done)\u{1B}[0m"
        }
        guard let line else { return }
        StandardError.withLock { FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8)) }
    }
}
