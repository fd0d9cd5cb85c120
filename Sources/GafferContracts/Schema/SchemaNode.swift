#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One compiled (sub)schema. Equatable so a test can prove the generated tables (`CompiledSchemas`) are what the
/// compiler makes of each bundled schema. Subschemas are referred to by index into the validator's node
/// table, which lets recursive `$ref`s point back at a node without reference cycles in memory.
enum SchemaNode: Sendable, Equatable {
    /// The `true` schema (and `{}`): every instance is valid.
    case anything
    /// The `false` schema: no instance is valid.
    case nothing
    /// A `$ref`: validate against the node at this index; sibling keywords are ignored.
    case reference(Int)
    /// A schema object with its keywords checked and compiled.
    case keywords(SchemaKeywords)
}

/// The assertion and applicator keywords of one schema object, ready to evaluate.
struct SchemaKeywords: Sendable, Equatable {
    var types: [JSONTypeName]?
    var enumValues: [JSONValue]?
    var constValue: JSONValue?

    var minLength: Int?
    var maxLength: Int?
    var pattern: SchemaPattern?
    var format: StringFormat?

    var minimum: Double?
    var maximum: Double?
    var exclusiveMinimum: Double?
    var exclusiveMaximum: Double?
    var multipleOf: Double?

    var items: Items?
    var additionalItems: Int?
    var minItems: Int?
    var maxItems: Int?
    var uniqueItems = false
    var contains: Int?

    var properties: [String: Int] = [:]
    var patternProperties: [PatternProperty] = []
    var additionalProperties: Int?
    var required: [String] = []
    var propertyNames: Int?
    var minProperties: Int?
    var maxProperties: Int?
    /// Sorted by trigger property name, for a deterministic report order.
    var dependencies: [Dependency] = []

    var allOf: [Int]?
    var anyOf: [Int]?
    var oneOf: [Int]?
    var not: Int?
    var ifSchema: Int?
    var thenSchema: Int?
    var elseSchema: Int?

    /// `items` as one schema for every element, or as a tuple of positional schemas.
    enum Items: Sendable, Equatable {
        case all(Int)
        case tuple([Int])
    }

    struct PatternProperty: Sendable, Equatable {
        let pattern: SchemaPattern
        let node: Int
    }

    /// A `dependencies` entry: when `trigger` is present, either these properties must also be
    /// present, or the whole object must satisfy a schema.
    struct Dependency: Sendable, Equatable {
        let trigger: String
        let requirement: Requirement

        enum Requirement: Sendable, Equatable {
            case properties([String])
            case schema(Int)
        }
    }

    /// The subschemas applied to the same instance (not to a member or an element): a loop made
    /// only of these edges would recurse forever.
    var sameInstanceChildren: [Int] {
        var children = (allOf ?? []) + (anyOf ?? []) + (oneOf ?? [])
        children += [not, ifSchema, thenSchema, elseSchema].compactMap { $0 }
        for dependency in dependencies {
            if case .schema(let node) = dependency.requirement { children.append(node) }
        }
        return children
    }
}

/// The primitive type names of JSON Schema. "integer" is a number with no fractional part;
/// a boolean is never a number.
enum JSONTypeName: String, Sendable {
    case null, boolean, object, array, number, string, integer

    func admits(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.null, .null), (.boolean, .bool), (.object, .object), (.array, .array),
            (.number, .number), (.string, .string):
            true
        case (.integer, .number(let number)):
            number.isIntegralJSONNumber
        default:
            false
        }
    }
}
