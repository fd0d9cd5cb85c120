import Foundation
import GafferTestSupport
import Testing

@testable import GafferContracts

/// Our JSON Schema validator, checked against an independent one: Python's `jsonschema`
/// (draft-07, with its format checker) run through `scripts/schema_oracle.py`.
///
/// Both must give the same verdict on every shipped file, on a valid seed document of every
/// artifact kind, and on broken copies made by a schema-driven generator (wrong type, missing
/// required member, unknown enum value, extra property, bad pattern, bad date-time, number out
/// of range, duplicate in a uniqueItems array, wrong const, empty string/array below a minimum,
/// fraction where an integer is required, value matching no anyOf alternative) — and report the
/// same set of violation paths.
///
/// Path conventions differ in two places, and only there are paths normalised before comparing:
/// - an unexpected property (`additionalProperties: false`): our validator reports it at the
///   property itself (`/gates/0/colour`); jsonschema at the object holding it (`/gates/0`);
/// - a duplicate in a `uniqueItems` array: ours reports the repeated item (`/tags/2`);
///   jsonschema the array (`/tags`).
/// Those two violations are recognised by their messages ("unexpected property…", "duplicates
/// item…", see `JSONSchemaValidator+Keywords.swift`) and compared by their parent path.
/// `required` is reported at the holding object by both, so it needs no normalisation.
///
/// Only the schema is compared: the contract rules a schema cannot express (duplicate gate ids,
/// classes naming no metric — `SemanticChecks`) are Gaffer's alone and are tested elsewhere.
/// Format `uri` is not broken on purpose: jsonschema checks it only when `rfc3987` is installed.
///
/// Nothing is skipped: without python3 and jsonschema these tests fail, saying to install
/// python3-jsonschema.
@Suite("schema oracle", .serialized)  // one python at a time: each takes a core for a second
struct SchemaOracleTests {
    // MARK: - Kinds, shipped files, seeds

    struct Kind: Sendable, CustomTestStringConvertible {
        let kind: ArtifactKind
        var testDescription: String { kind.rawValue }
        var schemaPath: String { RepositoryPaths.path("shared/\(kind.schemaFileName)") }
    }

    static let kinds = ArtifactKind.allCases.map(Kind.init)

    /// Shipped files by the kind `ArtifactKind.detect` gives them.
    static func shippedFiles(of kind: ArtifactKind) -> [String] {
        RepositoryPaths.jsonFiles(in: ["policies", "scenarios", "examples", "workflows"]).filter { file in
            guard let value = try? JSONValue.read(file) else { return false }
            return ArtifactKind.detect(value, fileName: URL(fileURLWithPath: file).lastPathComponent) == kind
        }
    }

    /// Valid documents the broken copies are made from: a few shipped files, and for kinds no
    /// file ships, a hand-written document that uses every field its schema declares.
    static func seeds(of kind: ArtifactKind) throws -> [(name: String, value: JSONValue)] {
        /// One of the original system's own files (`../shared/reference/original-files`, beside the checkout).
        func original(_ relative: String) throws -> (name: String, value: JSONValue) {
            (URL(fileURLWithPath: relative).lastPathComponent, try JSONValue.read(RepositoryPaths.originalFiles + "/" + relative))
        }
        func shipped(_ relative: String) throws -> (name: String, value: JSONValue) {
            (URL(fileURLWithPath: relative).lastPathComponent, try JSONValue.read(RepositoryPaths.path(relative)))
        }
        switch kind {
        case .qcPolicy:
            return [try shipped("policies/qc_policy.v1.json")]
        case .smokeScenario:
            return [
                try shipped("scenarios/pose-low-coverage-persistent.scenario.json"),
                try shipped("scenarios/job-threshold-override.scenario.json"),
                try shipped("scenarios/budget-exhausted.scenario.json"),
            ]
        case .recastQualityReport:
            return [try original("repo/examples/recast_quality_report.v1.example.json")]
        case .job:
            return [try original("sandbox/jobs/hero_kittens/mochi-kitten-dancing-in-dance-loop-comfy.job.json"), ("job.seed", try JSONValue.parse(Seeds.job))]
        default:
            guard let text = Seeds.byKind[kind] else { throw SeedMissing(kind: kind) }
            return [("\(kind.rawValue).seed", try JSONValue.parse(text))]
        }
    }

    struct SeedMissing: Error, CustomStringConvertible {
        let kind: ArtifactKind
        var description: String { "no seed document for \(kind.rawValue): add one to SchemaOracleTests.Seeds" }
    }

    // MARK: - Comparing verdicts

    /// Our validator's violation paths, normalised to jsonschema's conventions (see the type's doc).
    static func swiftPaths(_ violations: [SchemaViolation]) -> [String] {
        Set(violations.map { violation -> String in
            let heldByParent = violation.message.hasPrefix("unexpected property")
                || violation.message.hasPrefix("duplicates item")
            return heldByParent ? JSONPointer(tokens: violation.path.tokens.dropLast()).description : violation.path.description
        }).sorted()
    }

    /// Writes each document to `folder`, runs both validators, and records every disagreement.
    /// Returns the oracle's verdicts, keyed by the names given.
    @discardableResult
    static func compare(
        _ documents: [(name: String, value: JSONValue)], as kind: Kind, in folder: TemporaryFolder,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [String: SchemaOracle.Verdict] {
        var files: [(name: String, path: String)] = []
        for document in documents {
            files.append((document.name, try folder.write("\(document.name).json", json: document.value)))
        }
        let verdicts = try await SchemaOracle.validate(schema: kind.schemaPath, files: files.map(\.path))
        let validator = SchemaCatalog.validator(for: kind.kind)
        var byName: [String: SchemaOracle.Verdict] = [:]
        for file in files {
            let oracle = try #require(verdicts[file.path], "the oracle gave no verdict on \(file.path)", sourceLocation: sourceLocation)
            byName[file.name] = oracle
            // Parse what was written, as the oracle did, rather than reuse the in-memory value.
            let violations = validator.validate(try JSONValue.read(file.path))
            let ours = swiftPaths(violations)
            #expect(violations.isEmpty == oracle.valid,
                    "\(kind.kind.rawValue) \(file.name): jsonschema says \(oracle), our validator says \(violations.isEmpty ? "valid" : "invalid: \(violations)")",
                    sourceLocation: sourceLocation)
            #expect(ours == oracle.paths,
                    "\(kind.kind.rawValue) \(file.name): violation paths differ: jsonschema \(oracle.paths), ours \(ours) (\(violations))",
                    sourceLocation: sourceLocation)
        }
        return byName
    }

    // MARK: - Tests

    @Test func oracleAcceptsEverySharedSchemaAsDraft07() async throws {
        let result = try await SchemaOracle.checkSchemas(RepositoryPaths.path("shared"))
        #expect(result.status == 0, "python3 scripts/schema_oracle.py check-schemas shared failed:\n\(result)")
        #expect(result.stdoutLines.filter { $0.hasPrefix("OK ") }.count == ArtifactKind.allCases.count,
                "one OK line per schema in shared/\n\(result)")
    }

    @Test(arguments: kinds)
    func bothValidatorsAcceptTheShippedFilesAndSeeds(_ kind: Kind) async throws {
        let folder = try TemporaryFolder("oracle-valid-\(kind.kind.rawValue)")
        var documents: [(name: String, value: JSONValue)] = try Self.shippedFiles(of: kind.kind).map {
            ("shipped-" + URL(fileURLWithPath: $0).lastPathComponent, try JSONValue.read($0))
        }
        documents += try Self.seeds(of: kind.kind).map { ("seed-\($0.name)", $0.value) }
        let verdicts = try await Self.compare(documents, as: kind, in: folder)
        for (name, verdict) in verdicts.sorted(by: { $0.key < $1.key }) {
            #expect(verdict.valid, "\(name) should be a valid \(kind.kind.rawValue); jsonschema says \(verdict)")
        }
    }

    @Test(arguments: kinds)
    func bothValidatorsAgreeOnBrokenCopies(_ kind: Kind) async throws {
        let folder = try TemporaryFolder("oracle-broken-\(kind.kind.rawValue)")
        let schema = try JSONValue.read(kind.schemaPath)
        var broken: [(name: String, value: JSONValue)] = []
        for seed in try Self.seeds(of: kind.kind) {
            for mutation in Breakages.pick(Breakages.find(in: seed.value, schema: schema)) {
                let name = "\(seed.name)-\(mutation.breakage.rawValue)-\(broken.count)"
                broken.append((name, try mutation.apply(to: seed.value)))
            }
        }
        try #require(broken.count >= 3, "the generator found fewer than 3 ways to break a \(kind.kind.rawValue)")
        let verdicts = try await Self.compare(broken, as: kind, in: folder)
        for (name, verdict) in verdicts.sorted(by: { $0.key < $1.key }) {
            #expect(!verdict.valid, "the broken copy \(name) is still valid: the breakage generator is wrong")
        }
    }

    @Test func generatorProducesEveryKindOfBreakage() throws {
        var seen: Set<Breakages.Breakage> = []
        for kind in ArtifactKind.allCases {
            let schema = try JSONValue.read(RepositoryPaths.path("shared/\(kind.schemaFileName)"))
            for seed in try Self.seeds(of: kind) {
                seen.formUnion(Breakages.find(in: seed.value, schema: schema).map(\.breakage))
            }
        }
        let missing = Breakages.Breakage.allCases.filter { !seen.contains($0) }
        #expect(missing.isEmpty, "no seed document exercises \(missing.map(\.rawValue)); extend the seeds")
    }
}

// MARK: - The breakage generator

/// Finds, by walking a valid document alongside its schema, every place one keyword of the schema
/// can be violated with a single edit.
enum Breakages {
    enum Breakage: String, CaseIterable, Sendable, Hashable {
        case wrongType, noAlternativeMatches, missingRequired, unknownEnumValue, extraProperty, badPattern
        case badDateTime, numberOutOfRange, duplicateItem, wrongConst, emptyString, emptyArray, fractionalInteger
    }

    enum Edit: Sendable {
        case replace(JSONValue)
        case remove
        case addMember(String, JSONValue)
        case append(JSONValue)
    }

    struct Mutation: Sendable {
        let breakage: Breakage
        /// RFC 6901 pointer of the value edited.
        let pointer: String
        let edit: Edit

        func apply(to document: JSONValue) throws -> JSONValue {
            switch edit {
            case .replace(let value): try document.setting(pointer, to: value)
            case .remove: try document.removing(pointer)
            case .addMember(let name, let value): try document.setting(pointer + "/" + JSONPointer.escape(name), to: value)
            case .append(let value): try document.setting(pointer + "/-", to: value)
            }
        }
    }

    /// Up to four mutations of each breakage, spread over the document (first, a third, two thirds, last).
    static func pick(_ mutations: [Mutation]) -> [Mutation] {
        Breakage.allCases.flatMap { breakage -> [Mutation] in
            let all = mutations.filter { $0.breakage == breakage }
            guard all.count > 4 else { return all }
            let last = all.count - 1
            return Array(Set([0, last / 3, 2 * last / 3, last])).sorted().map { all[$0] }
        }
    }

    static func find(in document: JSONValue, schema: JSONValue) -> [Mutation] {
        var finder = Finder(root: schema)
        finder.walk(schema, instance: document, at: .root)
        return finder.found
    }

    /// Values that differ in type, tried in order when a value of another type is needed.
    static let typeCandidates: [JSONValue] = ["wrong-type", 12345.5, true, [], [:], nil]

    struct Finder {
        let root: JSONValue
        var found: [Mutation] = []

        /// Follows local `$ref`s (`#/definitions/…`).
        func resolve(_ schema: JSONValue) -> JSONValue {
            var current = schema
            var hops = 0
            while let reference = current["$ref"]?.stringValue, reference.hasPrefix("#"), hops < 32 {
                guard let pointer = try? JSONPointer(parsing: String(reference.dropFirst())),
                    let target = pointer.resolve(in: root)
                else { return [:] }
                current = target
                hops += 1
            }
            return current
        }

        func typeNames(_ schema: JSONValue) -> [String]? {
            switch schema["type"] {
            case .string(let name)?: [name]
            case .array(let names)?: names.compactMap(\.stringValue)
            default: nil
            }
        }

        static func admits(_ type: String, _ value: JSONValue) -> Bool {
            switch (type, value) {
            case ("null", .null), ("boolean", .bool), ("object", .object), ("array", .array), ("string", .string),
                ("number", .number):
                true
            case ("integer", .number(let number)): number.rounded(.towardZero) == number
            default: false
            }
        }

        mutating func add(_ breakage: Breakage, _ pointer: JSONPointer, _ edit: Edit) {
            found.append(Mutation(breakage: breakage, pointer: pointer.description, edit: edit))
        }

        mutating func walk(_ rawSchema: JSONValue, instance: JSONValue, at pointer: JSONPointer) {
            let schema = resolve(rawSchema)
            guard case .object(let keywords) = schema else { return }

            if let types = typeNames(schema),
                let wrong = Breakages.typeCandidates.first(where: { candidate in !types.contains { Self.admits($0, candidate) } })
            {
                add(.wrongType, pointer, .replace(wrong))
                if types == ["integer"] { add(.fractionalInteger, pointer, .replace(2.5)) }
            }
            // A value of a type that no anyOf/oneOf alternative declares.
            for combinator in ["anyOf", "oneOf"] {
                guard let branches = keywords[combinator]?.arrayValue?.map(resolve) else { continue }
                let declared = branches.map(typeNames)
                guard declared.allSatisfy({ $0 != nil }) else { continue }
                let types = declared.compactMap { $0 }.joined()
                if let wrong = Breakages.typeCandidates.first(where: { candidate in !types.contains { Self.admits($0, candidate) } }) {
                    add(.noAlternativeMatches, pointer, .replace(wrong))
                }
            }
            if keywords["const"] != nil { add(.wrongConst, pointer, .replace("not-the-constant")) }
            if keywords["enum"] != nil, case .string = instance { add(.unknownEnumValue, pointer, .replace("NOT_IN_THE_VOCABULARY")) }

            switch instance {
            case .string:
                if let pattern = keywords["pattern"]?.stringValue,
                    let regex = try? NSRegularExpression(pattern: pattern)
                {
                    let probe = "Not A Match!"
                    if regex.firstMatch(in: probe, range: NSRange(probe.startIndex..., in: probe)) == nil {
                        add(.badPattern, pointer, .replace(.string(probe)))
                    }
                }
                if keywords["format"]?.stringValue == "date-time" {
                    add(.badDateTime, pointer, .replace("2026-02-30T10:00:00Z"))
                }
                if let minimum = keywords["minLength"]?.doubleValue, minimum >= 1 { add(.emptyString, pointer, .replace("")) }
            case .number:
                if let maximum = keywords["maximum"]?.doubleValue {
                    add(.numberOutOfRange, pointer, .replace(.number(maximum + 1)))
                } else if let minimum = keywords["minimum"]?.doubleValue {
                    add(.numberOutOfRange, pointer, .replace(.number(minimum - 1)))
                }
            case .array(let elements):
                if let minimum = keywords["minItems"]?.doubleValue, minimum >= 1 { add(.emptyArray, pointer, .replace([])) }
                if keywords["uniqueItems"]?.boolValue == true, let first = elements.first {
                    add(.duplicateItem, pointer, .append(first))
                }
                if let items = keywords["items"], case .object = items {
                    for (index, element) in elements.prefix(2).enumerated() {
                        walk(items, instance: element, at: pointer.appending(index))
                    }
                }
            case .object(let members):
                for name in keywords["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] != nil {
                    add(.missingRequired, pointer.appending(name), .remove)
                }
                if keywords["additionalProperties"]?.boolValue == false {
                    add(.extraProperty, pointer, .addMember("unexpected_member", 1))
                }
                let properties = keywords["properties"]?.objectValue ?? [:]
                for (name, subschema) in properties.sorted(by: { $0.key < $1.key }) {
                    if let member = members[name] { walk(subschema, instance: member, at: pointer.appending(name)) }
                }
                if let additional = keywords["additionalProperties"], case .object = additional {
                    let undeclared = members.keys.filter { properties[$0] == nil }.sorted().prefix(2)
                    for name in undeclared { walk(additional, instance: members[name]!, at: pointer.appending(name)) }
                }
            case .null, .bool:
                break
            }
            for subschema in keywords["allOf"]?.arrayValue ?? [] {
                walk(subschema, instance: instance, at: pointer)
            }
        }
    }
}

// MARK: - Seed documents

/// One valid document of each kind that no shipped file covers, using every field its schema
/// declares, so the generator has every keyword to break.
enum Seeds {
    static let byKind: [ArtifactKind: String] = [
        .qcReport: qcReport, .productionMetrics: productionMetrics, .productionDecision: productionDecision,
        .userActionRequired: userActionRequired, .handoffRegistry: handoffRegistry,
        .workflowRegistry: workflowRegistry, .jobState: jobState, .attemptLineage: attemptLineage,
        .workflow: workflow, .advisorProposal: advisorProposal,
        .costumeFidelity: #"{"version": "costume_fidelity.v1", "job_id": "job-seed-000001", "pass": false}"#,
        .qualityTarget: #"{"version": "quality_target.v1", "profile_id": "dance_loop_strict_v1", "thresholds": {"temporal_stability": 0.8, "blur_mean": 7.5}}"#,
        .continuityPack: #"{"version": "episode_continuity_pack.v1", "pack_id": "mochi_v1", "rules": {"require_costume_fidelity": true}, "hero": {"name": "Mochi"}}"#,
        .retryAttemptLineage: #"""
            {"version": "retry_attempt_lineage.v1", "job_id": "job-seed-000001", "generated_at": "2026-02-17T00:00:00Z",
             "updated_at": "2026-02-17T00:00:05Z",
             "attempts": [{"ts": "2026-02-17T00:00:01Z", "attempt_id": "preexisting-output", "source_attempt_id": null,
                           "decision_action": "retry_motion", "decision_reason": "motion failed", "resolution": "retry"}]}
            """#,
    ]

    static let advisorProposal = #"""
        {"version": "advisor_proposal.v1", "action": "SWITCH_POLICY", "reasoning": "identity drifts under motion",
         "target_stage": "video", "workflow_profile": "comfy_identity_safe_v1", "parameter_adjustments": {"identity_weight": 0.9}}
        """#

    /// `workflows/demo_v1.yaml` as JSON, plus a second stage using every optional field.
    static let workflow = #"""
        {"version": "workflow.v1", "workflow_id": "demo_v1", "engine_env": ["PATH", "HOME"], "qc_policy": "technical_v1.json",
         "stages": [
           {"name": "video", "command": ["gaffer", "engine", "render", "--params", "{params}", "--out", "{output}"],
            "output": "video.mp4", "timeout_seconds": 120, "stall_seconds": 60, "analyze": "builtin",
            "params": {"duration": 4}},
           {"name": "editor", "command": ["/bin/sh", "-c", "cp {input} {output}"], "output": "final/video.mp4",
            "timeout_seconds": 30, "grace_seconds": 1, "analyze": ["measure", "{output}", "{metrics}"],
            "env": {"MODE": "fast"}, "input_from": "video", "progress_file": "p.json", "log_cap_bytes": 65536}
         ]}
        """#

    static let job = #"""
        {
          "job_id": "job-seed-000001", "workflow": "render.default", "params": {"duration": 2, "seed": 7},
          "quality_target": {"thresholds": {"temporal_stability": 0.8, "loop_seam": 0.75}, "relpath": "targets/a.json"},
          "qc_policy": "policies/qc_policy.v1.json", "lane": "dance_loop", "platforms": ["youtube", "tiktok"], "audio": {"mode": "none"},
          "render": {"kept": "for the engines"}
        }
        """#

    static let qcReport = #"""
        {
          "version": "qc_report.v1", "job_id": "job-seed-000001", "attempt_id": "run-0002", "stage": "motion",
          "generated_at": "2026-02-18T00:00:00Z",
          "inputs": {"policy": "policies/qc_policy.v1.json", "metrics": "logs/job-seed-000001/attempts/run-0002/m.json"},
          "gates": [
            {"gate_id": "temporal_stability_gate", "metric": "temporal_stability", "dimension": "motion",
             "status": "SOFT_FAIL", "severity": "MEDIUM", "repairable": true, "score": 0.5, "threshold": 0.7,
             "direction": "min", "blocking": true, "failure_action": "RETRY_STAGE", "effective_action": "RETRY_STAGE",
             "failure_class": "pose_mismatch", "target_stage": "motion", "reason": "score_below_threshold"},
            {"gate_id": "background_stability_gate", "metric": "background_stability", "dimension": "motion",
             "status": "UNKNOWN", "severity": "MEDIUM", "repairable": true, "score": null, "threshold": 0.8,
             "direction": "min", "blocking": true, "failure_action": "RETRY_STAGE", "effective_action": "ESCALATE_USER",
             "failure_class": null, "target_stage": "motion", "reason": "metric_missing"}
          ],
          "overall": {"pass": false, "failed_gate_ids": ["temporal_stability_gate", "background_stability_gate"],
                      "failed_failure_classes": ["pose_mismatch"], "recommended_action": "ESCALATE_USER"}
        }
        """#

    static let productionMetrics = #"""
        {
          "version": "1.0", "job_id": "job-seed-000001", "attempt_id": "run-0002", "ts": "2026-02-18T00:00:00Z",
          "stage": "motion",
          "visual_metrics": {
            "image_resolution": "1080x1920", "aspect_ratio": 0.5625,
            "feline_detected": {"present": true, "confidence": 0.9, "pose_detection_ratio": 0.8, "pose_fallback_active": false},
            "human_detected": {"present": false, "confidence": 0.1, "pose_detection_ratio": 0, "pose_fallback_active": false},
            "pose_score": 0.8, "motion_score": 0.7, "blur_score": 0.2, "identity_similarity_score": 0.9
          },
          "engine_metrics": {
            "engine_id": "gaffer-render", "execution_time_seconds": 12.5, "memory_peak_mb": 512,
            "queue_wait_time_seconds": 0, "stage_durations": {"motion": 12.5}, "failure_flags": ["slow_start"],
            "exit_code": 0, "signal": null, "timed_out": false, "stalled": false
          },
          "quality_metrics": {"temporal_stability": 0.5, "costume_fidelity": true, "loop_seam": null},
          "is_hallucination": false, "quality_gate_passed": false,
          "segments": [{"kind": "black", "start_seconds": 0, "end_seconds": 0.4, "position": "leading"},
                       {"kind": "freeze", "start_seconds": 3.5, "end_seconds": 5.25, "position": "mid"}]
        }
        """#

    static let productionDecision = #"""
        {
          "version": "1.0", "job_id": "job-seed-000001", "attempt_id": "run-0003",
          "decision": {
            "action": "ESCALATE_USER", "reasoning": "Retry budget exhausted.", "target_stage": "motion",
            "target_lane": "dance_loop", "workflow_profile": "comfy_motion_safe_v1",
            "policy_overrides": {"resolution_policy": "letterbox", "motion_intensity": "low", "fps_strategy": "preserve",
                                 "max_frames_override": 24, "queue_management": "NORMAL", "pose_coverage_threshold": 0.35},
            "parameter_adjustments": {"pose_weight": 0.95},
            "escalation_reason": "RETRY_BUDGET_EXCEEDED",
            "advisor": {"source": "command:advisor", "proposed_action": "RETRY_STAGE",
                        "deterministic_action": "ESCALATE_USER", "outcome": "recorded", "note": "advisory mode",
                        "model": "qwen2.5-7b", "latency_seconds": 1.25, "tokens_in": 1800, "tokens_out": 90,
                        "proposal": {"version": "advisor_proposal.v1", "action": "RETRY_STAGE", "reasoning": "motion jitter",
                                     "target_stage": "motion", "workflow_profile": "comfy_motion_safe_v1",
                                     "parameter_adjustments": {"pose_weight": 0.9}},
                        "raw": "{\"action\": \"RETRY_STAGE\"}"},
            "budget": {"stage_attempts": 3, "max_retries": 2, "job_attempts": 3}
          }
        }
        """#

    static let userActionRequired = #"""
        {
          "version": "user_action_required.v1", "job_id": "job-seed-000001", "reason": "RETRY_BUDGET_EXCEEDED",
          "required_artifact": "an operator decision on attempt run-0001", "expected_format": "one of allowed_responses",
          "threshold_failed": "temporal_stability_gate: 0.5 < 0.7 (SOFT_FAIL)",
          "example_fix": "gaffer escalations resolve esc-job-seed-000001-run-0003 --action PROCEED",
          "escalation_ts": "2026-02-18T00:00:00Z", "escalation_id": "esc-job-seed-000001-run-0003", "stage": "motion",
          "attempt_id": "run-0003",
          "evidence": {
            "failing_gates": [{"gate_id": "temporal_stability_gate", "metric": "temporal_stability", "status": "SOFT_FAIL",
                               "score": 0.5, "threshold": 0.7, "direction": "min", "severity": "MEDIUM"}],
            "engine": {"exit_code": 0, "signal": null, "timed_out": false, "stalled": false,
                       "missing_outputs": ["out.wav"], "corruption": "decoded 40 of 48 frames"},
            "outputs": ["logs/job-seed-000001/attempts/run-0003/out.mp4"],
            "thumbnails": ["logs/job-seed-000001/attempts/run-0003/thumb-0001.png"]
          },
          "allowed_responses": ["PROCEED", "RETRY_STAGE", "SWITCH_POLICY", "ABORT"], "best_attempt_id": "run-0001",
          "status": "RESOLVED",
          "resolution": {"action": "PROCEED", "by": "operator", "at": "2026-02-18T01:00:00Z", "note": "accept run-0001",
                         "overrides": {"identity_weight": 0.95}}
        }
        """#

    static let handoffRegistry = #"""
        {
          "version": "handoff_registry.v1", "updated_at": "2026-02-18T00:00:00Z",
          "entries": [
            {"job_id": "job-seed-000001", "platform": "youtube", "post_url": "https://youtube.com/shorts/abc123",
             "platform_post_id": "abc123", "posted_at": "2026-02-18T00:00:00Z", "author": "ops", "niche": "cats",
             "lane": "dance_loop"}
          ]
        }
        """#

    static let workflowRegistry = #"""
        {
          "version": "workflow_registry.v1", "description": "seed registry",
          "workflows": [
            {"workflow_id": "comfy_motion_safe_v1", "engine": "comfyui", "relpath": "workflows/motion_safe.json",
             "tags": ["hero_safe", "motion"], "capabilities": {"max_frames": 96}, "default_parameters": {"fps": 30},
             "description": "motion-safe preset"}
          ],
          "resolution_policies": {"9:16": "letterbox"}
        }
        """#

    static let jobState = #"""
        {
          "version": "job_state.v1", "job_id": "job-seed-000001", "state": "RUNNING", "stage": "motion",
          "attempt_id": "run-0002", "updated_at": "2026-02-18T00:00:00Z", "reason": null, "error": null,
          "pointers": {"state": "logs/job-seed-000001/state.json"}
        }
        """#

    static let attemptLineage = #"""
        {
          "version": "attempt_lineage.v1", "job_id": "job-seed-000001", "updated_at": "2026-02-18T00:00:00Z",
          "attempts": [
            {"attempt_id": "run-0001", "stage": "motion", "source_attempt_id": null, "started_at": "2026-02-18T00:00:00Z",
             "outcome": "qc_failed", "decision_action": "RETRY_STAGE", "decision_reason": "temporal_stability 0.5 < 0.7",
             "score": 0.8, "workflow_profile": "comfy_motion_safe_v1", "pose_retry": false, "resolution": "none",
             "artifacts": {"qc_report": "logs/job-seed-000001/attempts/run-0001/qc_report.v1.json"}}
          ]
        }
        """#
}
