/// Rules of a contract that a JSON Schema cannot express (uniqueness across items, cross references).
public enum SemanticChecks {
    /// The rules of `kind` a schema cannot express, for a caller that validates in steps.
    public static func of(_ value: JSONValue, as kind: ArtifactKind) -> [SchemaViolation] { violations(of: value, as: kind) }

    static func violations(of value: JSONValue, as kind: ArtifactKind) -> [SchemaViolation] {
        switch kind {
        case .qcPolicy: policyViolations(value, at: JSONPointer.root)
        case .smokeScenario: scenarioViolations(value)
        case .handoffRegistry: handoffViolations(value)
        case .workflow: workflowViolations(value)
        default: []
        }
    }

    /// Gate ids are unique; every class names at least one gate's metric; every preset names a class.
    static func policyViolations(_ policy: JSONValue, at base: JSONPointer) -> [SchemaViolation] {
        var violations: [SchemaViolation] = []
        let gates = policy["gates"]?.arrayValue ?? []
        var seenGateIDs: [String: Int] = [:]
        for (index, gate) in gates.enumerated() {
            guard let id = gate["gate_id"]?.stringValue else { continue }
            if let first = seenGateIDs[id] {
                violations.append(SchemaViolation(
                    path: base.appending("gates").appending(index).appending("gate_id"),
                    message: "duplicate gate id \"\(id)\" (first used at /gates/\(first)/gate_id)"))
            } else {
                seenGateIDs[id] = index
            }
        }
        let gateMetrics = Set(gates.compactMap { $0["metric"]?.stringValue })
        let classes = policy["failure_classification"]?["classes"]?.arrayValue ?? []
        for (index, failureClass) in classes.enumerated() {
            let metrics = failureClass["metrics"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if !metrics.contains(where: gateMetrics.contains) {
                violations.append(SchemaViolation(
                    path: base.appending("failure_classification").appending("classes").appending(index).appending("metrics"),
                    message: "class \"\(failureClass["class_id"]?.stringValue ?? "?")\" names no gate's metric "
                        + "(\(metrics.joined(separator: ", "))); gates measure: \(gateMetrics.sorted().joined(separator: ", "))"))
            }
        }
        let classIDs = Set(classes.compactMap { $0["class_id"]?.stringValue })
        let presets = policy["workflow_presets"]?["class_to_preset"]?.arrayValue ?? []
        for (index, preset) in presets.enumerated() {
            guard let classID = preset["class_id"]?.stringValue, !classIDs.contains(classID) else { continue }
            violations.append(SchemaViolation(
                path: base.appending("workflow_presets").appending("class_to_preset").appending(index).appending("class_id"),
                message: "names class \"\(classID)\", which failure_classification does not define"))
        }
        return violations
    }

    /// An inline policy must itself be a valid policy; its faults are reported under `/policy`.
    static func scenarioViolations(_ scenario: JSONValue) -> [SchemaViolation] {
        guard let policy = scenario["policy"], case .object = policy else { return [] }
        let base = JSONPointer.root.appending("policy")
        let schemaViolations = SchemaCatalog.validator(for: .qcPolicy).validate(policy).map {
            SchemaViolation(path: base.appending(contentsOf: $0.path), message: $0.message)
        }
        return schemaViolations.isEmpty ? policyViolations(policy, at: base) : schemaViolations
    }

    /// Stage names are unique, and `input_from` names an earlier stage.
    static func workflowViolations(_ workflow: JSONValue) -> [SchemaViolation] {
        var seen: [String] = []
        var violations: [SchemaViolation] = []
        for (index, stage) in (workflow["stages"]?.arrayValue ?? []).enumerated() {
            let path = JSONPointer.root.appending("stages").appending(index)
            let name = stage["name"]?.stringValue ?? ""
            if seen.contains(name) {
                violations.append(SchemaViolation(path: path.appending("name"), message: "duplicate stage \"\(name)\""))
            }
            if let input = stage["input_from"]?.stringValue, !seen.contains(input) {
                violations.append(SchemaViolation(
                    path: path.appending("input_from"),
                    message: "names stage \"\(input)\", which is not an earlier stage of this workflow (earlier: \(seen.isEmpty ? "none" : seen.joined(separator: ", ")))"))
            }
            seen.append(name)
        }
        return violations
    }

    /// (job_id, platform) is unique in the ledger.
    static func handoffViolations(_ registry: JSONValue) -> [SchemaViolation] {
        var seen: Set<String> = []
        var violations: [SchemaViolation] = []
        for (index, entry) in (registry["entries"]?.arrayValue ?? []).enumerated() {
            let key = "\(entry["job_id"]?.stringValue ?? "")\u{0}\(entry["platform"]?.stringValue ?? "")"
            if !seen.insert(key).inserted {
                violations.append(SchemaViolation(
                    path: JSONPointer.root.appending("entries").appending(index),
                    message: "duplicate entry for job \"\(entry["job_id"]?.stringValue ?? "")\" on \"\(entry["platform"]?.stringValue ?? "")\""))
            }
        }
        return violations
    }
}

extension JSONPointer {
    /// `self` followed by every token of `suffix`: re-roots a violation found inside an embedded document.
    func appending(contentsOf suffix: JSONPointer) -> JSONPointer { JSONPointer(tokens: tokens + suffix.tokens) }
}
