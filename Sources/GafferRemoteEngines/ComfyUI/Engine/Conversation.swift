import Foundation
import GafferContracts
import GafferLoop
import GafferStore
import Logging

/// One prompt's exchange with the server, from looking it up to fetching its output (SPEC §13.2).
struct Conversation {
    let attempt: RemoteAttempt
    let client: ComfyUIClient
    let promptID: String
    let log: EngineLog
    let started: ContinuousClock.Instant
    let logger: Logger
    let connectTimeout: Duration
    let downloadLimit: Int
    let live: LivePrompts
    /// What the server said about the prompt, for `engine_metrics.engine_reported`.
    var facts: [String: JSONValue] = [:]

    typealias Ending = RemoteEnding

    enum Signal: Sendable {
        case socket(ComfyUISocket.Event)
        case tick
    }

    enum Known {
        case unknown
        case waiting(running: Bool)
        case finished(JSONValue)
    }

    /// Events go only to the socket whose clientId posted the prompt: one derived from the prompt id lets the
    /// attempt after a restart hear the prompt it finds.
    var clientID: String { "gaffer-" + promptID.dropFirst("gaffer-".count).prefix(16) }

    static let tick: Duration = .milliseconds(500)

    mutating func hold(graph: ComfyGraph, settings: ComfyUISettings) async -> Ending {
        let (signals, feed) = AsyncStream.makeStream(of: Signal.self, bufferingPolicy: .bufferingNewest(8192))
        let (socketEvents, socketTask) = ComfyUISocket.open(base: client.base, clientID: clientID, logger: logger)
        let forwarder = Task {
            for await event in socketEvents { feed.yield(.socket(event)) }
        }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.tick)
                feed.yield(.tick)
            }
        }
        defer {
            socketTask.cancel()
            forwarder.cancel()
            ticker.cancel()
            feed.finish()
        }
        var iterator = signals.makeAsyncIterator()
        do {
            // What the server already has of this prompt: a Gaffer killed mid-prompt left it there.
            let known = try await lookup()
            if case .finished(let entry) = known, entry["status"]?["status_str"]?.stringValue == "success" {
                log.line("the server already finished this prompt: fetching its output, not posting it again")
                facts["adopted"] = true
                return try await collect(entry, settings: settings, graph: graph)
            }
            // The socket first: ComfyUI drops the events of a client whose socket is not open yet.
            let opening = ContinuousClock.now
            var opened = false
            while !opened, let signal = await iterator.next() {
                switch signal {
                case .socket(.message): opened = true
                case .socket(.binary): opened = true
                case .socket(.closed(let why)): return .busy("cannot open ComfyUI's WebSocket: \(why)")
                case .tick:
                    if ContinuousClock.now - opening > connectTimeout {
                        return .busy("ComfyUI's WebSocket did not open within \(connectTimeout)")
                    }
                }
            }
            if !opened { return await end(.interrupted) }

            if case .waiting(let running) = known {
                log.line("the server already has this prompt (\(running ? "running" : "waiting")): following it, not posting it again")
                facts["adopted"] = true
            } else {
                if case .finished = known { log.line("the server's history has this prompt unfinished: posting it again") }
                try await manageQueue()
                let info = try await client.objectInfo()
                let uploaded = Set(attempt.uploads.keys.compactMap { target -> String? in
                    guard let (node, input) = ComfyGraph.split(target), let id = graph.nodeID(node) else { return nil }
                    return "\(id).\(input)"
                })
                let misses = Preflight.misses(graph, objectInfo: info, uploaded: uploaded)
                if !misses.isEmpty { return .refused("preflight: " + misses.joined(separator: "; ")) }
                var graph = graph
                for (target, file) in attempt.uploads.sorted(by: { $0.key < $1.key }) {
                    guard FileManager.default.fileExists(atPath: file) else { return .refused("upload \(target): \(file) does not exist") }
                    let name = try await client.upload(file)
                    try? graph.set(target, to: .string(name))
                    log.line("uploaded \(file) as \(name) for \(target)")
                }
                // The prompt as posted, beside the log: what an operator compares with ComfyUI's /history.
                let posted: JSONValue = ["server": .string(client.base), "prompt_id": .string(promptID), "client_id": .string(clientID), "prompt": graph.prompt]
                try? AtomicFile.write(posted.serialized(), to: attempt.folder + "/comfyui_prompt.json", durable: false)
                switch try await client.submit(prompt: graph.prompt, clientID: clientID, promptID: promptID) {
                case .refused(let body, let queued):
                    let why = ComfyUIEngine.refusalText(body)
                    // The outputs that passed validation would run anyway: what Gaffer refuses, it does not leave running.
                    return queued ? await end(.refused(why)) : .refused(why)
                case .queued(let number):
                    facts["number"] = number ?? .null
                    log.line("POST /prompt: queued as number \(number?.compactText ?? "?")")
                }
            }
            return try await follow(&iterator, settings: settings, graph: graph)
        } catch let unreachable as RemoteHTTP.Unreachable {
            return .busy(unreachable.description)
        } catch is CancellationError {
            return await end(.interrupted)
        } catch {
            if Task.isCancelled { return await end(.interrupted) }
            return .failed("\(error)")
        }
    }

    /// The decision's `policy_overrides.queue_management` (SPEC §13.2), actuated before the submit:
    /// `CLEAR_STALE_ITEMS` deletes waiting prompts Gaffer posted (a `gaffer-` client) that no live attempt holds;
    /// `INTERRUPT_ACTIVE` also interrupts such a prompt when it runs. Only the sandbox's sole worker does it: in a
    /// fleet another worker may hold them. What was done is in the log and the facts.
    mutating func manageQueue() async throws {
        guard let mode = attempt.params["queue_management"]?.stringValue, mode != "NORMAL" else { return }
        guard attempt.soleWorker else {
            log.line("queue_management \(mode): not actuated — in a fleet another worker may hold the server's Gaffer prompts")
            facts["queue_management"] = ["mode": .string(mode), "actuated": false]
            return
        }
        let stale = try await client.queueItems().filter { item in
            item.client?.hasPrefix("gaffer-") == true && item.id != promptID && !live.contains(item.id)
        }
        let waiting = stale.filter { !$0.running }.map(\.id)
        if !waiting.isEmpty { try await client.delete(waiting) }
        var interrupted: [String] = []
        if mode == "INTERRUPT_ACTIVE" {
            for item in stale where item.running {
                try await client.interrupt(item.id)
                interrupted.append(item.id)
            }
        }
        log.line("queue_management \(mode): deleted \(waiting.isEmpty ? "none" : waiting.joined(separator: ", ")) waiting"
            + (mode == "INTERRUPT_ACTIVE" ? "; interrupted \(interrupted.isEmpty ? "none" : interrupted.joined(separator: ", "))" : ""))
        facts["queue_management"] = ["mode": .string(mode), "actuated": true, "deleted": .array(waiting.map(JSONValue.string)),
                                     "interrupted": .array(interrupted.map(JSONValue.string))]
    }

    func lookup() async throws -> Known {
        let queue = try await client.queue(timeout: .seconds(3))
        if queue.running.contains(promptID) { return .waiting(running: true) }
        if queue.pending.contains(promptID) { return .waiting(running: false) }
        if let entry = try await client.history(promptID) { return .finished(entry) }
        return .unknown
    }

    /// Follows the prompt until `executing {node: null}` for it (or its history entry), ending it early on a
    /// timeout, a stall or cancellation.
    mutating func follow(_ iterator: inout AsyncStream<Signal>.Iterator, settings: ComfyUISettings, graph: ComfyGraph) async throws -> Ending {
        let submitted = ContinuousClock.now
        var lastHeard = ContinuousClock.now
        var ticks = 0
        var reportedError: String?
        var lastNode: String?
        var loggedPercent = -10.0
        while let signal = await iterator.next() {
            switch signal {
            case .socket(.message(let type, let data)):
                lastHeard = .now
                let about = data["prompt_id"]?.stringValue
                guard about == nil || about == promptID else { continue }
                switch type {
                case "execution_start":
                    facts["queue_wait_seconds"] = .number(((ContinuousClock.now - submitted).inSeconds * 1000).rounded() / 1000)
                    log.line("execution_start")
                case "execution_cached":
                    let nodes = (data["nodes"]?.arrayValue ?? []).compactMap(\.stringValue)
                    if !nodes.isEmpty { log.line("cached nodes: \(nodes.joined(separator: ", "))") }
                case "progress":
                    if let value = data["value"]?.doubleValue, let total = data["max"]?.doubleValue, total > 0 {
                        attempt.onProgress(value, total)
                        let percent = 100 * value / total
                        if percent - loggedPercent >= 10 {
                            loggedPercent = percent
                            log.line("progress \(Int(value))/\(Int(total)) (node \(data["node"]?.stringValue ?? "?"))")
                        }
                    }
                case "executing":
                    if data["node"] == .null || data["node"] == nil {
                        guard about == promptID else { continue }
                        log.line("executing {node: null}: the prompt ended")
                        return try await finish(reportedError: reportedError, settings: settings, graph: graph)
                    }
                    let node = data["node"]?.stringValue
                    if node != lastNode, let node {
                        lastNode = node
                        log.line("executing node \(node) (\(graph.classTypes[node] ?? "?"))")
                    }
                case "executed":
                    log.line("node \(data["node"]?.stringValue ?? "?") wrote \(data["output"]?.compactText.prefix(300) ?? "")")
                case "execution_error":
                    reportedError = ComfyUIEngine.errorText(data)
                    log.line("execution_error: \(reportedError!)")
                    for line in (data["traceback"]?.arrayValue ?? []).compactMap(\.stringValue).suffix(6) {
                        log.line("  " + line.trimmingCharacters(in: .newlines))
                    }
                case "execution_interrupted":
                    log.line("execution_interrupted at node \(data["node_id"]?.stringValue ?? "?") (\(data["node_type"]?.stringValue ?? "?"))")
                default:
                    break
                }
            case .socket(.binary):
                lastHeard = .now
            case .socket(.closed(let why)):
                // The server died or restarted (ComfyUI forgets its queue): no budget is spent; the attempt after the
                // snooze finds the prompt if the server still has it, and posts it again if not.
                return .busy("ComfyUI's WebSocket ended mid-prompt (\(why))")
            case .tick:
                ticks += 1
                if ContinuousClock.now - started > attempt.timeout { return await end(.timedOut) }
                if let stall = attempt.stall, ContinuousClock.now - lastHeard > stall { return await end(.stalled) }
                // A missed end (a socket that reconnected, a frame dropped) is found in the history.
                if ticks % 4 == 0, let entry = try? await client.history(promptID), entry["status"]?["completed"] != nil || entry["status"]?["status_str"] != nil {
                    log.line("the history has the prompt's end")
                    return try await finish(reportedError: reportedError, settings: settings, graph: graph)
                }
            }
        }
        return await end(.interrupted)
    }

    /// The prompt ended: its history says how.
    mutating func finish(reportedError: String?, settings: ComfyUISettings, graph: ComfyGraph) async throws -> Ending {
        var entry: JSONValue?
        for _ in 0..<6 {
            entry = try await client.history(promptID)
            if entry != nil { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        guard let entry else {
            return .failed(reportedError ?? "the prompt ended but ComfyUI's /history has no entry for it")
        }
        let status = entry["status"]?["status_str"]?.stringValue ?? "?"
        if status == "success" { return try await collect(entry, settings: settings, graph: graph) }
        for message in entry["status"]?["messages"]?.arrayValue ?? [] {
            switch message[0]?.stringValue {
            case "execution_error": return .failed(ComfyUIEngine.errorText(message[1] ?? .null))
            case "execution_interrupted":
                let node = message[1]?["node_id"]?.stringValue ?? "?"
                return .failed("the prompt was interrupted on the server, not by Gaffer (at node \(node))")
            default: continue
            }
        }
        return .failed(reportedError ?? "ComfyUI reported the prompt's status as \(status)")
    }

    /// Fetches the output: the file of the stage's `outputs` nodes (default: every node that wrote one), preferring
    /// the extension of the stage's output, with `/view`, into the attempt's output path.
    mutating func collect(_ entry: JSONValue, settings: ComfyUISettings, graph: ComfyGraph) async throws -> Ending {
        let outputs = entry["outputs"]?.objectValue ?? [:]
        let nodes = settings.outputs.map { $0.compactMap(graph.nodeID) } ?? outputs.keys.sorted(by: Preflight.nodeOrder)
        var files: [(node: String, file: JSONValue)] = []
        for node in nodes {
            for key in ["images", "gifs", "videos", "video", "audio"] {
                for file in outputs[node]?[key]?.arrayValue ?? [] { files.append((node, file)) }
            }
        }
        facts["outputs"] = .array(files.map { .object(["node": .string($0.node), "file": $0.file]) })
        let wanted = (attempt.outputPath as NSString).pathExtension.lowercased()
        guard let chosen = files.first(where: { ($0.file["filename"]?.stringValue as NSString?)?.pathExtension.lowercased() == wanted }) ?? files.first,
              let name = chosen.file["filename"]?.stringValue
        else {
            log.line("the prompt succeeded but wrote no file\(settings.outputs.map { " from the nodes \($0.joined(separator: ", "))" } ?? "")")
            return .succeeded
        }
        let subfolder = chosen.file["subfolder"]?.stringValue ?? ""
        let type = chosen.file["type"]?.stringValue ?? "output"
        let bytes = try await client.download(filename: name, subfolder: subfolder, type: type, to: attempt.outputPath, limit: downloadLimit)
        log.line("fetched \(type)/\(subfolder.isEmpty ? "" : subfolder + "/")\(name) of node \(chosen.node) (\(bytes) bytes) → \((attempt.outputPath as NSString).lastPathComponent)")
        return .succeeded
    }

    /// Ends the prompt on the server before the attempt ends early: interrupted when it runs, deleted from the queue
    /// when it waits, then waited for (up to the stage's grace) so the server is free when the attempt is recorded.
    /// Runs outside the (possibly cancelled) attempt task, so its requests are not cancelled with it.
    func end(_ ending: Ending) async -> Ending {
        let (client, promptID, log) = (client, promptID, log)
        let grace = Duration.milliseconds(Int64(max(1, attempt.stage.graceSeconds) * 1000))
        await Task {
            do {
                let queue = try await client.queue()
                if queue.running.contains(promptID) {
                    try await client.interrupt(promptID)
                    log.line("POST /interrupt {prompt_id: \(promptID)} (\(ending))")
                    let deadline = ContinuousClock.now + grace
                    while ContinuousClock.now < deadline, try await client.queue().running.contains(promptID) {
                        try await Task.sleep(for: .milliseconds(200))
                    }
                } else if queue.pending.contains(promptID) {
                    try await client.delete([promptID])
                    log.line("POST /queue {delete: [\(promptID)]} (\(ending))")
                }
            } catch {
                log.line("could not end the prompt on the server: \(error)")
            }
        }.value
        return ending
    }
}
