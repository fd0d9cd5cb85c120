/// Encodes an `Encodable` straight into a `JSONValue`, the form an artifact is validated in before it is written.
///
/// `JSONEncoder` made bytes that were then parsed back for the schema check; this builds the value once. The rules
/// are `JSONEncoder`'s defaults: `encodeIfPresent` of nil leaves the key out, `encodeNil` writes `null`, a number that
/// is not finite is refused, the last value encoded for a key wins.
public struct JSONValueEncoder {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let root = EncodingNode()
        try root.encodeValue(value, codingPath: [])
        guard let encoded = root.resolved else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(T.self) did not encode any value."))
        }
        return encoded
    }
}

/// One value under construction: a leaf, or an object or array whose members are nodes still being filled by the
/// containers that hold them (a container may be asked for after its parent wrote the key). Members live in the
/// class's own stored properties, so adding one mutates in place instead of copying the collection.
private final class EncodingNode {
    enum Kind { case empty, leaf, object, array }

    private(set) var kind = Kind.empty
    private var leafValue = JSONValue.null
    private var members: [String: EncodingNode] = [:]
    private var elements: [EncodingNode] = []

    var resolved: JSONValue? {
        switch kind {
        case .empty: nil
        case .leaf: leafValue
        case .object: .object(members.compactMapValues(\.resolved))
        case .array: .array(elements.map { $0.resolved ?? .null })
        }
    }

    func set(_ value: JSONValue) {
        kind = .leaf
        leafValue = value
        members = [:]
        elements = []
    }

    func encodeValue<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        if T.self == JSONValue.self, let raw = value as? JSONValue {
            set(raw)
            return
        }
        try value.encode(to: NodeEncoder(node: self, codingPath: codingPath))
    }

    /// Makes this node an object (keeping members already written) and returns it for a keyed container.
    func asObject() -> EncodingNode {
        if kind != .object {
            kind = .object
            members = [:]
        }
        return self
    }

    func asArray() -> EncodingNode {
        if kind != .array {
            kind = .array
            elements = []
        }
        return self
    }

    func member(_ key: String) -> EncodingNode {
        if let existing = members[key] { return existing }
        return replacingMember(key)
    }

    /// A fresh member under `key`, replacing what was there (the last value encoded for a key wins).
    func replacingMember(_ key: String) -> EncodingNode {
        let node = EncodingNode()
        members[key] = node
        return node
    }

    func appended() -> EncodingNode {
        let node = EncodingNode()
        elements.append(node)
        return node
    }

    var count: Int { elements.count }
}

private struct NodeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node.asObject(), codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedNodeContainer(node: node.asArray(), codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

/// Numbers as `JSONValue` holds them; a value that is not finite is refused, as `JSONEncoder` refuses it. (A `Float`
/// goes through its shortest text, as `JSONEncoder` writes it, so 0.1 stays 0.1.)
private func number(_ value: Double, original: Any, codingPath: [any CodingKey]) throws -> JSONValue {
    guard value.isFinite else {
        throw EncodingError.invalidValue(
            original, .init(codingPath: codingPath, debugDescription: "Unable to encode \(value) directly in JSON."))
    }
    return .number(value)
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    func encodeNil() { node.set(.null) }
    func encode(_ value: Bool) { node.set(.bool(value)) }
    func encode(_ value: String) { node.set(.string(value)) }
    func encode(_ value: Double) throws { node.set(try number(value, original: value, codingPath: codingPath)) }
    func encode(_ value: Float) throws { node.set(try number(Double("\(value)") ?? Double(value), original: value, codingPath: codingPath)) }
    func encode(_ value: Int) { node.set(.number(Double(value))) }
    func encode(_ value: Int8) { node.set(.number(Double(value))) }
    func encode(_ value: Int16) { node.set(.number(Double(value))) }
    func encode(_ value: Int32) { node.set(.number(Double(value))) }
    func encode(_ value: Int64) { node.set(.number(Double(value))) }
    func encode(_ value: UInt) { node.set(.number(Double(value))) }
    func encode(_ value: UInt8) { node.set(.number(Double(value))) }
    func encode(_ value: UInt16) { node.set(.number(Double(value))) }
    func encode(_ value: UInt32) { node.set(.number(Double(value))) }
    func encode(_ value: UInt64) { node.set(.number(Double(value))) }
    func encode<T: Encodable>(_ value: T) throws { try node.encodeValue(value, codingPath: codingPath) }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    private func leaf(_ value: JSONValue, _ key: Key) { node.replacingMember(key.stringValue).set(value) }

    func encodeNil(forKey key: Key) { leaf(.null, key) }
    func encode(_ value: Bool, forKey key: Key) { leaf(.bool(value), key) }
    func encode(_ value: String, forKey key: Key) { leaf(.string(value), key) }
    func encode(_ value: Double, forKey key: Key) throws { leaf(try number(value, original: value, codingPath: codingPath + [key]), key) }
    func encode(_ value: Float, forKey key: Key) throws { leaf(try number(Double("\(value)") ?? Double(value), original: value, codingPath: codingPath + [key]), key) }
    func encode(_ value: Int, forKey key: Key) { leaf(.number(Double(value)), key) }
    func encode(_ value: Int8, forKey key: Key) { leaf(.number(Double(value)), key) }
    func encode(_ value: Int16, forKey key: Key) { leaf(.number(Double(value)), key) }
    func encode(_ value: Int32, forKey key: Key) { leaf(.number(Double(value)), key) }
    func encode(_ value: Int64, forKey key: Key) { leaf(.number(Double(value)), key) }
    func encode(_ value: UInt, forKey key: Key) { leaf(.number(Double(value)), key) }
    func encode(_ value: UInt8, forKey key: Key) { leaf(.number(Double(value)), key) }
    func encode(_ value: UInt16, forKey key: Key) { leaf(.number(Double(value)), key) }
    func encode(_ value: UInt32, forKey key: Key) { leaf(.number(Double(value)), key) }
    func encode(_ value: UInt64, forKey key: Key) { leaf(.number(Double(value)), key) }

    func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try node.replacingMember(key.stringValue).encodeValue(value, codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: node.member(key.stringValue).asObject(), codingPath: codingPath + [key]))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        UnkeyedNodeContainer(node: node.member(key.stringValue).asArray(), codingPath: codingPath + [key])
    }

    func superEncoder() -> any Encoder {
        NodeEncoder(node: node.member("super"), codingPath: codingPath + [JSONIndexKey(stringValue: "super")])
    }

    func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    var count: Int { node.count }

    private var nextPath: [any CodingKey] { codingPath + [JSONIndexKey(intValue: count)] }

    func encodeNil() { node.appended().set(.null) }
    func encode(_ value: Bool) { node.appended().set(.bool(value)) }
    func encode(_ value: String) { node.appended().set(.string(value)) }
    func encode(_ value: Double) throws { let leaf = try number(value, original: value, codingPath: nextPath); node.appended().set(leaf) }
    func encode(_ value: Float) throws { let leaf = try number(Double("\(value)") ?? Double(value), original: value, codingPath: nextPath); node.appended().set(leaf) }
    func encode(_ value: Int) { node.appended().set(.number(Double(value))) }
    func encode(_ value: Int8) { node.appended().set(.number(Double(value))) }
    func encode(_ value: Int16) { node.appended().set(.number(Double(value))) }
    func encode(_ value: Int32) { node.appended().set(.number(Double(value))) }
    func encode(_ value: Int64) { node.appended().set(.number(Double(value))) }
    func encode(_ value: UInt) { node.appended().set(.number(Double(value))) }
    func encode(_ value: UInt8) { node.appended().set(.number(Double(value))) }
    func encode(_ value: UInt16) { node.appended().set(.number(Double(value))) }
    func encode(_ value: UInt32) { node.appended().set(.number(Double(value))) }
    func encode(_ value: UInt64) { node.appended().set(.number(Double(value))) }

    func encode<T: Encodable>(_ value: T) throws {
        let path = nextPath
        try node.appended().encodeValue(value, codingPath: path)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: node.appended().asObject(), codingPath: path))
    }

    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        return UnkeyedNodeContainer(node: node.appended().asArray(), codingPath: path)
    }

    func superEncoder() -> any Encoder {
        let path = nextPath
        return NodeEncoder(node: node.appended(), codingPath: path)
    }
}
