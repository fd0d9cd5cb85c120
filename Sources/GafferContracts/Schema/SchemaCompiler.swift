#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns a schema document into the validator's node table, checking every keyword it knows.
///
/// Nodes are keyed by their location in the document, so a location reached both directly and
/// through `$ref`s is compiled once, and recursive references resolve to a node that is still
/// being compiled.
struct SchemaCompiler {
    let document: JSONValue
    private(set) var nodes: [SchemaNode] = []
    private var locations: [JSONPointer] = []
    private var indexByLocation: [JSONPointer: Int] = [:]

    init(document: JSONValue) {
        self.document = document
    }

    /// Compiles the schema at `location` (which must exist) and returns its node index.
    mutating func compile(at location: JSONPointer) throws(SchemaLoadError) -> Int {
        if let index = indexByLocation[location] { return index }
        guard let schema = location.resolve(in: document) else {
            throw SchemaLoadError(path: location, message: "no schema at this location")
        }
        let index = nodes.count
        nodes.append(.anything)
        locations.append(location)
        indexByLocation[location] = index
        nodes[index] = try compileNode(schema, at: location)
        return index
    }

    /// Refuses schemas whose evaluation would never end: a loop of `$ref`/`allOf`/`anyOf`/
    /// `oneOf`/`not`/`if`/`then`/`else` that comes back to the same schema without descending
    /// into a property or an item.
    func checkForInfiniteRecursion() throws(SchemaLoadError) {
        enum Mark { case unvisited, inProgress, done }
        var marks = Array(repeating: Mark.unvisited, count: nodes.count)
        var stack: [(node: Int, children: [Int], next: Int)] = []
        for start in nodes.indices where marks[start] == .unvisited {
            marks[start] = .inProgress
            stack.append((start, sameInstanceChildren(of: start), 0))
            while let top = stack.last {
                guard top.next < top.children.count else {
                    marks[top.node] = .done
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let child = top.children[top.next]
                switch marks[child] {
                case .inProgress:
                    throw SchemaLoadError(
                        path: locations[child],
                        message: "this schema refers back to itself without descending into a property "
                            + "or an item, so validation would never end")
                case .unvisited:
                    marks[child] = .inProgress
                    stack.append((child, sameInstanceChildren(of: child), 0))
                case .done:
                    break
                }
            }
        }
    }

    private func sameInstanceChildren(of node: Int) -> [Int] {
        switch nodes[node] {
        case .anything, .nothing: []
        case .reference(let target): [target]
        case .keywords(let keywords): keywords.sameInstanceChildren
        }
    }

    // MARK: - Schema objects

    private mutating func compileNode(_ schema: JSONValue, at location: JSONPointer) throws(SchemaLoadError) -> SchemaNode {
        switch schema {
        case .bool(let accepts):
            return accepts ? .anything : .nothing
        case .object(let members):
            if let reference = members["$ref"] {
                return .reference(try resolveReference(reference, at: location.appending("$ref")))
            }
            return .keywords(try compileKeywords(SchemaMembers(members), at: location))
        default:
            throw SchemaLoadError(
                path: location, message: "a schema must be an object or a boolean, got \(schema.typeName)")
        }
    }

    /// RFC 3986 percent-decoding of a `$ref` fragment; nil when a `%` is not followed by two hex digits or the
    /// bytes are not UTF-8.
    static func percentDecoded(_ text: String) -> String? {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private mutating func resolveReference(_ reference: JSONValue, at location: JSONPointer) throws(SchemaLoadError) -> Int {
        guard let text = reference.stringValue else {
            throw SchemaLoadError(path: location, message: "$ref must be a string")
        }
        guard text.hasPrefix("#") else {
            throw SchemaLoadError(
                path: location,
                message: "$ref \"\(text)\" is not local; only references into this schema (\"#/...\") are supported")
        }
        let fragment = String(text.dropFirst())
        guard let decoded = Self.percentDecoded(fragment) else {
            throw SchemaLoadError(path: location, message: "$ref \"\(text)\" has invalid percent-encoding")
        }
        let target: JSONPointer
        do {
            target = try JSONPointer(parsing: decoded)
        } catch {
            throw SchemaLoadError(path: location, message: "$ref \"\(text)\": \(error.message)")
        }
        guard target.resolve(in: document) != nil else {
            throw SchemaLoadError(path: location, message: "$ref \"\(text)\" points at nothing in this schema")
        }
        return try compile(at: target)
    }

    private mutating func compileKeywords(_ members: SchemaMembers, at location: JSONPointer) throws(SchemaLoadError) -> SchemaKeywords {
        let reader = KeywordReader(members: members, location: location)
        var keywords = SchemaKeywords()

        if let type = members["type"] {
            keywords.types = try reader.typeNames(type)
        }
        keywords.enumValues = try reader.array("enum")
        keywords.constValue = members["const"]

        keywords.minLength = try reader.count("minLength")
        keywords.maxLength = try reader.count("maxLength")
        keywords.pattern = try reader.pattern("pattern")
        if let format = members["format"]?.stringValue {
            keywords.format = StringFormat(rawValue: format)
        }

        keywords.minimum = try reader.number("minimum")
        keywords.maximum = try reader.number("maximum")
        keywords.exclusiveMinimum = try reader.number("exclusiveMinimum")
        keywords.exclusiveMaximum = try reader.number("exclusiveMaximum")
        keywords.multipleOf = try reader.number("multipleOf")
        if let divisor = keywords.multipleOf, !(divisor > 0) || !divisor.isFinite {
            throw reader.error("multipleOf", "must be a number greater than 0")
        }

        if let items = members["items"] {
            if case .array(let schemas) = items {
                keywords.items = .tuple(try schemas.indices.map { position throws(SchemaLoadError) in
                    try compile(at: location.appending("items").appending(position))
                })
            } else {
                keywords.items = .all(try compile(at: location.appending("items")))
            }
        }
        keywords.additionalItems = try subschema("additionalItems", in: members, at: location)
        keywords.minItems = try reader.count("minItems")
        keywords.maxItems = try reader.count("maxItems")
        keywords.uniqueItems = try reader.flag("uniqueItems") ?? false
        keywords.contains = try subschema("contains", in: members, at: location)

        keywords.properties = try schemaMap("properties", in: members, at: location)
        for (source, node) in try schemaMap("patternProperties", in: members, at: location)
            .sorted(by: { JSONValue.codePointOrder($0.key, $1.key) })
        {
            let pattern = try reader.compilePattern(source, at: location.appending("patternProperties").appending(source))
            keywords.patternProperties.append(.init(pattern: pattern, node: node))
        }
        keywords.additionalProperties = try subschema("additionalProperties", in: members, at: location)
        keywords.required = try reader.strings("required") ?? []
        keywords.propertyNames = try subschema("propertyNames", in: members, at: location)
        keywords.minProperties = try reader.count("minProperties")
        keywords.maxProperties = try reader.count("maxProperties")
        keywords.dependencies = try dependencies(in: members, at: location, reader: reader)

        // Compiled even when unreferenced, so a broken definition fails at load, not never.
        _ = try schemaMap("definitions", in: members, at: location)

        keywords.allOf = try schemaList("allOf", in: members, at: location)
        keywords.anyOf = try schemaList("anyOf", in: members, at: location)
        keywords.oneOf = try schemaList("oneOf", in: members, at: location)
        keywords.not = try subschema("not", in: members, at: location)
        keywords.ifSchema = try subschema("if", in: members, at: location)
        if keywords.ifSchema != nil {
            keywords.thenSchema = try subschema("then", in: members, at: location)
            keywords.elseSchema = try subschema("else", in: members, at: location)
        }
        return keywords
    }

    // MARK: - Subschemas

    private mutating func subschema(_ keyword: String, in members: SchemaMembers, at location: JSONPointer) throws(SchemaLoadError) -> Int? {
        guard members[keyword] != nil else { return nil }
        return try compile(at: location.appending(keyword))
    }

    private mutating func schemaList(_ keyword: String, in members: SchemaMembers, at location: JSONPointer) throws(SchemaLoadError) -> [Int]? {
        guard let value = members[keyword] else { return nil }
        guard case .array(let schemas) = value, !schemas.isEmpty else {
            throw SchemaLoadError(path: location.appending(keyword), message: "must be a non-empty array of schemas")
        }
        return try schemas.indices.map { position throws(SchemaLoadError) in
            try compile(at: location.appending(keyword).appending(position))
        }
    }

    private mutating func schemaMap(_ keyword: String, in members: SchemaMembers, at location: JSONPointer) throws(SchemaLoadError) -> [String: Int] {
        guard let value = members[keyword] else { return [:] }
        guard case .object(let schemas) = value else {
            throw SchemaLoadError(path: location.appending(keyword), message: "must be an object of schemas")
        }
        var result: [String: Int] = [:]
        for name in schemas.keys.sorted(by: JSONValue.codePointOrder) {
            result[name] = try compile(at: location.appending(keyword).appending(name))
        }
        return result
    }

    private mutating func dependencies(in members: SchemaMembers, at location: JSONPointer, reader: KeywordReader) throws(SchemaLoadError) -> [SchemaKeywords.Dependency] {
        guard let value = members["dependencies"] else { return [] }
        guard case .object(let entries) = value else {
            throw reader.error("dependencies", "must be an object")
        }
        var result: [SchemaKeywords.Dependency] = []
        for trigger in entries.keys.sorted(by: JSONValue.codePointOrder) {
            let entryLocation = location.appending("dependencies").appending(trigger)
            if case .array(let names) = entries[trigger] {
                let strings = names.compactMap(\.stringValue)
                guard strings.count == names.count else {
                    throw SchemaLoadError(path: entryLocation, message: "must be an array of property names or a schema")
                }
                result.append(.init(trigger: trigger, requirement: .properties(strings)))
            } else {
                result.append(.init(trigger: trigger, requirement: .schema(try compile(at: entryLocation))))
            }
        }
        return result
    }
}

/// Reads and checks the scalar-valued keywords of one schema object.
private struct KeywordReader {
    let members: SchemaMembers
    let location: JSONPointer

    func error(_ keyword: String, _ message: String) -> SchemaLoadError {
        SchemaLoadError(path: location.appending(keyword), message: message)
    }

    func typeNames(_ value: JSONValue) throws(SchemaLoadError) -> [JSONTypeName] {
        let names: [JSONValue]
        if case .array(let list) = value { names = list } else { names = [value] }
        var types: [JSONTypeName] = []
        for name in names {
            guard let text = name.stringValue, let type = JSONTypeName(rawValue: text) else {
                throw error("type", "unknown type \(SchemaMessages.render(name)); expected null, boolean, object, "
                    + "array, number, string or integer")
            }
            types.append(type)
        }
        return types
    }

    func array(_ keyword: String) throws(SchemaLoadError) -> [JSONValue]? {
        guard let value = members[keyword] else { return nil }
        guard case .array(let elements) = value else { throw error(keyword, "must be an array") }
        return elements
    }

    func strings(_ keyword: String) throws(SchemaLoadError) -> [String]? {
        guard let elements = try array(keyword) else { return nil }
        let strings = elements.compactMap(\.stringValue)
        guard strings.count == elements.count else { throw error(keyword, "must be an array of strings") }
        return strings
    }

    func number(_ keyword: String) throws(SchemaLoadError) -> Double? {
        guard let value = members[keyword] else { return nil }
        guard let number = value.doubleValue else {
            throw error(keyword, "must be a number, got \(value.typeName)")
        }
        return number
    }

    func count(_ keyword: String) throws(SchemaLoadError) -> Int? {
        guard let number = try number(keyword) else { return nil }
        guard number.isIntegralJSONNumber, number >= 0, number <= Double(Int32.max) else {
            throw error(keyword, "must be a non-negative integer")
        }
        return Int(number)
    }

    func flag(_ keyword: String) throws(SchemaLoadError) -> Bool? {
        guard let value = members[keyword] else { return nil }
        guard let flag = value.boolValue else { throw error(keyword, "must be true or false") }
        return flag
    }

    func pattern(_ keyword: String) throws(SchemaLoadError) -> SchemaPattern? {
        guard let value = members[keyword] else { return nil }
        guard let source = value.stringValue else { throw error(keyword, "must be a string") }
        return try compilePattern(source, at: location.appending(keyword))
    }

    func compilePattern(_ source: String, at location: JSONPointer) throws(SchemaLoadError) -> SchemaPattern {
        do {
            return try SchemaPattern(source)
        } catch {
            throw SchemaLoadError(path: location, message: "invalid regular expression \(source)")
        }
    }
}

/// One schema object's members, looked up by keyword. The compiler asks every object for each of the forty-odd
/// keywords it knows while an object holds a handful: a scan of that handful costs a few string comparisons where a
/// dictionary lookup hashes the keyword each time (about a quarter of compiling a schema, in a short `gaffer qc`).
private struct SchemaMembers {
    private let entries: [(key: String, value: JSONValue)]

    init(_ members: [String: JSONValue]) {
        entries = Array(members)
    }

    subscript(keyword: String) -> JSONValue? {
        for entry in entries where entry.key == keyword { return entry.value }
        return nil
    }
}
