import GafferContracts

/// The attempt's `{params}` written into the graph (SPEC §13.2), so a decision's `parameter_adjustments` reach it.
///
/// In order, later winning: node-keyed parameters (`{"sampler": {"denoise": 0.75}}`, a registry workflow's
/// `default_parameters`), parameters named `<node>.<input>`, the original system's job `comfyui.bindings`
/// (prompts and seed into the nodes it names, a parameter of the same name winning), and the stage's `inputs:`
/// mapping. Parameters that name no node (`max_frames`, `workflow_profile`) are the other engines' business.
enum PromptBuilder {
    struct Built: Sendable, Hashable {
        var graph: ComfyGraph
        /// Every input set, `"<node id>.<input>"` → value, for the engine log and the facts.
        var applied: [String: JSONValue]
    }

    struct Fault: Error, Hashable, CustomStringConvertible {
        let description: String
    }

    static func build(
        graph original: ComfyGraph, settings: ComfyUISettings, params: [String: JSONValue], job: JSONValue
    ) throws(Fault) -> Built {
        var graph = original
        var applied: [String: JSONValue] = [:]
        func set(_ target: String, _ value: JSONValue) throws(Fault) {
            do {
                try graph.set(target, to: value)
            } catch {
                throw Fault(description: "\(target): \(error)")
            }
            if let (node, input) = ComfyGraph.split(target), let id = graph.nodeID(node) { applied["\(id).\(input)"] = value }
        }

        for name in params.keys.sorted() {
            guard case .object(let inputs) = params[name]!, graph.nodeID(name) != nil else { continue }
            for input in inputs.keys.sorted() { try set("\(name).\(input)", inputs[input]!) }
        }
        for name in params.keys.sorted() {
            guard let (node, _) = ComfyGraph.split(name), graph.nodeID(node) != nil, params[name]?.objectValue == nil else { continue }
            try set(name, params[name]!)
        }
        if let bindings = job["comfyui"]?["bindings"] {
            try applyBindings(bindings, params: params, in: original, set: set)
        }
        for (name, target) in settings.inputs.sorted(by: { $0.key < $1.key }) {
            guard let value = params[name] else { continue }
            try set(target, value)
        }
        return Built(graph: graph, applied: applied)
    }

    /// The original's bindings: `positive_prompt` into the `text` of every `positive_nodes`, `negative_prompt`
    /// into the `negative_nodes`, `seed` into the `seed` (or `noise_seed`) of every `seed_nodes`.
    private static func applyBindings(
        _ bindings: JSONValue, params: [String: JSONValue], in graph: ComfyGraph,
        set: (String, JSONValue) throws(Fault) -> Void
    ) throws(Fault) {
        let nodes = graph.nodes
        let groups: [(value: String, nodes: String, input: (String) -> String)] = [
            ("positive_prompt", "positive_nodes", { _ in "text" }),
            ("negative_prompt", "negative_nodes", { _ in "text" }),
            ("seed", "seed_nodes", { id in nodes[id]?["inputs"]?["noise_seed"] != nil ? "noise_seed" : "seed" }),
        ]
        var missing: [String] = []
        for group in groups {
            guard let value = params[group.value] ?? bindings[group.value] else { continue }
            for node in (bindings[group.nodes]?.arrayValue ?? []).compactMap(\.stringValue) {
                guard let id = graph.nodeID(node) else {
                    missing.append(node)
                    continue
                }
                try set("\(id).\(group.input(id))", value)
            }
        }
        if !missing.isEmpty {
            throw Fault(description: "the job's comfyui.bindings name nodes the graph does not have: \(missing.joined(separator: ", "))")
        }
    }
}
