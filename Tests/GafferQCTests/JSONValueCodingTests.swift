import Foundation
import GafferContracts
import GafferQC
import GafferTestSupport
import Testing

/// `JSONValueDecoder` and `JSONValueEncoder` (what `ContractDecoder` and `ContractEncoder` use) against Foundation's
/// `JSONDecoder` and `JSONEncoder`, the reference: the same values from the same documents, the same documents from
/// the same values, and the same refusals.
@Suite("JSONValue coding")
struct JSONValueCodingTests {
    static let policyFiles: [String] = {
        let folder = RepositoryPaths.path("policies")
        let shipped = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted().map { folder + "/" + $0 }
        return shipped + [RepositoryPaths.originalFiles + "/repo/shared/qc_policy.v1.json"]
    }()

    /// Every shipped policy (and the original's) decodes to the same `QCPolicy` both ways.
    @Test(arguments: policyFiles)
    func aPolicyDecodesAsJSONDecoderDecodesIt(_ path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let reference = try JSONDecoder().decode(QCPolicy.self, from: data)
        let decoded = try JSONValueDecoder().decode(QCPolicy.self, from: try JSONParser.parse(data))
        #expect(decoded == reference, "\(path)")
        #expect(!reference.gates.isEmpty, "\(path) has no gates: the comparison would prove little")
    }

    /// A QC report and a decision with every optional part present encode to the same document both ways.
    @Test func artifactsEncodeAsJSONEncoderEncodesThem() throws {
        let policy = try ContractDecoder.policy(from: Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.path("policies/qc_policy.v1.json"))), source: "policy")
        let report = QCEvaluator.evaluate(
            policy: policy, metrics: ["temporal_stability": 0.5, "identity_consistency": 0.2], jobThresholds: [:], stage: nil, job: nil,
            context: ReportContext(jobID: "job-coding-01", attemptID: "run-0001", generatedAt: "2026-12-02T06:00:00.000Z",
                                   inputs: QCReport.Inputs(policy: "policy", metrics: "metrics")))
        #expect(try JSONValueEncoder().encode(report) == JSONParser.parse(try JSONEncoder().encode(report)))
        #expect(try JSONValueEncoder().encode(policy) == JSONParser.parse(try JSONEncoder().encode(policy)))
    }

    struct Sample: Codable, Equatable {
        var name: String
        var count: Int
        var ratio: Double
        var small: Float
        var note: String?
        var flags: [Bool?]
        var byNumber: [Int: String]
        var nested: [String: [Int]]
        var raw: JSONValue
    }

    static let sample = Sample(
        name: "a", count: 3, ratio: 0.1, small: 0.1, note: nil, flags: [true, nil, false], byNumber: [2: "two", 75: "busy"],
        nested: ["x": [1, 2], "y": []], raw: .object(["k": .array([.null, .number(1.5)])]))

    @Test func optionalsArraysDictionariesAndRawValuesRoundTripAsFoundationsDo() throws {
        let encoded = try JSONValueEncoder().encode(Self.sample)
        #expect(encoded == (try JSONParser.parse(try JSONEncoder().encode(Self.sample))))
        #expect(encoded["note"] == nil, "a nil optional is left out, not written as null")
        #expect(encoded["small"] == .number(0.1))
        #expect(try JSONValueDecoder().decode(Sample.self, from: encoded) == Self.sample)
    }

    struct Counted: Decodable { var count: Int }
    struct Named: Decodable { var name: String }

    @Test func theSameDocumentsAreRefused() throws {
        let cases: [(JSONValue, String)] = [
            (.object(["count": .number(2.5)]), "a fraction for an Int"),
            (.object(["count": .number(1e300)]), "a number past Int"),
            (.object(["count": .string("2")]), "a string for an Int"),
            (.object(["count": .null]), "null for an Int"),
            (.object([:]), "a missing key"),
            (.array([]), "an array for an object"),
        ]
        for (value, why) in cases {
            let data = value.serialized(pretty: false)
            #expect(throws: DecodingError.self, "JSONDecoder, \(why)") { try JSONDecoder().decode(Counted.self, from: data) }
            #expect(throws: DecodingError.self, "JSONValueDecoder, \(why)") { try JSONValueDecoder().decode(Counted.self, from: value) }
        }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Named.self, from: .object(["name": .bool(true)])) }
        #expect(try JSONValueDecoder().decode(Counted.self, from: .object(["count": .number(4)])).count == 4)
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(["x": Double.infinity]) }
        #expect(throws: EncodingError.self) { try JSONEncoder().encode(["x": Double.infinity]) }
    }

    /// A decoding error names where it happened, as the operator's message needs.
    @Test func aDecodingErrorCarriesItsPath() throws {
        struct Outer: Decodable { var items: [Counted] }
        do {
            _ = try JSONValueDecoder().decode(Outer.self, from: .object(["items": .array([.object(["count": .number(1)]), .object(["count": .string("x")])])]))
            Issue.record("the bad element decoded")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == ["items", "1", "count"])
        }
    }
}
