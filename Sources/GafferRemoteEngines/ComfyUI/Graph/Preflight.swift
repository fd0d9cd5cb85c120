import GafferContracts

/// What the server must have before a graph is posted (SPEC §13.2): every node class, and every file a node
/// names from a list the server offers — a loader's model (`ckpt_name` from `models/checkpoints`), a `LoadImage`
/// input. A miss is the graph's fault, not the engine's: the attempt is `invalid_input`, never a retried crash.
enum Preflight {
    /// One line per miss, naming the node, its class, the input and what the server has instead; empty when the
    /// graph can run. `uploaded` are inputs Gaffer sets to a file it uploads itself.
    static func misses(_ graph: ComfyGraph, objectInfo: [String: JSONValue], uploaded: Set<String> = []) -> [String] {
        var misses: [String] = []
        for id in graph.nodes.keys.sorted(by: Self.nodeOrder) {
            guard let type = graph.classTypes[id] else { continue }
            guard let info = objectInfo[type] else {
                misses.append("node \(id): class \(type) is not installed on the server")
                continue
            }
            for (input, value) in graph.literalInputs(of: id).sorted(by: { $0.key < $1.key }) where !uploaded.contains("\(id).\(input)") {
                guard let choices = choices(of: input, in: info), let chosen = value.stringValue ?? value.doubleValue.map({ "\($0)" }) else { continue }
                guard !choices.contains(chosen) else { continue }
                let what = Self.modelInputs.contains(input) ? "model file" : "choice"
                let has = choices.isEmpty ? "none" : choices.prefix(8).map { "\"\($0)\"" }.joined(separator: ", ") + (choices.count > 8 ? ", …" : "")
                misses.append("node \(id) (\(type)): \(input) \"\(chosen)\" — no such \(what) on the server (it has: \(has))")
            }
        }
        return misses
    }

    /// Loader inputs that name a model file.
    static let modelInputs: Set<String> = [
        "ckpt_name", "vae_name", "lora_name", "control_net_name", "clip_name", "clip_name1", "clip_name2", "unet_name",
        "model_name", "style_model_name", "gligen_name", "upscale_model", "config_name",
    ]

    /// The options of a combo input: `[[…options], {…}]` (classic) or `["COMBO", {"options": […]}]` (V3 nodes).
    static func choices(of input: String, in info: JSONValue) -> [String]? {
        let spec = info["input"]?["required"]?[input] ?? info["input"]?["optional"]?[input]
        guard let first = spec?[0] else { return nil }
        if case .array(let options) = first { return options.compactMap { $0.stringValue ?? $0.doubleValue.map { "\($0)" } } }
        if first.stringValue == "COMBO", let options = spec?[1]?["options"]?.arrayValue {
            return options.compactMap { $0.stringValue ?? $0.doubleValue.map { "\($0)" } }
        }
        return nil
    }

    /// Numeric ids in number order, then the rest.
    static func nodeOrder(_ a: String, _ b: String) -> Bool {
        switch (Int(a), Int(b)) {
        case let (x?, y?): x < y
        case (_?, nil): true
        case (nil, _?): false
        default: a < b
        }
    }
}
