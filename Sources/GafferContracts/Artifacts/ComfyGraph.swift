#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A ComfyUI graph in API format — node id → `{class_type, inputs, _meta?}` — as `POST /prompt` takes it (SPEC §13.2).
///
/// Read from an API-format file or from the original system's wrapper (`{workflow_id, caf_capabilities, nodes}`).
/// Nodes are named by id or by `_meta.title`; an input is addressed as `"<node>.<input>"`.
public struct ComfyGraph: Hashable, Sendable {
    /// Node id → the node object, as read (inputs changed by ``set(_:to:)``).
    public private(set) var nodes: [String: JSONValue]

    /// Reads a graph document; every fault names `source` and the JSON path.
    public static func parse(_ document: JSONValue, source: String) throws(ContractError) -> ComfyGraph {
        guard case .object(let top) = document else {
            throw .violations(source: source, [SchemaViolation(path: .root, message: "a ComfyUI graph is an object of nodes, not \(document.typeName)")])
        }
        var base = JSONPointer.root
        var members = top
        if let wrapped = top["nodes"] {
            // ComfyUI's UI format also has `nodes`, as an array beside `links`: not what /prompt takes.
            guard case .object(let inner) = wrapped else {
                throw .violations(source: source, [SchemaViolation(
                    path: base.appending("nodes"),
                    message: "is \(wrapped.typeName): this looks like ComfyUI's UI format; export the graph with \"Save (API)\"")])
            }
            base = base.appending("nodes")
            members = inner
        }
        var violations: [SchemaViolation] = []
        for (id, node) in members.sorted(by: { $0.key < $1.key }) {
            let at = base.appending(id)
            guard case .object(let fields) = node else {
                violations.append(SchemaViolation(path: at, message: "a node is an object with class_type and inputs, not \(node.typeName)"))
                continue
            }
            if fields["class_type"]?.stringValue?.isEmpty != false {
                violations.append(SchemaViolation(path: at.appending("class_type"), message: "every node names its class_type"))
            }
            if let inputs = fields["inputs"], inputs.objectValue == nil {
                violations.append(SchemaViolation(path: at.appending("inputs"), message: "inputs is an object, not \(inputs.typeName)"))
            }
        }
        if members.isEmpty { violations.append(SchemaViolation(path: base, message: "the graph has no nodes")) }
        guard violations.isEmpty else { throw .violations(source: source, violations) }
        return ComfyGraph(nodes: members)
    }

    /// Whether a document is shaped like a graph (every member a node with a `class_type`, or a `nodes` object of
    /// them): how `gaffer validate` tells a graph from a document of no known kind.
    public static func looksLikeGraph(_ document: JSONValue) -> Bool {
        guard case .object(let top) = document else { return false }
        let members = top["nodes"]?.objectValue ?? top
        return !members.isEmpty && members.values.allSatisfy { $0["class_type"]?.stringValue != nil }
    }

    /// Reads a graph file.
    public static func load(_ path: String) throws(ContractError) -> ComfyGraph {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(source: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot read" : "no such file")
        }
        return try parse(ContractDecoder.parse(data, source: path), source: path)
    }

    /// The node's id: `reference` is an id, or else a node's `_meta.title` (the first by id when titles repeat).
    public func nodeID(_ reference: String) -> String? {
        if nodes[reference] != nil { return reference }
        return nodes.keys.sorted().first { nodes[$0]?["_meta"]?["title"]?.stringValue == reference }
    }

    /// Node id → class type.
    public var classTypes: [String: String] {
        nodes.compactMapValues { $0["class_type"]?.stringValue }
    }

    /// The literal (unlinked) inputs of a node: a link is a `[node id, output index]` pair.
    public func literalInputs(of id: String) -> [String: JSONValue] {
        (nodes[id]?["inputs"]?.objectValue ?? [:]).filter { !Self.isLink($0.value) }
    }

    static func isLink(_ value: JSONValue) -> Bool {
        guard case .array(let pair) = value, pair.count == 2, pair[0].stringValue != nil, pair[1].doubleValue != nil else { return false }
        return true
    }

    /// A target `"<node>.<input>"` split at its last dot (titles may hold dots; input names do not).
    public static func split(_ target: String) -> (node: String, input: String)? {
        guard let dot = target.lastIndex(of: "."), dot != target.startIndex, target.index(after: dot) != target.endIndex else { return nil }
        return (String(target[..<dot]), String(target[target.index(after: dot)...]))
    }

    public enum EditError: Error, Hashable, Sendable, CustomStringConvertible {
        case malformedTarget(String)
        case unknownNode(String)

        public var description: String {
            switch self {
            case .malformedTarget(let target): "\"\(target)\" does not name a node input (\"<node id or title>.<input>\")"
            case .unknownNode(let node): "the graph has no node with id or title \"\(node)\""
            }
        }
    }

    /// Sets `target` (`"<node>.<input>"`) to `value`.
    public mutating func set(_ target: String, to value: JSONValue) throws(EditError) {
        guard let (node, input) = Self.split(target) else { throw .malformedTarget(target) }
        guard let id = nodeID(node), case .object(var fields) = nodes[id] else { throw .unknownNode(node) }
        var inputs = fields["inputs"]?.objectValue ?? [:]
        inputs[input] = value
        fields["inputs"] = .object(inputs)
        nodes[id] = .object(fields)
    }

    /// The graph as `POST /prompt` takes it.
    public var prompt: JSONValue { .object(nodes) }
}
