/// A `workflow.v1` definition: which engine runs each stage of a job, in order (SPEC §6.4).
public struct Workflow: Codable, Hashable, Sendable {
    public var workflowID: String
    public var description: String?
    /// Environment variables an engine may see besides `GAFFER_*`; nothing else of Gaffer's environment leaks.
    public var engineEnv: [String]
    /// A policy file name under the policies folder; the job's `qc_policy` wins over it.
    public var qcPolicy: String?
    public var stages: [Stage]

    enum CodingKeys: String, CodingKey {
        case description, stages
        case workflowID = "workflow_id"
        case engineEnv = "engine_env"
        case qcPolicy = "qc_policy"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        workflowID = try c.decode(String.self, forKey: .workflowID)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        engineEnv = try c.decodeIfPresent([String].self, forKey: .engineEnv) ?? []
        qcPolicy = try c.decodeIfPresent(String.self, forKey: .qcPolicy)
        stages = try c.decode([Stage].self, forKey: .stages)
    }

    public func stage(named name: StageName) -> Stage? { stages.first { $0.name == name } }

    /// The stage after `name`, or nil when `name` is the last.
    public func stage(after name: StageName) -> Stage? {
        guard let index = stages.firstIndex(where: { $0.name == name }), index + 1 < stages.count else { return nil }
        return stages[index + 1]
    }

    public struct Stage: Codable, Hashable, Sendable {
        public enum Analysis: Hashable, Sendable, Codable {
            case builtin
            case none
            /// An argv template that writes a `production_metrics.v1` file to `{metrics}`.
            case command([String])

            /// The words a stage's `analyze` may be instead of an argv.
            public enum Keyword: String, CaseIterable, Sendable {
                case builtin, none
            }

            public init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let word = try? container.decode(String.self) {
                    self = Keyword(rawValue: word) == Keyword.none ? .none : .builtin
                } else {
                    self = .command(try container.decode([String].self))
                }
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                switch self {
                case .builtin: try container.encode(Keyword.builtin.rawValue)
                case .none: try container.encode(Keyword.none.rawValue)
                case .command(let argv): try container.encode(argv)
                }
            }
        }

        public var name: StageName
        public var command: [String]
        /// The stage's output, relative to the attempt folder.
        public var output: String
        public var timeoutSeconds: Double
        public var stallSeconds: Double?
        public var graceSeconds: Double
        public var analyze: Analysis
        public var params: [String: JSONValue]
        public var env: [String: String]
        /// The stage whose output is `{input}`; default: the previous stage.
        public var inputFrom: StageName?
        public var progressFile: String?
        public var logCapBytes: Int

        enum CodingKeys: String, CodingKey {
            case name, command, output, analyze, params, env
            case timeoutSeconds = "timeout_seconds"
            case stallSeconds = "stall_seconds"
            case graceSeconds = "grace_seconds"
            case inputFrom = "input_from"
            case progressFile = "progress_file"
            case logCapBytes = "log_cap_bytes"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(StageName.self, forKey: .name)
            command = try c.decode([String].self, forKey: .command)
            output = try c.decode(String.self, forKey: .output)
            timeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? 900
            stallSeconds = try c.decodeIfPresent(Double.self, forKey: .stallSeconds)
            graceSeconds = try c.decodeIfPresent(Double.self, forKey: .graceSeconds) ?? 5
            analyze = try c.decodeIfPresent(Analysis.self, forKey: .analyze) ?? .builtin
            params = try c.decodeIfPresent([String: JSONValue].self, forKey: .params) ?? [:]
            env = try c.decodeIfPresent([String: String].self, forKey: .env) ?? [:]
            inputFrom = try c.decodeIfPresent(StageName.self, forKey: .inputFrom)
            progressFile = try c.decodeIfPresent(String.self, forKey: .progressFile)
            logCapBytes = try c.decodeIfPresent(Int.self, forKey: .logCapBytes) ?? 8 << 20
        }
    }
}
