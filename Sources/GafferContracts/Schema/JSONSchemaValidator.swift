#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Checks JSON documents against a JSON Schema (draft-07), reporting every violation with its
/// path and a message an operator can act on.
///
/// The schema is compiled once, at `init`: keyword values are checked, regular expressions are
/// compiled and local `$ref`s are resolved, so a broken schema fails loudly at load instead of
/// accepting everything later. A validator is an immutable value and can be shared across tasks.
///
/// Supported: `type`, `enum`, `const`, `properties`, `required`, `additionalProperties`,
/// `patternProperties`, `propertyNames`, `minProperties`, `maxProperties`, `dependencies`,
/// `items` (schema or tuple), `additionalItems`, `minItems`, `maxItems`, `uniqueItems`,
/// `contains`, `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`,
/// `minLength`, `maxLength` (Unicode scalars), `pattern` (unanchored search), `allOf`, `anyOf`,
/// `oneOf`, `not`, `if`/`then`/`else`, boolean schemas, local `$ref` (`#`, `#/definitions/…`,
/// siblings ignored), and `format` for `date-time` and `uri`. Other formats and unknown keywords
/// are annotations and are ignored, as draft-07 specifies. Remote `$ref`s and `$id`-based
/// references are refused at load.
public struct JSONSchemaValidator: Sendable {
    /// Compiled schemas, addressed by index; index 0 is the root.
    let nodes: [SchemaNode]

    /// Compiles `schema` for validation.
    /// - Throws: ``SchemaLoadError`` naming the schema location of the first malformed keyword,
    ///   invalid pattern, unresolvable `$ref`, or `$ref` loop that never reaches the instance.
    public init(schema: JSONValue) throws(SchemaLoadError) {
        var compiler = SchemaCompiler(document: schema)
        _ = try compiler.compile(at: .root)
        try compiler.checkForInfiniteRecursion()
        nodes = compiler.nodes
    }

    /// A validator over a node table compiled ahead of time: the bundled schemas' tables (`CompiledSchemas`),
    /// generated from this compiler's output, so a short-lived command neither parses nor compiles a schema.
    init(compiledNodes: [SchemaNode]) {
        nodes = compiledNodes
    }

    /// Every way `instance` fails the schema, in a deterministic order (schema keyword order,
    /// object members in code point order of their keys). Empty means valid.
    public func validate(_ instance: JSONValue) -> [SchemaViolation] {
        var violations: [SchemaViolation] = []
        check(node: 0, instance: instance, path: .root, into: &violations)
        return violations
    }

    /// Whether `instance` satisfies the schema.
    public func isValid(_ instance: JSONValue) -> Bool {
        validate(instance).isEmpty
    }
}
