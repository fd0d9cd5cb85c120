import Foundation

// GafferBench: QC + decision throughput and latency through the library, and the scenario files
// `bench/run.sh` times `gaffer smoke` on. See bench/README.md.

func standardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

do {
    let options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
    if options.help {
        print(Options.usage)
    } else if let folder = options.writeScenarios {
        try ScenarioWriter.run(options, to: folder)
    } else {
        try LibraryBench.run(options)
    }
} catch let error as UsageError {
    standardError("GafferBench: \(error)\n\n\(Options.usage)")
    exit(2)
} catch {
    standardError("GafferBench: \(error)")
    exit(1)
}
