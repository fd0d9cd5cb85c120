/// A `comfyui` stage's engine settings (SPEC §13.2): which server, which graph, and how the attempt's
/// parameters, uploads and outputs map onto the graph's nodes.
public struct ComfyUISettings: Codable, Hashable, Sendable {
    /// The server's base URL (`http://127.0.0.1:8188`).
    public var server: String?
    /// An environment variable (from the workflow's `engine_env`) holding the base URL, when `server` is absent.
    public var serverEnv: String?
    /// An API-format graph, or the original system's wrapper (`{workflow_id, nodes}`); relative to the workflow file
    /// (the loader makes it absolute).
    public var graph: String
    /// `{params}` name → `"<node>.<input>"` (a node id or `_meta.title`).
    public var inputs: [String: String]
    /// `"<node>.<input>"` → a file (a template: `{input}`): uploaded with `POST /upload/image` and set as that input.
    public var uploads: [String: String]
    /// The nodes whose files are the stage's output; default: every node that wrote one.
    public var outputs: [String]?

    enum CodingKeys: String, CodingKey {
        case server, graph, inputs, uploads, outputs
        case serverEnv = "server_env"
    }

    public init(
        server: String? = nil, serverEnv: String? = nil, graph: String, inputs: [String: String] = [:],
        uploads: [String: String] = [:], outputs: [String]? = nil
    ) {
        self.server = server
        self.serverEnv = serverEnv
        self.graph = graph
        self.inputs = inputs
        self.uploads = uploads
        self.outputs = outputs
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        server = try c.decodeIfPresent(String.self, forKey: .server)
        serverEnv = try c.decodeIfPresent(String.self, forKey: .serverEnv)
        graph = try c.decode(String.self, forKey: .graph)
        inputs = try c.decodeIfPresent([String: String].self, forKey: .inputs) ?? [:]
        uploads = try c.decodeIfPresent([String: String].self, forKey: .uploads) ?? [:]
        outputs = try c.decodeIfPresent([String].self, forKey: .outputs)
    }
}
