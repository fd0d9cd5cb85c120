import Foundation
import GafferContracts

extension Analyzer {
    /// Exit statuses of `gaffer engine analyze`.
    public enum ExitStatus {
        /// Metrics written — also for a corrupt video (its `integrity` is 0).
        public static let success: Int32 = 0
        /// ffmpeg/ffprobe missing, or the metrics file could not be written.
        public static let failure: Int32 = 1
        /// The arguments make an invalid `production_metrics.v1` (e.g. a bad stage name).
        public static let badArguments: Int32 = 2
    }

    /// The whole `gaffer engine analyze` command, so the CLI is a one-liner: analyzes `video` and
    /// writes a schema-checked `production_metrics.v1` (version "1.0", `ts` now, `visual_metrics`,
    /// `quality_metrics` with `integrity`) to `metricsOut`, atomically (temp file + rename).
    ///
    /// A corrupt video still gets a metrics file (integrity 0, `engine_metrics.failure_flags`
    /// `["corrupt: <reason>"]`), with the reason on stderr too, and exit 0: the corruption is a
    /// measurement for the supervisor, not a failure of the analyzer.
    /// Prints one summary line on stdout. Returns 0 written, 1 tool missing / write failure, 2 bad arguments.
    public static func runEngineCommand(
        video: String, metricsOut: String, jobID: String, attemptID: String, stage: String?,
        thumbnailsDir: String?, declared: DeclaredMedia? = nil, ffmpeg: String = "ffmpeg", ffprobe: String = "ffprobe"
    ) -> Int32 {
        let analysis: Analysis
        do {
            analysis = try analyze(
                video: video, declared: declared, ffmpeg: ffmpeg, ffprobe: ffprobe, thumbnailsDir: thumbnailsDir)
        } catch {
            report("analyze: \(error)")
            return ExitStatus.failure
        }
        let document = analysis.productionMetrics(jobID: jobID, attemptID: attemptID, stage: stage.map { StageName($0) })
        let data: Data
        do {
            data = try ContractEncoder.encode(document, as: .productionMetrics)
        } catch {
            report("analyze: cannot write production_metrics.v1: \(error)")
            return ExitStatus.badArguments
        }
        let target = metricsOut.absolutePath
        do {
            try FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: target), options: .atomic)
        } catch {
            report("analyze: cannot write \(target): \(error)")
            return ExitStatus.failure
        }
        if let corruption = analysis.corruption { report("analyze: \(analysis.video) is corrupt: \(corruption)") }
        print("analyze: wrote \(target): " + summary(analysis))
        return ExitStatus.success
    }

    /// `black_ratio=0 freeze_ratio=0.5 …`, sorted by name, for logs.
    public static func summary(_ analysis: Analysis) -> String {
        var parts = analysis.qualityMetrics.sorted { $0.key < $1.key }.map { "\($0.key)=\(format($0.value))" }
        if analysis.probe != nil { parts.append("has_audio=\(analysis.hasAudio)") }
        return parts.joined(separator: " ")
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e12 ? String(Int(value)) : String(value)
    }

    static func report(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
