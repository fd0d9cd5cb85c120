import Foundation
import GafferContracts
import GafferEngines
import GafferStore

/// Operator overrides are checked when they are given (SPEC §6.4, §7), not when the engine fails on them: the
/// stage's params as the next attempt would get them (workflow defaults ⊕ job params ⊕ overrides) must satisfy the
/// stage's `params_schema` and, for the built-in render engine, its own parameter rules.
public enum OverrideCheck {
    /// Every problem, each with the JSON path in the params; empty when the overrides may be used.
    public static func violations(_ overrides: [String: JSONValue], stage: Workflow.Stage, jobParams: [String: JSONValue]) -> [SchemaViolation] {
        guard !overrides.isEmpty else { return [] }
        var params = stage.params
        params.merge(jobParams) { _, new in new }
        params.merge(overrides) { _, new in new }
        var found: [SchemaViolation] = []
        if let schema = stage.paramsSchema, let validator = try? JSONSchemaValidator(schema: schema) {
            found += validator.validate(.object(params))
        }
        if runsBuiltinRender(stage) {
            do {
                _ = try RenderParams.decode(JSONValue.object(params).serialized(pretty: false), source: "params")
            } catch {
                // The render engine names the field first ("silence_seconds must be …"): that is the path.
                let field = error.message.split(separator: " ").first.map(String.init) ?? ""
                let path = params[field] != nil ? JSONPointer.root.appending(field) : JSONPointer.root
                found.append(SchemaViolation(path: path, message: "the render engine refuses it: \(error.message)"))
            }
        }
        return found
    }

    /// Checks overrides for `stage` of the job as admitted; throws ``OperatorDesk/Refusal/invalidOverride(stage:_:)``
    /// with the JSON paths.
    static func require(_ overrides: [String: JSONValue], stage: Workflow.Stage, job: JobRecord) throws(OperatorDesk.Refusal) {
        guard !overrides.isEmpty else { return }
        let jobParams = (try? job.content.map { try ContractDecoder.job(from: Data($0.utf8), source: job.sourcePath).params }) ?? [:]
        let found = violations(overrides, stage: stage, jobParams: jobParams)
        if !found.isEmpty { throw .invalidOverride(stage: stage.name, found) }
    }

    /// The stage's command is `gaffer engine render` (whatever path to `gaffer`).
    static func runsBuiltinRender(_ stage: Workflow.Stage) -> Bool {
        guard stage.engine == .process, stage.command.count >= 3 else { return false }
        return (stage.command[0] as NSString).lastPathComponent == "gaffer" && stage.command[1] == "engine" && stage.command[2] == "render"
    }
}
