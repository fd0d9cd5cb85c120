import Foundation
import GafferTestSupport
import Testing

@testable import GafferContracts

/// Schema and type agree: every shipped document validates and decodes into its Swift type, the
/// bundled schemas are the files in `shared/`, and every vocabulary the schemas spell out is the
/// Swift enum's, case for case.
@Suite("shipped files")
struct ShippedFilesTests {
    static let folders = ["policies", "scenarios", "examples", "workflows"]
    /// Gaffer's own documents; the ComfyUI graphs beside them are checked as graphs.
    static let shippedFiles = RepositoryPaths.jsonFiles(in: folders).filter { !isGraph($0) }
    static let shippedGraphs = RepositoryPaths.jsonFiles(in: folders).filter(isGraph)
    static func isGraph(_ path: String) -> Bool {
        (try? JSONValue.read(path)).map(ComfyGraph.looksLikeGraph) ?? false
    }

    /// A shipped file, shown relative to the repository in test names.
    struct Shipped: Sendable, CustomTestStringConvertible {
        let path: String
        var relative: String { String(path.dropFirst(RepositoryPaths.root.path.count + 1)) }
        var testDescription: String { relative }
    }

    static let shipped = shippedFiles.map(Shipped.init)

    /// Decodes `value` (already validated as `kind`) into the Swift type of that kind.
    static func decode(_ value: JSONValue, as kind: ArtifactKind, source: String) throws -> any Sendable {
        switch kind {
        case .qcPolicy: try ContractDecoder.decode(QCPolicy.self, from: value, source: source)
        case .qcReport: try ContractDecoder.decode(QCReport.self, from: value, source: source)
        case .productionMetrics: try ContractDecoder.decode(ProductionMetrics.self, from: value, source: source)
        case .productionDecision: try ContractDecoder.decode(ProductionDecision.self, from: value, source: source)
        case .userActionRequired: try ContractDecoder.decode(UserActionRequired.self, from: value, source: source)
        case .handoffRegistry: try ContractDecoder.decode(HandoffRegistry.self, from: value, source: source)
        case .workflowRegistry: try ContractDecoder.decode(WorkflowRegistry.self, from: value, source: source)
        case .job: try Job(raw: value)
        case .jobState: try ContractDecoder.decode(JobStateSnapshot.self, from: value, source: source)
        case .attemptLineage: try ContractDecoder.decode(AttemptLineage.self, from: value, source: source)
        case .smokeScenario: try ContractDecoder.decode(SmokeScenario.self, from: value, source: source)
        case .advisorProposal: try ContractDecoder.decode(AdvisorProposal.self, from: value, source: source)
        case .retryAttemptLineage: RetryAttemptLineage.entries(of: value, stage: "motion")
        case .workflow: try ContractDecoder.decode(Workflow.self, from: value, source: source)
        case .recastQualityReport, .costumeFidelity:
            try MetricsDocument.load(value.serialized(), source: source)
        case .qualityTarget, .continuityPack: value  // read as JSON, merged into the job at admission (JobRelpaths)
        }
    }

    @Test func theShippedComfyUIGraphsRead() throws {
        #expect(Self.shippedGraphs.contains { $0.hasSuffix("examples/comfyui/noise_clip.json") })
        for path in Self.shippedGraphs {
            let graph = try ComfyGraph.load(path)
            #expect(graph.classTypes.values.contains("SaveVideo") || graph.classTypes.values.contains("SaveImage"), "\(path) has an output node")
        }
    }

    @Test func thereAreShippedFilesToCheck() {
        #expect(Self.shippedFiles.contains { $0.hasSuffix("policies/qc_policy.v1.json") }, "the default policy is shipped")
        #expect(Self.shippedFiles.filter { $0.hasSuffix(".scenario.json") }.count >= 6, "the worked-example scenarios are shipped")
    }

    @Test(arguments: shipped)
    func shippedFileValidatesAndDecodesIntoItsType(_ file: Shipped) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: file.path))
        let value = try ContractDecoder.parse(data, source: file.relative)
        let kind = try #require(
            ArtifactKind.detect(value, fileName: URL(fileURLWithPath: file.path).lastPathComponent),
            "cannot tell the kind of \(file.relative)")
        if file.relative.hasPrefix("policies/") { #expect(kind == .qcPolicy, "policies/ holds policies") }
        if file.relative.hasPrefix("scenarios/") { #expect(kind == .smokeScenario, "scenarios/ holds scenarios") }
        do {
            try ContractDecoder.validate(value, as: kind, source: file.relative)
        } catch {
            Issue.record("\(file.relative) does not validate as \(kind.rawValue):\n\(error)")
            return
        }
        do {
            _ = try Self.decode(value, as: kind, source: file.relative)
        } catch {
            Issue.record("\(file.relative) validates as \(kind.rawValue) but does not decode into its Swift type: \(error)")
        }
    }

    static let scenarios = shipped.filter { $0.path.hasSuffix(".scenario.json") }

    @Test(arguments: scenarios)
    func scenarioPolicyAndHistoryDecode(_ file: Shipped) throws {
        let value = try JSONValue.read(file.path)
        let scenario = try ContractDecoder.load(
            SmokeScenario.self, kind: .smokeScenario, from: value.serialized(), source: file.relative)
        switch scenario.policy {
        case .inline(let policy):
            do {
                try ContractDecoder.validate(policy, as: .qcPolicy, source: "\(file.relative)#/policy")
                _ = try ContractDecoder.decode(QCPolicy.self, from: policy, source: "\(file.relative)#/policy")
            } catch {
                Issue.record("the inline policy of \(file.relative) is not a valid QCPolicy:\n\(error)")
            }
        case .path(let relative):
            let path = URL(fileURLWithPath: file.path).deletingLastPathComponent().appendingPathComponent(relative).standardizedFileURL.path
            #expect(FileManager.default.fileExists(atPath: path), "\(file.relative) names policy \(relative), which does not exist")
            if FileManager.default.fileExists(atPath: path) {
                _ = try ContractDecoder.policy(from: Data(contentsOf: URL(fileURLWithPath: path)), source: path)
            }
        }
        // A scenario's history is a list of attempt_lineage.v1 entries: it must pass that schema too.
        if let history = value["history"] {
            let lineage: JSONValue = [
                "version": "attempt_lineage.v1", "job_id": .string("smoke-\(scenario.name)"), "updated_at": "2026-02-18T00:00:00Z",
                "attempts": history,
            ]
            let violations = SchemaCatalog.validator(for: .attemptLineage).validate(lineage)
            #expect(violations.isEmpty, "the history of \(file.relative) is not valid attempt_lineage.v1 entries: \(violations)")
        }
        if let job = scenario.job, case .object(var members) = job {
            if members["job_id"] == nil { members["job_id"] = .string("smoke-\(scenario.name)") }
            let violations = SchemaCatalog.validator(for: .job).validate(.object(members))
            #expect(violations.isEmpty, "the job of \(file.relative) is not a valid job.v1: \(violations)")
        }
    }

    // MARK: - Bundled schemas

    struct Kind: Sendable, CustomTestStringConvertible {
        let kind: ArtifactKind
        var testDescription: String { kind.rawValue }
    }

    static let kinds = ArtifactKind.allCases.map(Kind.init)

    @Test(arguments: kinds)
    func bundledSchemaIsTheSharedFileByteForByte(_ kind: Kind) throws {
        let path = RepositoryPaths.path("shared/\(kind.kind.schemaFileName)")
        let onDisk = try #require(try? String(contentsOfFile: path, encoding: .utf8), "shared/\(kind.kind.schemaFileName) is missing")
        let bundled = try #require(SchemaCatalog.bundledText(of: kind.kind), "\(kind.kind.schemaFileName) is not bundled")
        if bundled != onDisk {
            let hint = bundled + "\n" == onDisk
                ? "only the final newline of the file is missing from the bundled copy (scripts/embed-schemas.py strips it)"
                : "the bundled copy is stale: run python3 scripts/embed-schemas.py"
            Issue.record("the bundled \(kind.kind.schemaFileName) differs from shared/: \(hint)")
        }
    }

    @Test(arguments: kinds)
    func bundledSchemaParsesToTheSameDocumentAsTheSharedFile(_ kind: Kind) throws {
        let onDisk = try JSONValue.read(RepositoryPaths.path("shared/\(kind.kind.schemaFileName)"))
        let bundled = try JSONValue.parse(try #require(SchemaCatalog.bundledText(of: kind.kind)))
        #expect(bundled == onDisk, "the bundled \(kind.kind.schemaFileName) is stale: run python3 scripts/embed-schemas.py")
    }

    @Test func everySharedSchemaIsAnArtifactKind() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: RepositoryPaths.path("shared"))
            .filter { $0.hasSuffix(".schema.json") }
        #expect(Set(files) == Set(ArtifactKind.allCases.map(\.schemaFileName)),
                "shared/ and ArtifactKind list the same schemas")
    }

    // MARK: - Vocabularies

    /// The Swift enums that spell each vocabulary, by name.
    static let vocabularies: [(name: String, values: [String])] = [
        ("Action", Action.allCases.map(\.rawValue)),
        ("GateStatus", GateStatus.allCases.map(\.rawValue)),
        ("Severity", Severity.allCases.map(\.rawValue)),
        ("EscalationReason", EscalationReason.allCases.map(\.rawValue)),
        ("JobState", JobState.allCases.map(\.rawValue)),
        ("GateReason", GateReason.allCases.map(\.rawValue)),
        ("GateDirection", GateDirection.allCases.map(\.rawValue)),
        ("ResolutionPolicy", ResolutionPolicy.allCases.map(\.rawValue)),
        ("MotionIntensity", MotionIntensity.allCases.map(\.rawValue)),
        ("FPSStrategy", FPSStrategy.allCases.map(\.rawValue)),
        ("QueueManagement", QueueManagement.allCases.map(\.rawValue)),
        ("UserActionRequired.Status", UserActionRequired.Status.allCases.map(\.rawValue)),
        ("ProductionDecision.AdvisorRecord.Outcome", ProductionDecision.AdvisorRecord.Outcome.allCases.map(\.rawValue)),
        ("Workflow.Stage.Analysis.Keyword", Workflow.Stage.Analysis.Keyword.allCases.map(\.rawValue)),
        ("EscalationCause", EscalationCause.allCases.map(\.rawValue)),
        ("Workflow.Stage.ExitRule", Workflow.Stage.ExitRule.allCases.map(\.rawValue)),
        ("LegacyAction", LegacyAction.allCases.map(\.rawValue)),
        ("LegacyResolution", LegacyResolution.allCases.map(\.rawValue)),
        ("ApprovalMode", ApprovalMode.allCases.map(\.rawValue)),
        ("SegmentKind", SegmentKind.allCases.map(\.rawValue)),
        ("SegmentPosition", SegmentPosition.allCases.map(\.rawValue)),
        ("AudioMode", AudioMode.allCases.map(\.rawValue)),
        ("EngineKind", EngineKind.allCases.map(\.rawValue)),
    ]

    /// Every `"enum"` array in a schema, with the schema path where it sits.
    static func enums(in value: JSONValue, at path: String = "") -> [(path: String, values: [JSONValue])] {
        switch value {
        case .object(let members):
            var found: [(path: String, values: [JSONValue])] = []
            if let values = members["enum"]?.arrayValue { found.append((path + "/enum", values)) }
            for (key, member) in members.sorted(by: { $0.key < $1.key }) where key != "enum" {
                found += enums(in: member, at: path + "/" + key)
            }
            return found
        case .array(let elements):
            return elements.enumerated().flatMap { enums(in: $0.element, at: path + "/\($0.offset)") }
        default:
            return []
        }
    }

    @Test func noTwoVocabulariesAreTheSameSet() {
        // Vocabularies may share a word ("none": no analysis, no sound); a schema enum is matched by its whole set.
        for (index, vocabulary) in Self.vocabularies.enumerated() {
            for other in Self.vocabularies[(index + 1)...] {
                #expect(Set(vocabulary.values) != Set(other.values), "\(vocabulary.name) and \(other.name) are the same set")
            }
        }
    }

    @Test(arguments: kinds)
    func everySchemaEnumIsExactlyASwiftVocabulary(_ kind: Kind) throws {
        let schema = try JSONValue.read(RepositoryPaths.path("shared/\(kind.kind.schemaFileName)"))
        for found in Self.enums(in: schema) {
            let strings = found.values.compactMap(\.stringValue)
            #expect(strings.count == found.values.count, "\(kind.kind.schemaFileName)#\(found.path) has non-string values")
            let matching = Self.vocabularies.filter { Set($0.values) == Set(strings) }
            guard let vocabulary = matching.first else {
                Issue.record("\(kind.kind.schemaFileName)#\(found.path) \(strings) is no Swift vocabulary: add a CaseIterable enum and list it here")
                continue
            }
            #expect(matching.count == 1, "\(kind.kind.schemaFileName)#\(found.path) mixes vocabularies: \(matching.map(\.name))")
            #expect(strings == vocabulary.values,
                    "\(kind.kind.schemaFileName)#\(found.path) is \(strings) but \(vocabulary.name).allCases is \(vocabulary.values)")
        }
    }
}
