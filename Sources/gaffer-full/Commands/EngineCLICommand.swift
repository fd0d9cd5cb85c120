import ArgumentParser
import Foundation
import GafferEngines

/// `gaffer engine render|analyze`: the built-in ffmpeg engines, run by workflows like any other engine.
struct EngineCLICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine", abstract: "Built-in engines (ffmpeg): render a clip, analyze a clip.",
        subcommands: [Render.self, Analyze.self])

    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "Render an H.264+AAC MP4 from lavfi sources, driven by a params JSON (faults can be injected).")
        @Option(help: "The {params} JSON file.") var params: String
        @Option(help: "The output MP4.") var out: String

        func run() async throws {
            let status = Renderer.runEngineCommand(paramsPath: params, output: out)
            if status != 0 { throw ExitCode(status) }
        }
    }

    struct Analyze: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "analyze",
            abstract: "Measure a clip in one ffmpeg pass and write production_metrics.v1 (quality_metrics, integrity).")
        @Option(help: "The video to analyze.") var video: String
        @Option(help: "Where to write production_metrics.v1.") var out: String
        @Option(name: .customLong("job-id")) var jobID: String = "unknown"
        @Option(name: .customLong("attempt-id")) var attemptID: String = "run-0001"
        @Option var stage: String?
        @Option(help: "Folder for the contact sheet.") var thumbnails: String?

        func run() async throws {
            let status = Analyzer.runEngineCommand(
                video: video, metricsOut: out, jobID: jobID, attemptID: attemptID, stage: stage, thumbnailsDir: thumbnails)
            if status != 0 { throw ExitCode(status) }
        }
    }
}
