import ArgumentParser
import Foundation
import GafferContracts

/// `gaffer validate`: check documents against their contracts; the kind comes from `version` or the file name.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate artifact files against their JSON Schemas and contract rules.",
        discussion: "One line per file, one per fault. Exit 0 when all are valid, 2 otherwise.")

    @Argument(help: "Files to check.") var files: [String]
    @Option(help: "Treat every file as this kind (\(ArtifactKind.allCases.map(\.rawValue).joined(separator: ", "))).")
    var kind: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file") }
        if let kind, ArtifactKind(rawValue: kind) == nil {
            throw ValidationError("--kind \(kind) is not one of \(ArtifactKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        var faults = 0
        for file in files {
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
