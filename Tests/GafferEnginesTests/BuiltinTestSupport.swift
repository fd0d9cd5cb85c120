import Foundation
import GafferContracts
import GafferEngines
import GafferQC

/// A fresh folder under the temp directory for one test, removed when the value goes away.
final class BuiltinTempFolder: Sendable {
    let root: String

    init(_ label: String) throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("gaffer-builtin-\(label)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        root = url.path
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ name: String) -> String { (root as NSString).appendingPathComponent(name) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let target = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
        return target
    }
}

/// Small clips keep the suite fast: 320×180 at 24 fps.
enum BuiltinClips {
    static func params(
        duration: Double = 4, seed: Int = 1, configure: (inout RenderParams) -> Void = { _ in }
    ) -> RenderParams {
        var params = RenderParams(duration: duration, width: 320, height: 180, fps: 24, seed: seed)
        configure(&params)
        return params
    }

    /// Renders `params` into `folder` and analyzes the result (with a contact sheet when asked).
    static func renderAndAnalyze(
        _ params: RenderParams, in folder: BuiltinTempFolder, name: String = "clip.mp4", thumbnails: Bool = false
    ) throws -> (RenderSummary, Analysis) {
        let output = folder.path(name)
        let summary = try Renderer.render(params, to: output)
        let analysis = try Analyzer.analyze(
            video: output, thumbnailsDir: thumbnails ? folder.path("thumbs") : nil)
        return (summary, analysis)
    }

    /// The repository root, found from this file (which may be reached through a symlink).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func technicalPolicy() throws -> QCPolicy {
        let url = repositoryRoot.appendingPathComponent("policies/technical_v1.json")
        return try ContractDecoder.policy(from: Data(contentsOf: url), source: url.path)
    }
}

extension BuiltinClips {
    /// Whether `score` is on the passing side of `gate`'s threshold (NaN never passes).
    static func passes(_ gate: QCGate, _ score: Double?) -> Bool {
        guard let score, score.isFinite else { return false }
        return gate.direction == .max ? score <= gate.threshold : score >= gate.threshold
    }

    /// The ids of the blocking gates of `policy` that `analysis` fails, sorted, as QC reports them for a job whose
    /// `audio.mode` is `audio` (nil: a job that does not say). A metric that was not measured fails.
    static func failingGates(_ policy: QCPolicy, _ analysis: Analysis, audio: AudioMode? = nil) -> [String] {
        var job: [String: JSONValue] = ["job_id": "builtin-clip"]
        if let audio { job["audio"] = ["mode": .string(audio.rawValue)] }
        let report = QCEvaluator.evaluate(
            policy: policy, metrics: analysis.qualityMetricsJSON(), job: .object(job),
            context: ReportContext(jobID: "builtin-clip", attemptID: "run-0001", generatedAt: "2026-12-01T00:00:00Z",
                                   inputs: QCReport.Inputs(policy: "technical_v1.json", metrics: analysis.video)))
        return report.failingBlockingGates.map(\.gateID).sorted()
    }
}
