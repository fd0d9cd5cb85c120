import Foundation
import Testing

@testable import GafferContracts

@Suite("JSONSchemaValidator")
struct JSONSchemaValidatorTests {
    /// One keyword rule: a schema, an instance, and the exact violations expected (empty: valid).
    struct Case: Sendable, CustomTestStringConvertible {
        let rule: String
        let schema: String
        let instance: String
        let violations: [String]
        var testDescription: String { rule }

        init(_ rule: String, schema: String, instance: String, _ violations: [String] = []) {
            self.rule = rule
            self.schema = schema
            self.instance = instance
            self.violations = violations
        }
    }

    static func violations(schema: String, instance: String) throws -> [String] {
        let validator = try JSONSchemaValidator(schema: JSONParser.parse(schema))
        return validator.validate(try JSONParser.parse(instance)).map(\.description)
    }

    // MARK: - Type, enum, const

    @Test(arguments: [
        Case("type string accepts a string", schema: #"{"type": "string"}"#, instance: #""x""#),
        Case("type number rejects a string", schema: #"{"type": "number"}"#, instance: #""high""#,
            [#"/: expected number, got string "high""#]),
        Case("type integer accepts 1.0", schema: #"{"type": "integer"}"#, instance: "1.0"),
        Case("type integer rejects 1.5", schema: #"{"type": "integer"}"#, instance: "1.5",
            ["/: expected integer, got number 1.5"]),
        Case("type number accepts an integer", schema: #"{"type": "number"}"#, instance: "3"),
        Case("true is not a number", schema: #"{"type": "number"}"#, instance: "true",
            ["/: expected number, got boolean true"]),
        Case("0 is not a boolean", schema: #"{"type": "boolean"}"#, instance: "0",
            ["/: expected boolean, got integer 0"]),
        Case("type array accepts any of the listed", schema: #"{"type": ["string", "null"]}"#, instance: "null"),
        Case("type array lists alternatives", schema: #"{"type": ["string", "integer", "null"]}"#, instance: "[1]",
            ["/: expected string, integer or null, got array of 1 item"]),
        Case("type object rejects array", schema: #"{"type": "object"}"#, instance: "[]",
            ["/: expected object, got array of 0 items"]),
        Case("NaN is a number", schema: #"{"type": "number"}"#, instance: "NaN"),
        Case("Infinity is a number", schema: #"{"type": "number"}"#, instance: "-Infinity"),
        Case("Infinity is not an integer", schema: #"{"type": "integer"}"#, instance: "Infinity",
            ["/: expected integer, got number Infinity"]),
        Case("wrong type suppresses the other keywords", schema: #"{"type": "string", "enum": ["a"], "minLength": 3}"#,
            instance: "1", ["/: expected string, got integer 1"]),
        Case("enum accepts a listed value", schema: #"{"enum": ["PROCEED", "RETRY_STAGE"]}"#, instance: #""PROCEED""#),
        Case("enum rejects an unlisted value", schema: #"{"enum": ["PROCEED", "RETRY_STAGE", null, 3]}"#,
            instance: #""retry_motion""#, [#"/: "retry_motion" is not one of "PROCEED", "RETRY_STAGE", null, 3"#]),
        Case("enum compares numbers numerically", schema: #"{"enum": [1, 2]}"#, instance: "1.0"),
        Case("enum compares objects structurally", schema: #"{"enum": [{"a": [1, true]}]}"#, instance: #"{"a": [1.0, true]}"#),
        Case("enum does not confuse true and 1", schema: #"{"enum": [1]}"#, instance: "true",
            ["/: true is not one of 1"]),
        Case("const accepts the value", schema: #"{"const": "v1"}"#, instance: #""v1""#),
        Case("const rejects another value", schema: #"{"const": "v1"}"#, instance: #""v2""#,
            [#"/: must be "v1", got "v2""#]),
    ])
    func typeEnumAndConst(_ row: Case) throws {
        let violations = try Self.violations(schema: row.schema, instance: row.instance)
        #expect(violations == row.violations)
    }

    // MARK: - Strings and numbers

    @Test(arguments: [
        Case("minLength accepts long enough", schema: #"{"minLength": 2}"#, instance: #""ab""#),
        Case("minLength rejects too short", schema: #"{"minLength": 3}"#, instance: #""ab""#,
            ["/: must be at least 3 characters long, got 2"]),
        Case("maxLength counts Unicode scalars", schema: #"{"maxLength": 2}"#, instance: #""é😀""#),
        Case("maxLength rejects too long", schema: #"{"maxLength": 1}"#, instance: #""ab""#,
            ["/: must be at most 1 character long, got 2"]),
        Case("length keywords ignore non-strings", schema: #"{"minLength": 3}"#, instance: "1"),
        Case("pattern matches", schema: #"{"pattern": "^[a-z0-9][a-z0-9-]{5,63}$"}"#, instance: #""shot-0001""#),
        Case("pattern rejects", schema: #"{"pattern": "^[a-z0-9][a-z0-9-]{5,63}$"}"#, instance: #""Shot_1""#,
            [#"/: "Shot_1" does not match pattern ^[a-z0-9][a-z0-9-]{5,63}$"#]),
        Case("pattern is an unanchored search", schema: #"{"pattern": "b+"}"#, instance: #""abbbc""#),
        Case("date-time with Z", schema: #"{"format": "date-time"}"#, instance: #""2026-02-18T00:00:00Z""#),
        Case("date-time with fraction and offset", schema: #"{"format": "date-time"}"#,
            instance: #""2024-02-29T23:59:60.123456+05:30""#),
        Case("date-time without offset is invalid", schema: #"{"format": "date-time"}"#, instance: #""2026-02-18T00:00:00""#,
            [#"/: "2026-02-18T00:00:00" is not a valid date-time (RFC 3339, e.g. 2026-02-18T00:00:00Z)"#]),
        Case("date-time checks the calendar", schema: #"{"format": "date-time"}"#, instance: #""2026-02-29T00:00:00Z""#,
            [#"/: "2026-02-29T00:00:00Z" is not a valid date-time (RFC 3339, e.g. 2026-02-18T00:00:00Z)"#]),
        Case("date-time rejects a bare date", schema: #"{"format": "date-time"}"#, instance: #""2026-02-18""#,
            [#"/: "2026-02-18" is not a valid date-time (RFC 3339, e.g. 2026-02-18T00:00:00Z)"#]),
        Case("uri accepts an absolute URI", schema: #"{"format": "uri"}"#, instance: #""https://example.com/a?b=c#d""#),
        Case("uri accepts a URN", schema: #"{"format": "uri"}"#, instance: #""urn:isbn:0451450523""#),
        Case("uri rejects a relative reference", schema: #"{"format": "uri"}"#, instance: #""example.com/path""#,
            [#"/: "example.com/path" is not a valid URI (absolute, with a scheme, e.g. https://example.com/path)"#]),
        Case("uri rejects spaces", schema: #"{"format": "uri"}"#, instance: #""http://a b""#,
            [#"/: "http://a b" is not a valid URI (absolute, with a scheme, e.g. https://example.com/path)"#]),
        Case("unknown formats are annotations", schema: #"{"format": "email"}"#, instance: #""not an email""#),
        Case("minimum accepts the bound", schema: #"{"minimum": 0}"#, instance: "0"),
        Case("minimum rejects below", schema: #"{"minimum": 0}"#, instance: "-1", ["/: must be >= 0, got -1"]),
        Case("minimum rejects NaN", schema: #"{"minimum": 0}"#, instance: "NaN", ["/: must be >= 0, got NaN"]),
        Case("maximum accepts the bound", schema: #"{"maximum": 1}"#, instance: "1.0"),
        Case("maximum rejects above", schema: #"{"maximum": 1}"#, instance: "1.5", ["/: must be <= 1, got 1.5"]),
        Case("maximum rejects NaN", schema: #"{"maximum": 1}"#, instance: "NaN", ["/: must be <= 1, got NaN"]),
        Case("maximum rejects Infinity", schema: #"{"maximum": 1e308}"#, instance: "Infinity",
            ["/: must be <= 1e+308, got Infinity"]),
        Case("exclusiveMinimum accepts above", schema: #"{"exclusiveMinimum": 0}"#, instance: "0.001"),
        Case("exclusiveMinimum rejects the bound", schema: #"{"exclusiveMinimum": 0}"#, instance: "0",
            ["/: must be > 0, got 0"]),
        Case("exclusiveMaximum accepts below", schema: #"{"exclusiveMaximum": 1}"#, instance: "0.999"),
        Case("exclusiveMaximum rejects the bound", schema: #"{"exclusiveMaximum": 1}"#, instance: "1",
            ["/: must be < 1, got 1"]),
        Case("multipleOf accepts integers", schema: #"{"multipleOf": 5}"#, instance: "25"),
        Case("multipleOf tolerates binary rounding", schema: #"{"multipleOf": 0.1}"#, instance: "0.3"),
        Case("multipleOf rejects", schema: #"{"multipleOf": 0.5}"#, instance: "0.3",
            ["/: must be a multiple of 0.5, got 0.3"]),
        Case("number keywords ignore strings", schema: #"{"minimum": 5}"#, instance: #""1""#),
    ])
    func stringAndNumberKeywords(_ row: Case) throws {
        let violations = try Self.violations(schema: row.schema, instance: row.instance)
        #expect(violations == row.violations)
    }

    // MARK: - Arrays

    @Test(arguments: [
        Case("items applies to every element", schema: #"{"items": {"type": "integer"}}"#, instance: "[1, 2]"),
        Case("items reports each bad element", schema: #"{"items": {"type": "integer"}}"#, instance: #"[1, "a", 2.5]"#,
            [#"/1: expected integer, got string "a""#, "/2: expected integer, got number 2.5"]),
        Case("tuple items check positions", schema: #"{"items": [{"type": "string"}, {"type": "number"}]}"#,
            instance: #"["a", 1, null]"#),
        Case("tuple items reject a wrong position", schema: #"{"items": [{"type": "string"}, {"type": "number"}]}"#,
            instance: #"[1, 1]"#, ["/0: expected string, got integer 1"]),
        Case("additionalItems false rejects extra elements",
            schema: #"{"items": [{"type": "string"}], "additionalItems": false}"#, instance: #"["a", 1]"#,
            ["/1: unexpected item: at most 1 item allowed"]),
        Case("additionalItems schema checks extra elements",
            schema: #"{"items": [{}], "additionalItems": {"type": "string"}}"#, instance: #"[1, "b", 3]"#,
            ["/2: expected string, got integer 3"]),
        Case("additionalItems is ignored without tuple items",
            schema: #"{"items": {}, "additionalItems": false}"#, instance: "[1, 2]"),
        Case("minItems accepts", schema: #"{"minItems": 1}"#, instance: "[0]"),
        Case("minItems rejects", schema: #"{"minItems": 1}"#, instance: "[]", ["/: must have at least 1 item, got 0"]),
        Case("maxItems accepts", schema: #"{"maxItems": 2}"#, instance: "[1, 2]"),
        Case("maxItems rejects", schema: #"{"maxItems": 2}"#, instance: "[1, 2, 3]", ["/: must have at most 2 items, got 3"]),
        Case("uniqueItems accepts distinct", schema: #"{"uniqueItems": true}"#, instance: #"[1, "1", true, [1], {"a": 1}]"#),
        Case("uniqueItems rejects duplicates numerically", schema: #"{"uniqueItems": true}"#, instance: #"[1, 2, 1.0, {"a": 1}, {"a": 1}]"#,
            ["/2: duplicates item 0; items must be unique", "/4: duplicates item 3; items must be unique"]),
        Case("uniqueItems false allows duplicates", schema: #"{"uniqueItems": false}"#, instance: "[1, 1]"),
        Case("contains accepts when one matches", schema: #"{"contains": {"const": "final"}}"#, instance: #"["draft", "final"]"#),
        Case("contains rejects when none matches", schema: #"{"contains": {"const": "final"}}"#, instance: #"["draft"]"#,
            [#"/: must contain at least one item matching the "contains" schema"#]),
        Case("contains rejects an empty array", schema: #"{"contains": {}}"#, instance: "[]",
            [#"/: must contain at least one item matching the "contains" schema"#]),
    ])
    func arrayKeywords(_ row: Case) throws {
        let violations = try Self.violations(schema: row.schema, instance: row.instance)
        #expect(violations == row.violations)
    }

    // MARK: - Objects

    @Test(arguments: [
        Case("properties check declared members", schema: #"{"properties": {"a": {"type": "string"}}}"#, instance: #"{"a": "x", "b": 1}"#),
        Case("properties report at the member path", schema: #"{"properties": {"a": {"type": "string"}}}"#,
            instance: #"{"a": 1}"#, ["/a: expected string, got integer 1"]),
        Case("required accepts present members", schema: #"{"required": ["gate_id"]}"#, instance: #"{"gate_id": "g"}"#),
        Case("required rejects a missing member", schema: #"{"required": ["gate_id", "metric"]}"#, instance: #"{"metric": "m"}"#,
            [#"/: is missing required property "gate_id""#]),
        Case("additionalProperties false suggests the intended name",
            schema: #"{"properties": {"threshold": {}, "gate_id": {}}, "additionalProperties": false}"#,
            instance: #"{"gate_id": "g", "treshold": 0.5}"#, [#"/treshold: unexpected property; did you mean "threshold"?"#]),
        Case("additionalProperties false lists the allowed names",
            schema: #"{"properties": {"b": {}, "a": {}}, "additionalProperties": false}"#,
            instance: #"{"a": 1, "zzz": 2}"#, ["/zzz: unexpected property (allowed: a, b)"]),
        Case("additionalProperties schema checks undeclared members",
            schema: #"{"properties": {"a": {}}, "additionalProperties": {"type": "number"}}"#,
            instance: #"{"a": "x", "b": 1, "c": "y"}"#, [#"/c: expected number, got string "y""#]),
        Case("patternProperties check matching names",
            schema: #"{"patternProperties": {"^x-": {"type": "string"}}}"#, instance: #"{"x-a": "ok", "x-b": 2, "y": 3}"#,
            ["/x-b: expected string, got integer 2"]),
        Case("patternProperties count as declared for additionalProperties",
            schema: #"{"patternProperties": {"^x-": {}}, "additionalProperties": false}"#, instance: #"{"x-a": 1, "y": 2}"#,
            ["/y: unexpected property"]),
        Case("propertyNames accepts valid names", schema: #"{"propertyNames": {"pattern": "^[a-z_]+$"}}"#, instance: #"{"gate_id": 1}"#),
        Case("propertyNames rejects invalid names", schema: #"{"propertyNames": {"pattern": "^[a-z_]+$"}}"#,
            instance: #"{"Gate": 1}"#, [#"/Gate: invalid property name: "Gate" does not match pattern ^[a-z_]+$"#]),
        Case("minProperties accepts", schema: #"{"minProperties": 1}"#, instance: #"{"a": 1}"#),
        Case("minProperties rejects", schema: #"{"minProperties": 1}"#, instance: "{}", ["/: must have at least 1 property, got 0"]),
        Case("maxProperties accepts", schema: #"{"maxProperties": 1}"#, instance: #"{"a": 1}"#),
        Case("maxProperties rejects", schema: #"{"maxProperties": 1}"#, instance: #"{"a": 1, "b": 2}"#,
            ["/: must have at most 1 property, got 2"]),
        Case("dependencies on names", schema: #"{"dependencies": {"retry": ["max_retries"]}}"#, instance: #"{"retry": true}"#,
            [#"/: is missing property "max_retries", required when "retry" is present"#]),
        Case("dependencies on a schema", schema: #"{"dependencies": {"retry": {"required": ["max_retries"]}}}"#,
            instance: #"{"other": true}"#),
        Case("members are reported in sorted key order",
            schema: #"{"additionalProperties": {"type": "string"}}"#, instance: #"{"b": 1, "a": 2, "B": 3}"#,
            ["/B: expected string, got integer 3", "/a: expected string, got integer 2", "/b: expected string, got integer 1"]),
        Case("path tokens are escaped", schema: #"{"properties": {"a/b~c": {"type": "string"}}}"#, instance: #"{"a/b~c": 1}"#,
            ["/a~1b~0c: expected string, got integer 1"]),
    ])
    func objectKeywords(_ row: Case) throws {
        let violations = try Self.violations(schema: row.schema, instance: row.instance)
        #expect(violations == row.violations)
    }

    // MARK: - Combinators, references, boolean schemas

    @Test(arguments: [
        Case("allOf accepts when all match", schema: #"{"allOf": [{"type": "integer"}, {"minimum": 0}]}"#, instance: "3"),
        Case("allOf reports every failing branch", schema: #"{"allOf": [{"minimum": 5}, {"multipleOf": 2}]}"#, instance: "3",
            ["/: must be >= 5, got 3", "/: must be a multiple of 2, got 3"]),
        Case("anyOf accepts when one matches", schema: #"{"anyOf": [{"type": "string"}, {"type": "null"}]}"#, instance: "null"),
        Case("anyOf merges rejected types", schema: #"{"anyOf": [{"type": "string"}, {"type": "null"}]}"#, instance: "3",
            ["/: matches none of the allowed shapes (anyOf): expected string or null, got integer 3"]),
        Case("anyOf names the closest branch",
            schema: #"{"anyOf": [{"type": "string"}, {"type": "object", "required": ["kind"]}]}"#, instance: "{}",
            [#"/: matches none of the allowed shapes (anyOf); closest is anyOf[1]: is missing required property "kind""#]),
        Case("oneOf accepts exactly one match", schema: #"{"oneOf": [{"type": "integer"}, {"type": "string"}]}"#, instance: "1"),
        Case("oneOf rejects no match",
            schema: #"{"oneOf": [{"properties": {"a": {"type": "string"}}}, {"required": ["b"]}]}"#, instance: #"{"a": 1}"#,
            [#"/: matches none of the allowed shapes (oneOf); closest is oneOf[0]: /a: expected string, got integer 1"#]),
        Case("oneOf rejects several matches", schema: #"{"oneOf": [{"type": "integer"}, {"minimum": 0}]}"#, instance: "1",
            ["/: matches more than one of the allowed shapes (oneOf): oneOf[0] and oneOf[1] both match"]),
        Case("not accepts a non-match", schema: #"{"not": {"type": "null"}}"#, instance: "1"),
        Case("not rejects a match", schema: #"{"not": {"type": "null"}}"#, instance: "null",
            [#"/: must not match the schema in "not""#]),
        Case("if true applies then",
            schema: #"{"if": {"properties": {"kind": {"const": "video"}}}, "then": {"required": ["fps"]}, "else": {"required": ["dpi"]}}"#,
            instance: #"{"kind": "video"}"#, [#"/: is missing required property "fps""#]),
        Case("if false applies else",
            schema: #"{"if": {"properties": {"kind": {"const": "video"}}}, "then": {"required": ["fps"]}, "else": {"required": ["dpi"]}}"#,
            instance: #"{"kind": "image"}"#, [#"/: is missing required property "dpi""#]),
        Case("then without if is ignored", schema: #"{"then": false}"#, instance: "1"),
        Case("true schema accepts anything", schema: "true", instance: #"{"a": [1]}"#),
        Case("false schema rejects everything", schema: "false", instance: "null", ["/: no value is allowed here"]),
        Case("false subschema rejects the member", schema: #"{"properties": {"a": false}}"#, instance: #"{"a": 1}"#,
            ["/a: no value is allowed here"]),
        Case("ref to definitions", schema: ##"{"definitions": {"id": {"type": "string"}}, "properties": {"x": {"$ref": "#/definitions/id"}}}"##,
            instance: #"{"x": 1}"#, ["/x: expected string, got integer 1"]),
        Case("ref with ~0 ~1 and percent escapes",
            schema: ##"{"definitions": {"a/b": {"type": "string"}, "m~n": {"type": "integer"}, "sp ace": {"const": 1}}, "items": [{"$ref": "#/definitions/a~1b"}, {"$ref": "#/definitions/m~0n"}, {"$ref": "#/definitions/sp%20ace"}]}"##,
            instance: #"[1, "x", 2]"#,
            ["/0: expected string, got integer 1", #"/1: expected integer, got string "x""#, "/2: must be 1, got 2"]),
        Case("ref siblings are ignored", schema: ##"{"definitions": {"n": {"type": "number"}}, "$ref": "#/definitions/n", "type": "string"}"##,
            instance: "1"),
        Case("recursive ref to the root",
            schema: ##"{"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#"}}}, "additionalProperties": false}"##,
            instance: #"{"children": [{"children": []}, {"children": [{"kids": 1}]}]}"#,
            ["/children/1/children/0/kids: unexpected property (allowed: children)"]),
        Case("annotation keywords are ignored",
            schema: #"{"$schema": "http://json-schema.org/draft-07/schema#", "$id": "x", "title": "t", "description": "d", "default": 1, "examples": [1], "$comment": "c"}"#,
            instance: "[]"),
    ])
    func combinatorsAndReferences(_ row: Case) throws {
        let violations = try Self.violations(schema: row.schema, instance: row.instance)
        #expect(violations == row.violations)
    }

    // MARK: - Whole documents

    static let gatePolicySchema = #"""
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "type": "object",
          "required": ["version", "gates"],
          "additionalProperties": false,
          "properties": {
            "version": {"const": 1},
            "policy_id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{5,63}$"},
            "created_at": {"type": "string", "format": "date-time"},
            "gates": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/gate"}}
          },
          "definitions": {
            "action": {"enum": ["PROCEED", "RETRY_STAGE", "ESCALATE"]},
            "gate": {
              "type": "object",
              "required": ["gate_id", "threshold", "failure_action"],
              "additionalProperties": false,
              "properties": {
                "gate_id": {"type": "string"},
                "threshold": {"type": "number", "minimum": 0, "maximum": 1},
                "failure_action": {"$ref": "#/definitions/action"}
              }
            }
          }
        }
        """#

    @Test func collectsEveryViolationInDocumentOrder() throws {
        let instance = #"""
            {
              "version": 1,
              "policy_id": "Bad_ID",
              "created_at": "yesterday",
              "gates": [
                {"gate_id": "sharpness", "threshold": 0.35, "failure_action": "PROCEED"},
                {"gate_id": "motion", "treshold": 0.5, "failure_action": "RETRY_STAGE"},
                {"gate_id": "flicker", "threshold": "high", "failure_action": "retry_motion"},
                {"threshold": -1, "failure_action": "ESCALATE"}
              ]
            }
            """#
        let violations = try Self.violations(schema: Self.gatePolicySchema, instance: instance)
        #expect(violations == [
            #"/created_at: "yesterday" is not a valid date-time (RFC 3339, e.g. 2026-02-18T00:00:00Z)"#,
            #"/gates/1: is missing required property "threshold""#,
            #"/gates/1/treshold: unexpected property; did you mean "threshold"?"#,
            #"/gates/2/failure_action: "retry_motion" is not one of "PROCEED", "RETRY_STAGE", "ESCALATE""#,
            #"/gates/2/threshold: expected number, got string "high""#,
            #"/gates/3: is missing required property "gate_id""#,
            "/gates/3/threshold: must be >= 0, got -1",
            #"/policy_id: "Bad_ID" does not match pattern ^[a-z0-9][a-z0-9-]{5,63}$"#,
        ])
    }

    @Test func validDocumentHasNoViolations() throws {
        let instance = #"{"version": 1, "created_at": "2026-02-18T00:00:00Z", "gates": [{"gate_id": "g", "threshold": 1, "failure_action": "PROCEED"}]}"#
        let validator = try JSONSchemaValidator(schema: JSONParser.parse(Self.gatePolicySchema))
        #expect(validator.validate(try JSONParser.parse(instance)).isEmpty)
        #expect(validator.isValid(try JSONParser.parse(instance)))
    }

    @Test func violationExposesPathAndMessage() throws {
        let validator = try JSONSchemaValidator(schema: JSONParser.parse(#"{"items": {"type": "string"}}"#))
        let violation = try #require(validator.validate([1]).first)
        #expect(violation.path == JSONPointer(tokens: ["0"]))
        #expect(violation.message == "expected string, got integer 1")
    }

    @Test func longValuesAreShortenedInMessages() throws {
        let long = String(repeating: "x", count: 200)
        let violations = try Self.violations(schema: #"{"enum": ["a"]}"#, instance: "\"\(long)\"")
        let expected = "/: \"" + String(repeating: "x", count: 79) + "…\" is not one of \"a\""
        #expect(violations == [expected])
    }

    @Test func validatorIsSendableAcrossTasks() async throws {
        let validator = try JSONSchemaValidator(schema: JSONParser.parse(#"{"pattern": "^a"}"#))
        let results = await withTaskGroup(of: Int.self) { group in
            for index in 0..<8 {
                group.addTask { validator.validate(.string(index.isMultiple(of: 2) ? "abc" : "xbc")).count }
            }
            return await group.reduce(0, +)
        }
        #expect(results == 4)
    }

    // MARK: - Schema load errors

    struct LoadErrorCase: Sendable, CustomTestStringConvertible {
        let rule: String
        let schema: String
        let expected: String
        var testDescription: String { rule }
    }

    @Test(arguments: [
        LoadErrorCase(rule: "unknown ref target", schema: ##"{"properties": {"a": {"$ref": "#/definitions/missing"}}}"##,
            expected: ##"invalid schema at /properties/a/$ref: $ref "#/definitions/missing" points at nothing in this schema"##),
        LoadErrorCase(rule: "remote ref", schema: #"{"$ref": "http://example.com/schema.json"}"#,
            expected: ##"invalid schema at /$ref: $ref "http://example.com/schema.json" is not local; only references into this schema ("#/...") are supported"##),
        LoadErrorCase(rule: "malformed ref pointer", schema: ##"{"$ref": "#definitions"}"##,
            expected: ##"invalid schema at /$ref: $ref "#definitions": must be empty or start with '/'"##),
        LoadErrorCase(rule: "ref loop without descent", schema: ##"{"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"allOf": [{"$ref": "#/definitions/a"}]}}, "$ref": "#/definitions/a"}"##,
            expected: "invalid schema at /definitions/a: this schema refers back to itself without descending into a property or an item, so validation would never end"),
        LoadErrorCase(rule: "invalid pattern", schema: #"{"properties": {"id": {"pattern": "a("}}}"#,
            expected: "invalid schema at /properties/id/pattern: invalid regular expression a("),
        LoadErrorCase(rule: "unknown type name", schema: #"{"type": "text"}"#,
            expected: #"invalid schema at /type: unknown type "text"; expected null, boolean, object, array, number, string or integer"#),
        LoadErrorCase(rule: "negative minLength", schema: #"{"minLength": -1}"#,
            expected: "invalid schema at /minLength: must be a non-negative integer"),
        LoadErrorCase(rule: "string minimum", schema: #"{"minimum": "0"}"#,
            expected: "invalid schema at /minimum: must be a number, got string"),
        LoadErrorCase(rule: "zero multipleOf", schema: #"{"multipleOf": 0}"#,
            expected: "invalid schema at /multipleOf: must be a number greater than 0"),
        LoadErrorCase(rule: "schema that is not an object", schema: #"{"items": 3}"#,
            expected: "invalid schema at /items: a schema must be an object or a boolean, got integer"),
        LoadErrorCase(rule: "required not strings", schema: #"{"required": [1]}"#,
            expected: "invalid schema at /required: must be an array of strings"),
        LoadErrorCase(rule: "unreferenced broken definition", schema: #"{"definitions": {"id": {"type": "str"}}}"#,
            expected: #"invalid schema at /definitions/id/type: unknown type "str"; expected null, boolean, object, array, number, string or integer"#),
        LoadErrorCase(rule: "draft-04 boolean exclusiveMinimum", schema: #"{"minimum": 0, "exclusiveMinimum": true}"#,
            expected: "invalid schema at /exclusiveMinimum: must be a number, got boolean"),
        LoadErrorCase(rule: "empty anyOf", schema: #"{"anyOf": []}"#,
            expected: "invalid schema at /anyOf: must be a non-empty array of schemas"),
    ])
    func rejectsBrokenSchemasAtLoad(_ row: LoadErrorCase) throws {
        let schema = try JSONParser.parse(row.schema)
        #expect(throws: SchemaLoadError.self) { try JSONSchemaValidator(schema: schema) }
        do {
            _ = try JSONSchemaValidator(schema: schema)
        } catch {
            #expect(error.description == row.expected)
        }
    }
}
