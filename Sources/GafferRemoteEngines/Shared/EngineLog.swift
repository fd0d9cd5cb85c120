import Foundation
import Synchronization

/// The attempt's engine log for a remote engine: one line per exchange with the server, with the seconds since
/// the attempt began, appended as it happens (the evidence an escalation quotes).
final class EngineLog: Sendable {
    private let handle: Mutex<FileHandle?>
    private let started = Date()
    /// The engine's name at the head of each line (`comfyui`, `http_job`).
    let engine: String

    init(path: String, engine: String) {
        self.engine = engine
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        handle = Mutex(FileHandle(forWritingAtPath: path))
    }

    func line(_ text: String) {
        let stamp = String(format: "%7.3f", Date().timeIntervalSince(started))
        let data = Data("[\(stamp)] \(engine): \(text)\n".utf8)
        handle.withLock { handle in
            _ = try? handle?.seekToEnd()
            try? handle?.write(contentsOf: data)
        }
    }

    deinit {
        handle.withLock { try? $0?.close() }
    }
}
