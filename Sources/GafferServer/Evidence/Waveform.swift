import Foundation

/// The picture of an attempt's sound (ffmpeg `showwavespic`), drawn once beside the attempt's other evidence when an
/// audio gate failed on it, so an operator sees the silence instead of reading a ratio.
enum Waveform {
    static let name = "waveform.png"

    /// Whether a failing gate is about sound (its metric names silence, audio or loudness).
    static func isAudioGate(metric: String) -> Bool {
        ["silence", "audio", "loudness", "lufs"].contains { metric.lowercased().contains($0) }
    }

    /// Draws `<folder>/waveform.png` from `media` unless it is there; true when it exists afterwards. ffmpeg runs on
    /// its own thread (not the server's), bounded to 20 s; a clip without sound leaves no picture.
    static func ensure(media: String, folder: String, searchPath: String?) async -> Bool {
        let target = folder + "/" + name
        if FileManager.default.fileExists(atPath: target) { return true }
        guard FileManager.default.fileExists(atPath: media),
            let ffmpeg = ReadinessProbe.find("ffmpeg", in: searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "")
        else { return false }
        let temporary = folder + "/.waveform-\(UUID().uuidString).png"
        let ok: Bool = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: ffmpeg)
                process.arguments = [
                    "-nostdin", "-v", "error", "-y", "-i", media, "-filter_complex",
                    "[0:a:0]aformat=channel_layouts=mono,showwavespic=s=1280x200:colors=#1a5fb4", "-frames:v", "1", temporary,
                ]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                do { try process.run() } catch { continuation.resume(returning: false); return }
                let deadline = Date().addingTimeInterval(20)
                while process.isRunning && Date() < deadline { usleep(20_000) }
                if process.isRunning { process.terminate(); process.waitUntilExit() }
                continuation.resume(returning: process.terminationStatus == 0)
            }
        }
        guard ok, rename(temporary, target) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}
