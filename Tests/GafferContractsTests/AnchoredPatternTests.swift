import Foundation
import Testing

@testable import GafferContracts

/// `AnchoredPattern` against ICU (`NSRegularExpression`) on every `pattern` the bundled schemas use and on extra
/// constructs, over probe strings chosen to sit on each pattern's edges: the two must agree everywhere.
struct AnchoredPatternTests {
    static let schemaPatterns: [String] = {
        var found: Set<String> = []
        func walk(_ value: JSONValue) {
            switch value {
            case .object(let members):
                if let pattern = members["pattern"]?.stringValue { found.insert(pattern) }
                members.values.forEach(walk)
            case .array(let elements): elements.forEach(walk)
            default: break
            }
        }
        for text in BundledSchemas.byFileName.values {
            if let schema = try? JSONParser.parse(Data(text.utf8)) { walk(schema) }
        }
        return found.sorted()
    }()

    static let extra = [
        "^a?b+c*$", "^[^/?#]+$", "^x{2}$", "^x{2,}$", "^\\d+(\\.[0-9]+)?$", "^[\\s]*$", "^\\S+$", "^[a-c-]+$", "^[-a]$",
        "^(ab)?c$", "^.*$", "^\\$[0-9]+$",
    ]

    static let probes = [
        "", "a", "b", "ab", "abc", "abbbc", "c", "xx", "xxx", "x", "run-0001", "run-001", "run-12345", "Run-0001",
        "job-000001", "job-1", String(repeating: "a", count: 64), String(repeating: "a", count: 65), "a\n", "a\nb", "\n",
        "/abs", "/", "../x", "a/../b", "x/..", "1920x1080", "1920x", "x1080", "http://example.com", "HTTPS://host/path",
        "https://", "ftp://x", " lead", "a b", "é", "٣", "12.5", "12.", "1.2.3", "a_b.c-d", "a:b/c", "A_b9", "_a", "9a",
        "$12", "-", "a-c", "abc-", "?q", "#x", "ab\tc", "abc\r", "abc\r\n", "abc\n\n", "abc\u{0B}", "a\u{85}", "stage_1", "motion", "x\u{2028}y",
    ]

    static let cases: [String] = schemaPatterns + extra

    @Test(arguments: cases)
    func anchoredAgreesWithICU(_ pattern: String) throws {
        let icu = try NSRegularExpression(pattern: pattern)
        guard let anchored = AnchoredPattern(pattern) else {
            // Outside the simple grammar: ICU matches it. Only look-arounds are expected here.
            #expect(pattern.contains("(?"), "\(pattern) should be simple enough for AnchoredPattern")
            return
        }
        for probe in Self.probes {
            let expected = icu.firstMatch(in: probe, range: NSRange(probe.startIndex..., in: probe)) != nil
            #expect(anchored.matches(probe) == expected, "\(pattern) on \(probe.debugDescription): ICU says \(expected)")
        }
    }

    @Test func theSchemasPatternsAreMatchedWithoutICU() {
        #expect(Self.schemaPatterns.count >= 15)
        let icuOnly = Self.schemaPatterns.filter { AnchoredPattern($0) == nil }
        #expect(icuOnly == ["^(?!/)(?!.*(^|/)\\.\\.(/|$)).+$"], "\(icuOnly)")
        #expect(AnchoredPattern("a|b") == nil && AnchoredPattern("^a|b$") == nil && AnchoredPattern("^\\w+$") == nil
                && AnchoredPattern("^a*?$") == nil && AnchoredPattern("^(a)+$") == nil, "outside the grammar: left to ICU")
    }
}
