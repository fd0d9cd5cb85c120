import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Renderer {
    /// Exit statuses of `gaffer engine render`.
    public enum ExitStatus {
        public static let success: Int32 = 0
        /// ffmpeg missing or failed, or the output folder is not writable.
        public static let failure: Int32 = 1
        /// The params file is unreadable, not JSON, or out of range.
        public static let badParams: Int32 = 2
        /// The `crash` fault.
        public static let crashed: Int32 = 3
    }

    /// The whole `gaffer engine render {params} {output}` command, so the CLI is a one-liner:
    /// reads the params, acts out the process-level faults, renders, and returns the exit status.
    ///
    /// - `hang_seconds`: one line on stderr, then silence for that long (no heartbeat), then a normal render.
    /// - `slow_start_seconds`: one heartbeat line on stderr per second for that long, then a normal render.
    /// - `crash`: renders under a hidden temporary name next to the output, cuts that file to half,
    ///   says so on stderr and returns 3; the output path itself is never written.
    ///
    /// Prints one summary line on stdout on success; every problem goes to stderr.
    /// Returns 0 ok, 1 render failure, 2 bad params, 3 crash fault.
    public static func runEngineCommand(paramsPath: String, output: String, ffmpeg: String = "ffmpeg") -> Int32 {
        let params: RenderParams
        do {
            params = try RenderParams.load(path: paramsPath)
        } catch {
            report("render: invalid params: \(error.message)")
            return ExitStatus.badParams
        }

        if let hang = params.hangSeconds, hang > 0 {
            report("render: hang fault: sleeping \(hang) s without output")
            Thread.sleep(forTimeInterval: hang)
        }
        if let slow = params.slowStartSeconds, slow > 0 {
            report("render: slow start: waiting \(slow) s before rendering")
            var waited = 0.0
            while waited < slow {
                let step = min(1.0, slow - waited)
                Thread.sleep(forTimeInterval: step)
                waited += step
                report("render: slow start: \(FilterNumber.fixed(waited, digits: 1)) s of \(slow) s")
            }
        }

        if params.crash {
            let target = output.absolutePath
            let folder = (target as NSString).deletingLastPathComponent
            let partial = (folder as NSString).appendingPathComponent(
                ".\((target as NSString).lastPathComponent).crash-partial")
            var safe = params
            safe.truncateFraction = nil
            do {
                let summary = try render(safe, to: partial, ffmpeg: ffmpeg)
                _ = truncate(partial, off_t(summary.bytes / 2))
                report("render: crash fault: aborting after writing \(summary.bytes / 2) of \(summary.bytes) bytes to \(partial)")
            } catch {
                report("render: crash fault: aborting (the partial render failed too: \(error))")
            }
            return ExitStatus.crashed
        }

        do {
            let summary = try render(params, to: output, ffmpeg: ffmpeg)
            var line = "render: wrote \(summary.output): \(summary.frames) frames, "
                + "\(FilterNumber.fixed(summary.durationSeconds, digits: 3)) s, \(summary.bytes) bytes, "
                + "\(summary.width)x\(summary.height)@\(summary.fps) \(summary.pattern.rawValue)"
            if !summary.faults.isEmpty { line += ", faults: \(summary.faults.joined(separator: ","))" }
            print(line)
            for note in summary.notes { report("render: note: \(note)") }
            return ExitStatus.success
        } catch {
            report("render: \(error)")
            return error.kind == .invalidParams ? ExitStatus.badParams : ExitStatus.failure
        }
    }

    /// One line on stderr, flushed at once (the runner's stall detector watches the log).
    static func report(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
