import Foundation
import GafferContracts
import Yams

/// Reads workflow YAML into a validated `Workflow`, with the same error format as every JSON input.
public enum WorkflowLoader {
    /// Parses YAML to a JSON value (typed, so `NO` stays a string), validates it as `workflow.v1`, decodes it.
    public static func load(_ text: String, source: String) throws(ContractError) -> Workflow {
        let value: JSONValue
        do {
            value = try YAMLDecoder().decode(JSONValue.self, from: text)
        } catch {
            throw .unreadable(source: source, reason: "not valid YAML: \(error)")
        }
        try ContractDecoder.validate(value, as: .workflow, source: source)
        var workflow = try ContractDecoder.decode(Workflow.self, from: value, source: source)
        try resolveGraphs(&workflow, source: source)
        try checkParamsSchemas(workflow, source: source)
        return workflow
    }

    /// A stage's `params_schema` must be a schema the validator compiles: a broken one fails here, naming the spot.
    static func checkParamsSchemas(_ workflow: Workflow, source: String) throws(ContractError) {
        for (index, stage) in workflow.stages.enumerated() {
            guard let schema = stage.paramsSchema else { continue }
            do {
                _ = try JSONSchemaValidator(schema: schema)
            } catch {
                let at = JSONPointer.root.appending("stages").appending(index).appending("params_schema")
                throw .violations(source: source, [SchemaViolation(path: at, message: "not a usable JSON Schema: \(error)")])
            }
        }
    }

    /// A `comfyui` stage's graph: made absolute against the workflow file's folder, read, and every node its
    /// `inputs`, `uploads` and `outputs` name checked — a graph that lost a node fails here, not at the attempt.
    static func resolveGraphs(_ workflow: inout Workflow, source: String) throws(ContractError) {
        let folder = (source as NSString).deletingLastPathComponent
        for index in workflow.stages.indices {
            guard var settings = workflow.stages[index].comfyui else { continue }
            if !settings.graph.hasPrefix("/") {
                settings.graph = folder.isEmpty ? settings.graph : (folder as NSString).appendingPathComponent(settings.graph)
            }
            let graph = try ComfyGraph.load(settings.graph)
            let at = JSONPointer.root.appending("stages").appending(index).appending("comfyui")
            var violations: [SchemaViolation] = []
            func fault(_ target: String) -> String? {
                guard let (node, _) = ComfyGraph.split(target) else { return "\"\(target)\" does not name a node input (\"<node id or title>.<input>\")" }
                return graph.nodeID(node) == nil ? "\"\(target)\": the graph \(settings.graph) has no node with id or title \"\(node)\"" : nil
            }
            for (name, target) in settings.inputs.sorted(by: { $0.key < $1.key }) {
                if let message = fault(target) { violations.append(SchemaViolation(path: at.appending("inputs").appending(name), message: message)) }
            }
            for target in settings.uploads.keys.sorted() {
                if let message = fault(target) { violations.append(SchemaViolation(path: at.appending("uploads").appending(target), message: message)) }
            }
            for (position, node) in (settings.outputs ?? []).enumerated() where graph.nodeID(node) == nil {
                violations.append(SchemaViolation(path: at.appending("outputs").appending(position), message: "\"\(node)\": the graph \(settings.graph) has no such node"))
            }
            guard violations.isEmpty else { throw .violations(source: source, violations) }
            workflow.stages[index].comfyui = settings
        }
    }

    /// Every workflow of `folder` that loads, by id, and the error of each file that does not: one broken file
    /// makes only the jobs that use it INVALID (SPEC §6.1), it does not stop the others.
    public static func loadEach(in folder: String) -> (workflows: [String: Workflow], broken: [String: ContractError]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        var byID: [String: Workflow] = [:]
        var broken: [String: ContractError] = [:]
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            do {
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw ContractError.unreadable(source: path, reason: "cannot read")
                }
                let workflow = try load(text, source: path)
                if byID[workflow.workflowID] != nil {
                    throw ContractError.violations(source: path, [SchemaViolation(path: JSONPointer.root.appending("workflow_id"), message: "workflow id \"\(workflow.workflowID)\" is defined twice in \(folder)")])
                }
                byID[workflow.workflowID] = workflow
            } catch let error as ContractError {
                broken[path] = error
            } catch {
                broken[path] = .unreadable(source: path, reason: "\(error)")
            }
        }
        return (byID, broken)
    }
}
