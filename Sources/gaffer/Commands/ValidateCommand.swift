import ArgumentParser
import Foundation
import GafferContracts
import GafferLoop
import GafferQC

/// `gaffer validate`: check documents against their contracts; the kind comes from `version` or the file name.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate artifact files against their JSON Schemas and contract rules.",
        discussion: """
            One line per file, one per fault. Exit 0 when all are valid, 2 otherwise. Workflow YAML is read too; with \
            --policy, each gate's placement in the workflow (where it is evaluated, where its retry goes) is printed.
            """)

    @Argument(help: "Files to check.") var files: [String]
    @Option(help: "Treat every file as this kind (\(ArtifactKind.allCases.map(\.rawValue).joined(separator: ", "))).")
    var kind: String?
    @Option(help: "A QC policy: print where each of its gates is evaluated in the workflows named (SPEC §4.1).")
    var policy: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file") }
        if let kind, ArtifactKind(rawValue: kind) == nil {
            throw ValidationError("--kind \(kind) is not one of \(ArtifactKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        var faults = 0
        let placementPolicy = try policy.map { path throws(ContractError) in
            try ContractDecoder.policy(from: InputFiles.read(path), source: path)
        }
        for file in files {
            if file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
                do {
                    let text = try String(contentsOfFile: file, encoding: .utf8)
                    let workflow = try WorkflowLoader.load(text, source: file)
                    Console.out("\(file): ok (workflow.v1)")
                    if let placementPolicy {
                        let placement = GatePlacement(policy: placementPolicy, workflow: workflow)
                        Console.out("  placement of policy \(placementPolicy.policyID) in workflow \(workflow.workflowID):")
                        for line in placement.lines { Console.out("    \(line)") }
                        for fault in placement.faults {
                            faults += 1
                            Console.out("\(file): \(fault)")
                        }
                    }
                } catch let error as ContractError {
                    faults += 1
                    Console.out(error.description)
                } catch {
                    faults += 1
                    Console.out("\(file): cannot read: \(error.localizedDescription)")
                }
                continue
            }
            do {
                let detected = try Self.check(file, forcedKind: kind.flatMap(ArtifactKind.init(rawValue:)))
                Console.out("\(file): ok (\(detected.rawValue))")
            } catch {
                faults += 1
                Console.out(error.description)
            }
        }
        if faults > 0 {
            throw CommandFailure(status: .invalidInput, message: "\(faults) of \(files.count) files invalid")
        }
    }

    static func check(_ file: String, forcedKind: ArtifactKind?) throws(ContractError) -> ArtifactKind {
        let value = try ContractDecoder.parse(InputFiles.read(file), source: file)
        guard let kind = forcedKind ?? ArtifactKind.detect(value, fileName: URL(fileURLWithPath: file).lastPathComponent) else {
            throw .unknownKind(source: file)
        }
        try ContractDecoder.validate(value, as: kind, source: file)
        return kind
    }
}
