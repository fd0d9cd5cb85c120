import Foundation
import GafferContracts

// GafferBench: QC + decision throughput and latency through the library, and the scenario files
// `bench/run.sh` times `gaffer smoke` on. See bench/README.md.

func standardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "--exp-compile" {
    let clock = ContinuousClock()
    for kind in [ArtifactKind.qcPolicy, .qcReport, .recastQualityReport] {
        let text = SchemaCatalog.bundledText(of: kind)!
        var parseNs: [Double] = [], compileNs: [Double] = []
        for _ in 0..<200 {
            let t0 = clock.now
            let doc = try! JSONParser.parse(Data(text.utf8))
            let t1 = clock.now
            _ = try! JSONSchemaValidator(schema: doc)
            let t2 = clock.now
            parseNs.append(Double(nanoseconds(t0.duration(to: t1)))); compileNs.append(Double(nanoseconds(t1.duration(to: t2))))
        }
        print(kind.rawValue, "bytes", text.utf8.count, "first parse µs", parseNs[0]/1e3, "first compile µs", compileNs[0]/1e3, "warm parse µs", parseNs.sorted()[100]/1e3, "warm compile µs", compileNs.sorted()[100]/1e3)
    }
    exit(0)
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
