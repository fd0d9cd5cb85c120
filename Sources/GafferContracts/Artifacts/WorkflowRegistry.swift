/// The `workflow_registry.v1` list of approved workflows and their capability tags (SPEC §3.7).
public struct WorkflowRegistry: Codable, Hashable, Sendable {
    public static let version = "workflow_registry.v1"

    public var version: String = WorkflowRegistry.version
    public var workflows: [Workflow]
    public var resolutionPolicies: [String: JSONValue]?

    public init(workflows: [Workflow], resolutionPolicies: [String: JSONValue]? = nil) {
        self.workflows = workflows
        self.resolutionPolicies = resolutionPolicies
    }

    enum CodingKeys: String, CodingKey {
        case version, workflows
        case resolutionPolicies = "resolution_policies"
    }

    public struct Workflow: Codable, Hashable, Sendable {
        public var workflowID: String
        public var engine: String
        public var relpath: String
        public var tags: [String]
        public var capabilities: [String: JSONValue]?
        public var defaultParameters: [String: JSONValue]?

        public init(
            workflowID: String, engine: String, relpath: String, tags: [String] = [],
            capabilities: [String: JSONValue]? = nil, defaultParameters: [String: JSONValue]? = nil
        ) {
            self.workflowID = workflowID
            self.engine = engine
            self.relpath = relpath
            self.tags = tags
            self.capabilities = capabilities
            self.defaultParameters = defaultParameters
        }

        enum CodingKeys: String, CodingKey {
            case engine, relpath, tags, capabilities
            case workflowID = "workflow_id"
            case defaultParameters = "default_parameters"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            workflowID = try c.decode(String.self, forKey: .workflowID)
            engine = try c.decode(String.self, forKey: .engine)
            relpath = try c.decode(String.self, forKey: .relpath)
            tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
            capabilities = try c.decodeIfPresent([String: JSONValue].self, forKey: .capabilities)
            defaultParameters = try c.decodeIfPresent([String: JSONValue].self, forKey: .defaultParameters)
        }
    }

    /// Workflows carrying `tag`, in registry order.
    public func workflows(taggedWith tag: String) -> [Workflow] { workflows.filter { $0.tags.contains(tag) } }
}
