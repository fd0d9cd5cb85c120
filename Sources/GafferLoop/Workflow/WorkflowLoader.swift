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
        return try ContractDecoder.decode(Workflow.self, from: value, source: source)
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
