#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `workflow.v1` definition: which engine runs each stage of a job, in order (SPEC §6.4).
public struct Workflow: Codable, Hashable, Sendable {
    public var workflowID: String
    public var description: String?
    /// Environment variables an engine may see besides `GAFFER_*`; nothing else of Gaffer's environment leaks.
    public var engineEnv: [String]
    /// A policy file name under the policies folder; the job's `qc_policy` wins over it.
    public var qcPolicy: String?
    public var stages: [Stage]
    /// Policy stage name → the workflow stage a gate's retry goes to when the workflow has no stage of that name.
    public var stageAliases: [String: StageName]

    enum CodingKeys: String, CodingKey {
        case description, stages
        case stageAliases = "stage_aliases"
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
        stageAliases = try c.decodeIfPresent([String: StageName].self, forKey: .stageAliases) ?? [:]
    }

    public var stageNames: [StageName] { stages.map(\.name) }

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

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            if engine != .process { try c.encode(engine, forKey: .engine) }
            if !command.isEmpty { try c.encode(command, forKey: .command) }
            try c.encodeIfPresent(comfyui, forKey: .comfyui)
            try c.encodeIfPresent(httpJob, forKey: .httpJob)
            try c.encode(output, forKey: .output)
            try c.encode(timeoutSeconds, forKey: .timeoutSeconds)
            try c.encodeIfPresent(stallSeconds, forKey: .stallSeconds)
            try c.encode(graceSeconds, forKey: .graceSeconds)
            try c.encode(analyze, forKey: .analyze)
            try c.encode(params, forKey: .params)
            try c.encode(env, forKey: .env)
            try c.encodeIfPresent(inputFrom, forKey: .inputFrom)
            try c.encodeIfPresent(progressFile, forKey: .progressFile)
            try c.encode(logCapBytes, forKey: .logCapBytes)
            try c.encodeIfPresent(gates, forKey: .gates)
            try c.encode(Dictionary(uniqueKeysWithValues: exitCodes.map { (String($0.key), $0.value) }), forKey: .exitCodes)
            try c.encodeIfPresent(retryBackoff, forKey: .retryBackoff)
            try c.encode(snoozeLimit, forKey: .snoozeLimit)
            if !requires.isEmpty { try c.encode(requires, forKey: .requires) }
            if approval != .none { try c.encode(approval, forKey: .approval) }
            try c.encodeIfPresent(paramsSchema, forKey: .paramsSchema)
        }

        public var name: StageName
        /// How the attempt runs (SPEC §13); `command` is its argv for `process`, empty otherwise.
        public var engine: EngineKind
        public var command: [String]
        /// The ComfyUI server and graph of an `engine: comfyui` stage.
        public var comfyui: ComfyUISettings?
        /// The hosted API of an `engine: http_job` stage.
        public var httpJob: HTTPJobSettings?
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
        /// The policy gates this stage evaluates; nil: those whose `target_stage` is the stage (SPEC §4.1).
        public var gates: [String]?
        /// Engine exit status → outcome (SPEC §5.1).
        public var exitCodes: [Int32: ExitRule]
        public var retryBackoff: RetryBackoff?
        /// How often a busy engine is snoozed before the attempt escalates.
        public var snoozeLimit: Int
        /// Worker labels the stage needs (`gpu: a100`): only a worker started with all of them (`--label`) runs it.
        public var requires: [String: String]
        /// `required`: the output waits for a sign-off after it passes QC (SPEC §6.2).
        public var approval: ApprovalMode
        /// A JSON Schema for the stage's `{params}`: operator overrides are checked against it when given (SPEC §6.4).
        public var paramsSchema: JSONValue?

        /// Whether a worker with `labels` may run this stage.
        public func runs(on labels: [String: String]) -> Bool {
            requires.allSatisfy { labels[$0.key] == $0.value }
        }

        /// `gpu=a100, region=eu`: what the stage needs, for operators.
        public var requirementText: String {
            requires.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        }

        /// What an exit status means, when a stage maps it.
        public enum ExitRule: String, Codable, CaseIterable, Sendable {
            /// The engine refused its input: never retried with the same parameters.
            case invalidInput = "invalid_input"
            /// The engine (or its server) is busy: retried after back-off without spending the budget.
            case busy
        }

        /// The wait before a retry: `initial × factor^(n−1)`, at most `max`, less up to `jitter` of it at random.
        public struct RetryBackoff: Codable, Hashable, Sendable {
            public var initialSeconds: Double
            public var factor: Double
            public var maxSeconds: Double
            public var jitter: Double

            public init(initialSeconds: Double, factor: Double = 2, maxSeconds: Double = 300, jitter: Double = 0) {
                self.initialSeconds = initialSeconds
                self.factor = factor
                self.maxSeconds = maxSeconds
                self.jitter = jitter
            }

            enum CodingKeys: String, CodingKey {
                case factor, jitter
                case initialSeconds = "initial_seconds"
                case maxSeconds = "max_seconds"
            }

            public init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                initialSeconds = try c.decodeIfPresent(Double.self, forKey: .initialSeconds) ?? 1
                factor = try c.decodeIfPresent(Double.self, forKey: .factor) ?? 2
                maxSeconds = try c.decodeIfPresent(Double.self, forKey: .maxSeconds) ?? 300
                jitter = try c.decodeIfPresent(Double.self, forKey: .jitter) ?? 0
            }

            /// The wait before retry number `retry` (1 = the first), with `random` in 0..<1 supplying the jitter.
            public func delay(retry: Int, random: Double) -> Double {
                let base = min(maxSeconds, initialSeconds * pow(factor, Double(max(0, retry - 1))))
                return max(0, base * (1 - jitter * random))
            }
        }

        enum CodingKeys: String, CodingKey {
            case name, engine, command, comfyui, output, analyze, params, env, gates, requires, approval
            case paramsSchema = "params_schema"
            case httpJob = "http_job"
            case exitCodes = "exit_codes"
            case retryBackoff = "retry_backoff"
            case snoozeLimit = "snooze_limit"
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
            engine = try c.decodeIfPresent(EngineKind.self, forKey: .engine) ?? .process
            command = try c.decodeIfPresent([String].self, forKey: .command) ?? []
            comfyui = try c.decodeIfPresent(ComfyUISettings.self, forKey: .comfyui)
            httpJob = try c.decodeIfPresent(HTTPJobSettings.self, forKey: .httpJob)
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
            gates = try c.decodeIfPresent([String].self, forKey: .gates)
            let codes = try c.decodeIfPresent([String: ExitRule].self, forKey: .exitCodes) ?? [:]
            exitCodes = Dictionary(uniqueKeysWithValues: codes.compactMap { key, rule in Int32(key).map { ($0, rule) } })
            retryBackoff = try c.decodeIfPresent(RetryBackoff.self, forKey: .retryBackoff)
            snoozeLimit = try c.decodeIfPresent(Int.self, forKey: .snoozeLimit) ?? 10
            requires = try c.decodeIfPresent([String: String].self, forKey: .requires) ?? [:]
            approval = try c.decodeIfPresent(ApprovalMode.self, forKey: .approval) ?? .none
            paramsSchema = try c.decodeIfPresent(JSONValue.self, forKey: .paramsSchema)
        }
    }
}
