/// Documents of the original system (and JSON Schemas) that Gaffer recognises but does not read: `gaffer validate`
/// names them instead of calling them unknown, so a folder of the original's files can be checked as a whole.
public enum ForeignDocument: Sendable, Hashable {
    /// A JSON Schema (it declares `$schema`): checked by compiling it.
    case jsonSchema
    /// One of the original's own document kinds, by its `version`.
    case original(kind: String, role: String)
    /// The original's production request (a brief for its planner; it carries no version).
    case productionRequest

    /// The original's kinds Gaffer does not read, and what each is for.
    public static let originalKinds: [String: String] = [
        "pose_checkpoints.v1": "pose checkpoints of a reference dance",
        "beat_grid.v1": "a music beat grid",
        "two_pass_orchestration.v1": "a two-pass render plan",
        "engine_adapter_registry.v1": "the engine adapter registry",
        "PlanRequest.v1": "a planner request",
    ]

    public static func detect(_ value: JSONValue) -> ForeignDocument? {
        if value["$schema"]?.stringValue != nil { return .jsonSchema }
        if let version = value["version"]?.stringValue, let role = originalKinds[version] {
            return .original(kind: version, role: role)
        }
        if value["version"] == nil, value["brief"]?.stringValue != nil, value["duration_seconds"] != nil {
            return .productionRequest
        }
        return nil
    }

    /// What `gaffer validate` says of it.
    public var description: String {
        switch self {
        case .jsonSchema: "a JSON Schema"
        case .original(let kind, let role): "the original's \(kind) (\(role))"
        case .productionRequest: "the original's production request (a planner brief)"
        }
    }
}
