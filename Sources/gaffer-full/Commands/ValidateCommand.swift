import ArgumentParser
import Foundation
import GafferCLICore
import GafferContracts
import GafferLoop
import GafferQC

/// `gaffer validate`: check documents against their contracts; the kind comes from `version` or the file name.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate artifact files against their JSON Schemas and contract rules.",
        discussion: """
            One line per file, one per fault. Exit 0 when all are valid, 2 otherwise. JSON Schemas are compiled; the \
            original system's documents Gaffer does not read (pose checkpoints, beat grids, two-pass plans, its adapter \
            registry, planner requests) are named and not checked. Workflow YAML is read too; with \
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
                switch try Self.check(file, forcedKind: kind.flatMap(ArtifactKind.init(rawValue:))) {
                case .contract(let detected): Console.out("\(file): ok (\(detected.rawValue))")
                case .schema: Console.out("\(file): ok (a JSON Schema; it compiles)")
                case .notRead(let document): Console.out("\(file): not checked: \(document.description), which Gaffer does not read")
                case .comfyGraph(let nodes): Console.out("\(file): ok (a ComfyUI graph in API format, \(nodes) nodes)")
                }
            } catch {
                faults += 1
                Console.out(error.description)
            }
        }
        if faults > 0 {
            throw CommandFailure(status: .invalidInput, message: "\(faults) of \(files.count) files invalid")
        }
    }

    enum Checked {
        /// A Gaffer contract, valid.
        case contract(ArtifactKind)
        /// A JSON Schema that compiles.
        case schema
        /// Recognised, not a document Gaffer reads: not checked.
        case notRead(ForeignDocument)
        /// A ComfyUI graph (an `engine: comfyui` stage's `graph`) that reads.
        case comfyGraph(nodes: Int)
    }

    static func check(_ file: String, forcedKind: ArtifactKind?) throws(ContractError) -> Checked {
        let value = try ContractDecoder.parse(InputFiles.read(file), source: file)
        guard let kind = forcedKind ?? ArtifactKind.detect(value, fileName: URL(fileURLWithPath: file).lastPathComponent) else {
            switch ForeignDocument.detect(value) {
            case .jsonSchema?:
                do {
                    _ = try JSONSchemaValidator(schema: value)
                } catch {
                    throw .unreadable(source: file, reason: "a JSON Schema that does not compile: \(error)")
                }
                return .schema
            case let document?:
                return .notRead(document)
            case nil:
                guard ComfyGraph.looksLikeGraph(value) else { throw .unknownKind(source: file) }
                return .comfyGraph(nodes: try ComfyGraph.parse(value, source: file).nodes.count)
            }
        }
        try ContractDecoder.validate(value, as: kind, source: file)
        return .contract(kind)
    }
}
