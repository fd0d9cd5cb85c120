import Foundation

@testable import GafferContracts

/// Writes `Sources/GafferContracts/Loading/CompiledSchemas.swift`: each bundled schema's node table, as the schema
/// compiler makes it, spelled as Swift. Lives with the tests because only the test that keeps the file current (and
/// writes it on request) runs it; the binaries only read the tables.
enum CompiledSchemaSource {
    /// The whole generated file for `schemas` (file name → text), in file-name order.
    static func render(_ schemas: [(fileName: String, text: String)]) throws -> String {
        let sorted = schemas.sorted { $0.fileName < $1.fileName }
        var lines = [
            "// Generated from shared/*.schema.json by the schema compiler (Tests/GafferContractsTests/CompiledSchemaSource.swift).",
            "// Do not edit by hand: python3 scripts/embed-schemas.py rewrites it. When SchemaKeywords changes shape and this file",
            "// no longer compiles, empty the switch (`default: nil`) and run the script.",
            "",
            "/// Each bundled schema's node table, compiled ahead of time: a command validates without parsing or compiling a",
            "/// schema. A test proves every table equals what `SchemaCompiler` makes of the bundled text.",
            "enum CompiledSchemas {",
            "    static func nodes(forSchemaFile name: String) -> [SchemaNode]? {",
            "        switch name {",
        ]
        for schema in sorted {
            lines.append("        case \(literal(schema.fileName)): \(functionName(schema.fileName))()")
        }
        lines += ["        default: nil", "        }", "    }"]
        for schema in sorted {
            let nodes = try JSONSchemaValidator(schema: try JSONParser.parse(Data(schema.text.utf8))).nodes
            lines += ["", "    private static func \(functionName(schema.fileName))() -> [SchemaNode] {",
                      "        var nodes: [SchemaNode] = []", "        nodes.reserveCapacity(\(nodes.count))"]
            for (index, node) in nodes.enumerated() {
                lines.append("        nodes.append(\(render(node)))  // \(index)")
            }
            lines += ["        return nodes", "    }"]
        }
        lines += ["}", ""]
        return lines.joined(separator: "\n")
    }

    /// `qc_policy.v1.schema.json` → `qcPolicyV1`.
    static func functionName(_ fileName: String) -> String {
        let stem = fileName.replacingOccurrences(of: ".schema.json", with: "")
        let words = stem.split(whereSeparator: { $0 == "_" || $0 == "." })
        return words.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }
            .joined()
    }

    static func render(_ node: SchemaNode) -> String {
        switch node {
        case .anything: ".anything"
        case .nothing: ".nothing"
        case .reference(let target): ".reference(\(target))"
        case .keywords(let keywords): ".keywords(SchemaKeywords(\(arguments(keywords).joined(separator: ", "))))"
        }
    }

    /// The memberwise initialiser's arguments that differ from their defaults, in declaration order.
    static func arguments(_ k: SchemaKeywords) -> [String] {
        var out: [String] = []
        func add(_ label: String, _ value: String?) { if let value { out.append("\(label): \(value)") } }
        add("types", k.types.map { "[" + $0.map { ".\($0)" }.joined(separator: ", ") + "]" })
        add("enumValues", k.enumValues.map { "[" + $0.map(render).joined(separator: ", ") + "]" })
        add("constValue", k.constValue.map(render))
        add("minLength", k.minLength.map(String.init))
        add("maxLength", k.maxLength.map(String.init))
        add("pattern", k.pattern.map { "SchemaPattern.bundled(\(literal($0.source)))" })
        add("format", k.format.map { ".\($0)" })
        add("minimum", k.minimum.map(number))
        add("maximum", k.maximum.map(number))
        add("exclusiveMinimum", k.exclusiveMinimum.map(number))
        add("exclusiveMaximum", k.exclusiveMaximum.map(number))
        add("multipleOf", k.multipleOf.map(number))
        add("items", k.items.map {
            switch $0 {
            case .all(let node): ".all(\(node))"
            case .tuple(let nodes): ".tuple(\(ints(nodes)))"
            }
        })
        add("additionalItems", k.additionalItems.map(String.init))
        add("minItems", k.minItems.map(String.init))
        add("maxItems", k.maxItems.map(String.init))
        add("uniqueItems", k.uniqueItems ? "true" : nil)
        add("contains", k.contains.map(String.init))
        add("properties", k.properties.isEmpty ? nil : "[" + k.properties.sorted { $0.key < $1.key }
            .map { "\(literal($0.key)): \($0.value)" }.joined(separator: ", ") + "]")
        add("patternProperties", k.patternProperties.isEmpty ? nil : "[" + k.patternProperties
            .map { "SchemaKeywords.PatternProperty(pattern: SchemaPattern.bundled(\(literal($0.pattern.source))), node: \($0.node))" }
            .joined(separator: ", ") + "]")
        add("additionalProperties", k.additionalProperties.map(String.init))
        add("required", k.required.isEmpty ? nil : "[" + k.required.map(literal).joined(separator: ", ") + "]")
        add("propertyNames", k.propertyNames.map(String.init))
        add("minProperties", k.minProperties.map(String.init))
        add("maxProperties", k.maxProperties.map(String.init))
        add("dependencies", k.dependencies.isEmpty ? nil : "[" + k.dependencies.map { dependency in
            let requirement = switch dependency.requirement {
            case .properties(let names): ".properties([\(names.map(literal).joined(separator: ", "))])"
            case .schema(let node): ".schema(\(node))"
            }
            return "SchemaKeywords.Dependency(trigger: \(literal(dependency.trigger)), requirement: \(requirement))"
        }.joined(separator: ", ") + "]")
        add("allOf", k.allOf.map(ints))
        add("anyOf", k.anyOf.map(ints))
        add("oneOf", k.oneOf.map(ints))
        add("not", k.not.map(String.init))
        add("ifSchema", k.ifSchema.map(String.init))
        add("thenSchema", k.thenSchema.map(String.init))
        add("elseSchema", k.elseSchema.map(String.init))
        return out
    }

    static func ints(_ values: [Int]) -> String { "[" + values.map(String.init).joined(separator: ", ") + "]" }

    /// Swift's shortest round-tripping spelling of a Double is a valid Swift literal.
    static func number(_ value: Double) -> String { "\(value)" }

    static func render(_ value: JSONValue) -> String {
        switch value {
        case .null: ".null"
        case .bool(let flag): ".bool(\(flag))"
        case .number(let number): ".number(\(self.number(number)))"
        case .string(let text): ".string(\(literal(text)))"
        case .array(let elements): ".array([" + elements.map(render).joined(separator: ", ") + "])"
        case .object(let members):
            members.isEmpty ? ".object([:])"
                : ".object([" + members.sorted { $0.key < $1.key }.map { "\(literal($0.key)): \(render($0.value))" }
                    .joined(separator: ", ") + "])"
        }
    }

    /// A Swift string literal of `text`: printable ASCII as is, everything else escaped.
    static func literal(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case " "..."~": out.unicodeScalars.append(scalar)
            default: out += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return out + "\""
    }
}
