import Foundation
import GafferContracts
import GafferSupervisor

/// Reads an advisor's answer into an `advisor_proposal.v1` (SPEC §5.4), leniently where servers and models are
/// sloppy and strictly where it matters. Pure.
///
/// Lenient: the JSON object may sit in a fenced block (```json … ```) or among other text; it may be the proposal,
/// a `production_decision`-shaped `{decision: {…}}` or `{proposal: {…}}`; properties the proposal does not have are
/// dropped (and named). Strict: `action` must be one of the five actions and the rest must match the schema.
public enum ProposalParser {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    public struct Parsed: Equatable, Sendable {
        public var proposal: AdvisorProposal
        /// Properties that were dropped, e.g. `confidence`.
        public var ignored: [String]
    }

    /// The advice an answer amounts to, whichever client received it: the proposal (naming what was dropped), or
    /// none, with why, and the answer kept as `raw` either way.
    public static func advice(
        from text: String, source: String, model: String? = nil, latencySeconds: Double?, tokensIn: Int? = nil,
        tokensOut: Int? = nil
    ) -> AdvisorAdvice {
        var advice = AdvisorAdvice(
            source: source, proposal: nil, model: model, latencySeconds: latencySeconds, tokensIn: tokensIn,
            tokensOut: tokensOut, raw: text)
        do {
            let parsed = try parse(text)
            advice.proposal = parsed.proposal
            if !parsed.ignored.isEmpty { advice.note = "Ignored: \(parsed.ignored.joined(separator: ", "))." }
        } catch {
            advice.note = "Unusable proposal: \(error)"
        }
        return advice
    }

    public static func parse(_ text: String) throws(Failure) -> Parsed {
        guard let value = jsonObject(in: text) else {
            let shown = text.trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: shown.isEmpty ? "the answer is empty" : "the answer holds no JSON object")
        }
        return try proposal(from: value)
    }

    /// The proposal in a parsed answer.
    public static func proposal(from value: JSONValue) throws(Failure) -> Parsed {
        var candidate = value
        if let inner = value["decision"], inner.objectValue != nil, value["action"] == nil {
            candidate = inner
            if inner["reasoning"] == nil, let reasoning = value["reasoning"] { candidate = merged(inner, ["reasoning": reasoning]) }
        } else if let inner = value["proposal"], inner.objectValue != nil, value["action"] == nil {
            candidate = inner
        }
        guard var object = candidate.objectValue else { throw Failure(description: "the answer's JSON is not an object") }
        let known: Set<String> = ["version", "action", "reasoning", "target_stage", "workflow_profile", "parameter_adjustments"]
        let ignored = object.keys.filter { !known.contains($0) }.sorted()
        for key in ignored { object.removeValue(forKey: key) }
        // A model's explicit nulls mean "none".
        for (key, member) in object where member == .null && key != "action" && key != "reasoning" { object.removeValue(forKey: key) }
        do {
            let proposal = try ContractDecoder.load(
                AdvisorProposal.self, kind: .advisorProposal, from: JSONValue.object(object).serialized(), source: "the advisor's proposal")
            return Parsed(proposal: proposal, ignored: ignored)
        } catch {
            throw Failure(description: error.description)
        }
    }

    /// The first JSON object of `text`: the whole text, else a fenced block, else the first balanced `{…}`.
    static func jsonObject(in text: String) -> JSONValue? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let whole = try? JSONParser.parse(trimmed), whole.objectValue != nil { return whole }
        for block in fencedBlocks(trimmed) {
            if let value = try? JSONParser.parse(block), value.objectValue != nil { return value }
        }
        var searchFrom = trimmed.startIndex
        while let open = trimmed[searchFrom...].firstIndex(of: "{") {
            if let close = matchingBrace(in: trimmed, from: open),
               let value = try? JSONParser.parse(String(trimmed[open...close])), value.objectValue != nil {
                return value
            }
            searchFrom = trimmed.index(after: open)
        }
        return nil
    }

    /// The contents of ``` fences, in order (a language tag on the opening line is dropped).
    static func fencedBlocks(_ text: String) -> [String] {
        let parts = text.components(separatedBy: "```")
        guard parts.count >= 3 else { return [] }
        return stride(from: 1, to: parts.count - 1, by: 2).map { index in
            var block = parts[index]
            if let newline = block.firstIndex(of: "\n"), !block[..<newline].contains("{") {
                block = String(block[block.index(after: newline)...])
            }
            return block.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// The `}` closing the `{` at `open`, skipping braces inside strings.
    static func matchingBrace(in text: String, from open: String.Index) -> String.Index? {
        var depth = 0
        var inString = false
        var escaped = false
        var index = open
        while index < text.endIndex {
            let character = text[index]
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "{" {
                depth += 1
            } else if character == "}" {
                depth -= 1
                if depth == 0 { return index }
            }
            index = text.index(after: index)
        }
        return nil
    }

    private static func merged(_ value: JSONValue, _ extra: [String: JSONValue]) -> JSONValue {
        guard case .object(var object) = value else { return value }
        object.merge(extra) { current, _ in current }
        return .object(object)
    }
}
