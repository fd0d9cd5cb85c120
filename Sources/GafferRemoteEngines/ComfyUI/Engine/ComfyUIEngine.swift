import AsyncHTTPClient
import Crypto
import Foundation
import GafferContracts
import GafferEngines
import GafferLoop
import Logging

/// `engine: comfyui` (SPEC §13.2): one attempt is one prompt on a ComfyUI server, followed over its WebSocket.
///
/// The prompt id derives from the attempt's key and the prompt itself, so the attempt that follows a Gaffer killed
/// mid-prompt finds its prompt (waiting, running, or done in `/history`) and never posts it twice; a prompt the
/// server forgot (ComfyUI keeps its queue in memory only) is posted again. Ending early — timeout, stall,
/// cancellation — interrupts the prompt when it runs and deletes it from the queue when it waits.
public struct ComfyUIEngine: RemoteEngine {
    let http: HTTPClient
    let logger: Logger
    /// Largest output file fetched.
    var downloadLimit = 4 << 30
    /// How long the socket may take to open (its first `status` frame).
    var connectTimeout: Duration = .seconds(10)
    let live = LivePrompts()

    public init(http: HTTPClient = .shared, logger: Logger = Logger(label: "gaffer.comfyui")) {
        self.http = http
        self.logger = logger
    }

    public func run(_ attempt: RemoteAttempt) async -> RemoteRun {
        let started = ContinuousClock.now
        let log = EngineLog(path: attempt.logPath, engine: "comfyui")
        func elapsed() -> Double { (ContinuousClock.now - started).inSeconds }
        func refused(_ why: String) -> RemoteRun { RemoteEnding.refused(why).run(wallSeconds: elapsed(), facts: [:], log: log) }

        guard let settings = attempt.stage.comfyui else { return refused("the stage has no comfyui settings") }
        guard let server = settings.server ?? settings.serverEnv.flatMap({ attempt.environment[$0] }), !server.isEmpty else {
            return refused("the ComfyUI server's URL is not set: \(settings.serverEnv.map { "\($0) is empty or not in the workflow's engine_env" } ?? "give comfyui.server")")
        }
        let graphPath = attempt.graphOverride ?? settings.graph
        let built: PromptBuilder.Built
        do {
            built = try PromptBuilder.build(graph: try ComfyGraph.load(graphPath), settings: settings, params: attempt.params, job: attempt.job)
        } catch let error as ContractError {
            return refused(error.description)
        } catch {
            return refused("\(graphPath): \(error)")
        }
        let promptID = Self.promptID(key: attempt.key, prompt: built.graph.prompt)
        var facts: [String: JSONValue] = ["server": .string(server), "prompt_id": .string(promptID), "graph": .string(graphPath)]
        log.line("server \(server), graph \(graphPath), prompt id \(promptID) (key \(attempt.key))")
        for (target, value) in built.applied.sorted(by: { $0.key < $1.key }) { log.line("set \(target) = \(value.compactText.prefix(200))") }

        var conversation = Conversation(
            attempt: attempt, client: ComfyUIClient(base: server, client: http), promptID: promptID, log: log, started: started,
            logger: logger, connectTimeout: connectTimeout, downloadLimit: downloadLimit, live: live)
        live.hold(promptID)
        let ending = await conversation.hold(graph: built.graph, settings: settings)
        live.release(promptID)
        facts.merge(conversation.facts) { _, new in new }
        return ending.run(wallSeconds: elapsed(), facts: facts, log: log)
    }

    /// `gaffer-` and 32 hex digits of SHA-256 over the attempt key and the prompt: the same attempt of the same
    /// graph after a restart has the same id; a retry with other parameters, or the next decided attempt, a new one.
    static func promptID(key: String, prompt: JSONValue) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(key.utf8))
        hasher.update(data: Data([0]))
        hasher.update(data: prompt.serialized(pretty: false))
        return "gaffer-" + hasher.finalize().prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// A 400 answer (or `node_errors`) in one line per fault: `node 3 (EmptyImage): value_smaller_than_min: …`.
    static func refusalText(_ body: JSONValue) -> String {
        var lines: [String] = []
        if let error = body["error"] {
            let type = error["type"]?.stringValue ?? "error"
            let message = error["message"]?.stringValue ?? ""
            let details = error["details"]?.stringValue ?? ""
            lines.append("\(type): \(message)\(details.isEmpty ? "" : " (\(details))")")
        }
        for (node, entry) in (body["node_errors"]?.objectValue ?? [:]).sorted(by: { Preflight.nodeOrder($0.key, $1.key) }) {
            let type = entry["class_type"]?.stringValue ?? "?"
            for error in entry["errors"]?.arrayValue ?? [] {
                let details = error["details"]?.stringValue ?? ""
                lines.append("node \(node) (\(type)): \(error["type"]?.stringValue ?? "error"): \(error["message"]?.stringValue ?? "")\(details.isEmpty ? "" : " — \(details)")")
            }
        }
        return lines.isEmpty ? "ComfyUI refused the prompt" : lines.joined(separator: "; ")
    }

    /// `execution_error` in one line: node, type, exception type and message.
    static func errorText(_ data: JSONValue) -> String {
        let node = data["node_id"]?.stringValue ?? "?"
        let type = data["node_type"]?.stringValue ?? "?"
        let exception = data["exception_type"]?.stringValue ?? "error"
        let message = (data["exception_message"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return "node \(node) (\(type)) raised \(exception): \(message)"
    }
}
