import Foundation
import Testing

@testable import GafferContracts

@Suite("JSONParser")
struct JSONParserTests {
    // MARK: - Values

    struct ValueCase: Sendable, CustomTestStringConvertible {
        let rule: String
        let text: String
        let expected: JSONValue
        var testDescription: String { rule }
    }

    @Test(arguments: [
        ValueCase(rule: "null literal", text: "null", expected: .null),
        ValueCase(rule: "true literal", text: "true", expected: .bool(true)),
        ValueCase(rule: "false literal", text: " false ", expected: .bool(false)),
        ValueCase(rule: "empty array", text: "[ ]", expected: .array([])),
        ValueCase(rule: "empty object", text: "{\n}", expected: .object([:])),
        ValueCase(rule: "nested containers", text: #"{"a": [1, {"b": null}], "c": "d"}"#,
            expected: ["a": [1, ["b": nil]], "c": "d"]),
        ValueCase(rule: "simple escapes", text: #""\"\\\/\b\f\n\r\t""#, expected: .string("\"\\/\u{8}\u{c}\n\r\t")),
        ValueCase(rule: "BMP unicode escape", text: #""caf\u00e9 \u20AC""#, expected: .string("café €")),
        ValueCase(rule: "surrogate pair escape is one scalar", text: #""\ud83d\ude00""#, expected: .string("😀")),
        ValueCase(rule: "raw UTF-8 text", text: "\"日本語 😀\"", expected: .string("日本語 😀")),
        ValueCase(rule: "escaped NUL", text: #""a\u0000b""#, expected: .string("a\u{0}b")),
        ValueCase(rule: "Infinity literal", text: "Infinity", expected: .number(.infinity)),
        ValueCase(rule: "negative Infinity literal", text: "[-Infinity]", expected: [.number(-.infinity)]),
    ])
    func parsesValue(_ row: ValueCase) throws {
        let value = try JSONParser.parse(row.text)
        #expect(value == row.expected)
    }

    @Test func nanLiteralParsesAsNaN() throws {
        let value = try JSONParser.parse(#"{"loss": NaN}"#)
        let loss = try #require(value["loss"]?.doubleValue)
        #expect(loss.isNaN)
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let data = Data([0xEF, 0xBB, 0xBF] + Array("[1]".utf8))
        #expect(try JSONParser.parse(data) == [1])
    }

    @Test(arguments: [
        "0", "-0", "1", "-1", "1.5", "-2.5e-3", "1e3", "1E+2", "0.1", "0.30000000000000004", "123456789",
        "9007199254740993", "123456789012345678901234567890", "1.7976931348623157e308", "5e-324",
        "2.2250738585072014e-308", "0.000001234", "1e22", "1e23", "3.141592653589793",
    ])
    func numbersMatchTheStandardLibraryConversion(_ text: String) throws {
        let value = try JSONParser.parse(text)
        let expected = try #require(Double(text))
        #expect(value.doubleValue == expected)
        #expect(value.doubleValue?.sign == expected.sign, "sign of \(text)")
    }

    @Test func integerAndDecimalSpellingsAreEqual() throws {
        #expect(try JSONParser.parse("1") == JSONParser.parse("1.0"))
        #expect(try JSONParser.parse("[100]") == JSONParser.parse("[1e2]"))
    }

    // MARK: - Errors

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        let rule: String
        let text: String
        let expected: String
        var testDescription: String { rule }
    }

    @Test(arguments: [
        ErrorCase(rule: "empty document", text: "", expected: "line 1, column 1: empty document, expected a JSON value"),
        ErrorCase(rule: "whitespace only", text: "  \n ", expected: "line 2, column 2: empty document, expected a JSON value"),
        ErrorCase(rule: "duplicate key is ambiguous", text: "{\"a\": 1,\n \"a\": 2}",
            expected: "line 2, column 2: duplicate object key \"a\""),
        ErrorCase(rule: "trailing garbage", text: "{} x", expected: "line 1, column 4: unexpected character 'x' after the JSON value"),
        ErrorCase(rule: "second document", text: "1 2", expected: "line 1, column 3: unexpected character '2' after the JSON value"),
        ErrorCase(rule: "trailing comma in array", text: "[1,]", expected: "line 1, column 4: unexpected character ']', expected a JSON value"),
        ErrorCase(rule: "trailing comma in object", text: #"{"a":1,}"#, expected: "line 1, column 8: expected a string key in object, found character '}'"),
        ErrorCase(rule: "missing comma in object", text: "{\n  \"a\": 1\n  \"b\": 2\n}",
            expected: "line 3, column 3: expected ',' or '}' after object member"),
        ErrorCase(rule: "missing comma in array", text: "[1 2]", expected: "line 1, column 4: expected ',' or ']' after array element"),
        ErrorCase(rule: "missing colon", text: #"{"a" 1}"#, expected: "line 1, column 6: expected ':' after object key \"a\""),
        ErrorCase(rule: "unquoted key", text: "{a: 1}", expected: "line 1, column 2: expected a string key in object, found character 'a'"),
        ErrorCase(rule: "single quotes", text: "['a']", expected: "line 1, column 2: unexpected character ''', expected a JSON value"),
        ErrorCase(rule: "unterminated array", text: "[1", expected: "line 1, column 3: unexpected end of input inside array"),
        ErrorCase(rule: "unterminated string", text: "[\"abc", expected: "line 1, column 2: unterminated string"),
        ErrorCase(rule: "leading zero", text: "01", expected: "line 1, column 1: invalid number: leading zeros are not allowed"),
        ErrorCase(rule: "fraction without digits", text: "1.", expected: "line 1, column 3: invalid number: expected a digit after '.'"),
        ErrorCase(rule: "exponent without digits", text: "1e+", expected: "line 1, column 4: invalid number: expected a digit in the exponent"),
        ErrorCase(rule: "lone minus", text: "-", expected: "line 1, column 2: invalid number: expected a digit after '-'"),
        ErrorCase(rule: "plus sign", text: "+1", expected: "line 1, column 1: unexpected character '+', expected a JSON value"),
        ErrorCase(rule: "misspelled literal", text: "nul", expected: "line 1, column 1: invalid literal, expected 'null'"),
        ErrorCase(rule: "lowercase nan is not the Python literal", text: "nan", expected: "line 1, column 1: invalid literal, expected 'null'"),
        ErrorCase(rule: "raw newline in string", text: "\"a\nb\"", expected: "line 1, column 3: control character 0x0A in string must be escaped"),
        ErrorCase(rule: "unknown escape", text: #""\x""#, expected: "line 1, column 2: invalid escape sequence '\\x'"),
        ErrorCase(rule: "short unicode escape", text: #""\u12""#, expected: "line 1, column 2: incomplete \\u escape"),
        ErrorCase(rule: "bad hex in unicode escape", text: #""\u12G4""#, expected: "line 1, column 2: invalid hex digit in \\u escape"),
        ErrorCase(rule: "lone high surrogate", text: #""\ud83d""#, expected: "line 1, column 2: lone high surrogate in \\u escape"),
        ErrorCase(rule: "lone low surrogate", text: #""\ude00""#, expected: "line 1, column 2: lone low surrogate in \\u escape"),
        ErrorCase(rule: "high surrogate followed by non-surrogate", text: #""\ud83d\u0041""#,
            expected: "line 1, column 8: high surrogate not followed by a low surrogate"),
        ErrorCase(rule: "column counts characters, not bytes", text: "[\"é😀\" x]",
            expected: "line 1, column 7: expected ',' or ']' after array element"),
    ])
    func reportsErrorWithPosition(_ row: ErrorCase) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(row.text) }
        do {
            _ = try JSONParser.parse(row.text)
        } catch {
            #expect(error.description == row.expected)
        }
    }

    @Test func errorCarriesLineAndColumn() {
        let text = "{\n  \"gates\": [\n    {\"id\": 1,, }\n  ]\n}"
        #expect(throws: JSONParseError(line: 3, column: 14, message: "expected a string key in object, found character ','")) {
            try JSONParser.parse(text)
        }
    }

    @Test func invalidUTF8InStringIsRejected() {
        let data = Data([UInt8(ascii: "\""), 0xC3, 0x28, UInt8(ascii: "\"")])
        #expect(throws: JSONParseError(line: 1, column: 2, message: "invalid UTF-8 in string")) {
            try JSONParser.parse(data)
        }
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = JSONParser.maximumDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        _ = try JSONParser.parse(text)
    }

    @Test func nestingBeyondTheLimitIsRejected() {
        let depth = JSONParser.maximumDepth + 1
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: JSONParseError(line: 1, column: depth, message: "nesting deeper than 512 levels")) {
            try JSONParser.parse(text)
        }
    }

    @Test func largeDocumentParsesInLinearTime() throws {
        let record = #"{"id": "shot-0001", "score": 0.875, "tags": ["a", "b\n"], "ok": true, "n": null}"#
        let text = "[" + Array(repeating: record, count: 20_000).joined(separator: ",\n") + "]"
        let clock = ContinuousClock()
        var value: JSONValue = nil
        let elapsed = try clock.measure { value = try JSONParser.parse(text) }
        #expect(value.arrayValue?.count == 20_000)
        #expect(elapsed < .seconds(5), "parsing \(text.utf8.count) bytes took \(elapsed)")
    }

    // MARK: - JSONValue conveniences

    @Test func accessorsReturnOnlyTheirOwnCase() throws {
        let value = try JSONParser.parse(#"{"flag": true, "n": 2, "s": "x", "list": [1, 2]}"#)
        #expect(value["flag"]?.boolValue == true)
        #expect(value["flag"]?.doubleValue == nil, "a boolean is never a number")
        #expect(value["n"]?.doubleValue == 2)
        #expect(value["n"]?.boolValue == nil)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["list"]?[1] == 2)
        #expect(value["list"]?[2] == nil)
        #expect(value["missing"] == nil)
        #expect(value.objectValue?.count == 4)
        #expect(value["list"]?.arrayValue?.count == 2)
        #expect(value[0] == nil)
    }

    @Test(arguments: [
        (JSONValue.null, "null"), (.bool(false), "boolean"), (.number(1), "integer"), (.number(1.0), "integer"),
        (.number(-0.0), "integer"), (.number(1.5), "number"), (.number(.nan), "number"),
        (.number(.infinity), "number"), (.string("1"), "string"), (.array([]), "array"), (.object([:]), "object"),
    ])
    func typeNameDistinguishesIntegers(_ value: JSONValue, _ expected: String) {
        #expect(value.typeName == expected)
    }

    struct Envelope: Codable, Equatable {
        let name: String
        let payload: JSONValue
    }

    @Test func decodesInsideCodableStructWithoutCoercingBooleans() throws {
        let data = Data(#"{"name": "x", "payload": {"on": true, "one": 1, "list": [false, 0, "s", null]}}"#.utf8)
        let envelope = try JSONDecoder().decode(Envelope.self, from: data)
        #expect(envelope.payload == ["on": true, "one": 1, "list": [false, 0, "s", nil]])
        let reencoded = try JSONDecoder().decode(Envelope.self, from: JSONEncoder().encode(envelope))
        #expect(reencoded == envelope)
    }

    @Test func encodesNonFiniteNumbersAsNull() throws {
        let data = try JSONEncoder().encode([JSONValue.number(.nan), .number(.infinity)])
        #expect(String(decoding: data, as: UTF8.self) == "[null,null]")
    }

    // MARK: - Serialization

    @Test func prettyOutputSortsKeysAndIndentsByTwo() {
        let value: JSONValue = ["b": [1, 2.5, []], "a": ["z": nil, "y": true], "c": [:], "é": "x"]
        let expected = """
            {
              "a": {
                "y": true,
                "z": null
              },
              "b": [
                1,
                2.5,
                []
              ],
              "c": {},
              "é": "x"
            }

            """
        #expect(String(decoding: value.serialized(), as: UTF8.self) == expected)
    }

    @Test func compactOutputHasNoWhitespace() {
        let value: JSONValue = ["b": [1, "two"], "a": nil]
        #expect(String(decoding: value.serialized(pretty: false), as: UTF8.self) == #"{"a":null,"b":[1,"two"]}"#)
    }

    @Test(arguments: [
        (JSONValue.number(3), "3"), (.number(-0.0), "0"), (.number(2.5), "2.5"), (.number(0.1), "0.1"),
        (.number(1e15), "1000000000000000"), (.number(9007199254740992), "9007199254740992.0"), (.number(1e16), "1e+16"),
        (.number(1e300), "1e+300"), (.number(.leastNonzeroMagnitude), "5e-324"), (.number(.nan), "null"),
        (.number(-.infinity), "null"), (.string("a/b"), #""a/b""#), (.string("tab\there"), #""tab\there""#),
        (.string("\u{1}\u{1f}"), #""\u0001\u001f""#), (.string("quote\" back\\"), #""quote\" back\\""#),
        (.string("é😀"), "\"é😀\""),
    ])
    func serializesScalarsCanonically(_ value: JSONValue, _ expected: String) {
        #expect(String(decoding: value.serialized(pretty: false), as: UTF8.self) == expected)
    }

    @Test func prettyOutputEndsWithNewline() {
        #expect(String(decoding: JSONValue.number(1).serialized(), as: UTF8.self) == "1\n")
    }

    @Test(arguments: [
        #"{"gates": [{"gate_id": "sharpness", "threshold": 0.35, "failure_action": "RETRY_STAGE"}], "version": 1}"#,
        #"[null, true, false, 0, -1, 1.5e-7, 1e+200, 12345678901234567890, "", "\"\\\n\u0000 é 😀", [], {}]"#,
        #"{"a": {"b": {"c": [[[{"d": -0.0}]]]}}, "z/~": "x", "": ""}"#,
    ])
    func serializationRoundTrips(_ text: String) throws {
        let value = try JSONParser.parse(text)
        #expect(try JSONParser.parse(value.serialized()) == value)
        #expect(try JSONParser.parse(value.serialized(pretty: false, sortedKeys: false)) == value)
        #expect(value.serialized() == (try JSONParser.parse(value.serialized())).serialized(), "output is stable")
    }

    // MARK: - JSONPointer

    @Test func pointerDescriptionEscapesTokens() {
        let pointer = JSONPointer.root.appending("gates").appending(2).appending("a/b~c")
        #expect(pointer.description == "/gates/2/a~1b~0c")
        #expect(JSONPointer.root.description == "")
        #expect(JSONPointer.root.displayString == "/")
    }

    @Test(arguments: ["", "/a", "/a~1b/0", "/~0~1/", "/m~0n"])
    func pointerParsingRoundTrips(_ text: String) throws {
        #expect(try JSONPointer(parsing: text).description == text)
    }

    @Test func pointerParsingUnescapesInOrder() throws {
        #expect(try JSONPointer(parsing: "/~01").tokens == ["~1"])
    }

    @Test(arguments: ["a", "/a~", "/a~2"])
    func pointerParsingRejectsMalformedText(_ text: String) {
        #expect(throws: JSONPointer.ParseError.self) { try JSONPointer(parsing: text) }
    }

    @Test func pointerResolvesMembersAndIndices() throws {
        let document = try JSONParser.parse(#"{"a": [10, {"b/c": 20}], "": 1}"#)
        #expect(try JSONPointer(parsing: "/a/1/b~1c").resolve(in: document) == 20)
        #expect(try JSONPointer(parsing: "/a/0").resolve(in: document) == 10)
        #expect(try JSONPointer(parsing: "/").resolve(in: document) == 1)
        #expect(try JSONPointer(parsing: "").resolve(in: document) == document)
        #expect(try JSONPointer(parsing: "/a/01").resolve(in: document) == nil, "leading zeros are not indices")
        #expect(try JSONPointer(parsing: "/a/2").resolve(in: document) == nil)
        #expect(try JSONPointer(parsing: "/a/0/x").resolve(in: document) == nil)
    }
}
