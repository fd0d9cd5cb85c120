/// The simple patterns schemas are made of — `^[a-z][a-z0-9_]{0,31}$`, `^run-[0-9]{4,}$`, `^(/.*)?$` — matched
/// without ICU. Compiling one `NSRegularExpression` initialises ICU's regex tables (about 2 ms of a short-lived
/// `gaffer qc`); these patterns need none of it. Anything else (alternation, look-around, back-references, `\w`,
/// `\b`) is not parsed here, and `SchemaPattern` hands it to ICU.
///
/// Grammar: `^`, then atoms — a literal, an escaped literal, `.`, `\s`, `\d`, `\S`, `\D`, a class `[…]` / `[^…]`
/// (ranges, literals, those escapes) or a group `(…)` — each optionally quantified by `*`, `+`, `?`, `{m}`, `{m,}`,
/// `{m,n}` (a group by `?` only), then an optional `$`. Semantics follow ICU for these: `.` matches
/// any character but a line terminator; `$` matches at the end or before a final line terminator (as ICU's does, which
/// Gaffer's validator has always used); without `$` the pattern
/// matches a prefix. Matched over Unicode scalars.
struct AnchoredPattern: Sendable {
    enum Element: Sendable {
        case any
        case literal(Unicode.Scalar)
        case set(CharacterSet, negated: Bool)
        indirect case group([Node])
    }

    struct Node: Sendable {
        var element: Element
        var minimum: Int
        var maximum: Int  // Int.max: unbounded
    }

    /// One class item: a range of scalars or a named kind.
    enum SetItem: Sendable {
        case range(ClosedRange<UInt32>)
        case whitespace(negated: Bool)
        case digit(negated: Bool)

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            switch self {
            case .range(let range): range.contains(scalar.value)
            case .whitespace(let negated): scalar.properties.isWhitespace != negated
            case .digit(let negated): (scalar.properties.numericType == .decimal) != negated
            }
        }
    }

    struct CharacterSet: Sendable {
        var items: [SetItem]
        func contains(_ scalar: Unicode.Scalar) -> Bool { items.contains { $0.contains(scalar) } }
    }

    let nodes: [Node]
    let anchoredEnd: Bool

    /// Nil when `source` is outside the grammar above.
    init?(_ source: String) {
        var scalars = Array(source.unicodeScalars)[...]
        guard scalars.first == "^" else { return nil }
        scalars.removeFirst()
        var end = false
        if scalars.last == "$", !(scalars.count >= 2 && scalars[scalars.index(before: scalars.endIndex) - 1] == "\\") {
            scalars.removeLast()
            end = true
        }
        guard let parsed = Self.parseSequence(&scalars, inGroup: false), scalars.isEmpty else { return nil }
        nodes = parsed
        anchoredEnd = end
    }

    func matches(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        return Self.match(nodes[...], scalars, 0) { position in
            guard anchoredEnd else { return true }
            let left = scalars[position...]
            return left.isEmpty || (left.count == 1 && Self.lineTerminators.contains(left.first!))
                || (left.count == 2 && left.first == "\r" && left.last == "\n")
        }
    }

    // MARK: - Matching (backtracking; the patterns are short and mostly deterministic)

    static func match(_ nodes: ArraySlice<Node>, _ text: [Unicode.Scalar], _ position: Int, then rest: (Int) -> Bool) -> Bool {
        guard let node = nodes.first else { return rest(position) }
        let others = nodes.dropFirst()
        switch node.element {
        case .group(let inner):
            // `( … )?`: with the group, then without.
            if match(inner[...], text, position, then: { after in match(others, text, after, then: rest) }) { return true }
            return node.minimum == 0 && match(others, text, position, then: rest)
        default:
            var count = 0
            while count < node.maximum, position + count < text.count, accepts(node.element, text[position + count]) { count += 1 }
            guard count >= node.minimum else { return false }
            for taken in stride(from: count, through: node.minimum, by: -1) where match(others, text, position + taken, then: rest) {
                return true
            }
            return false
        }
    }

    static func accepts(_ element: Element, _ scalar: Unicode.Scalar) -> Bool {
        switch element {
        case .any: !lineTerminators.contains(scalar)
        case .literal(let literal): scalar == literal
        case .set(let set, let negated): set.contains(scalar) != negated
        case .group: false
        }
    }

    /// What `.` does not match, and what `$` may stand before at the very end (ICU's line terminators).
    static let lineTerminators: Set<Unicode.Scalar> = ["\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"]

    // MARK: - Parsing

    static let special: Set<Unicode.Scalar> = ["^", "$", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "\\"]

    static func parseSequence(_ scalars: inout ArraySlice<Unicode.Scalar>, inGroup: Bool) -> [Node]? {
        var nodes: [Node] = []
        while let next = scalars.first {
            if next == ")" { return inGroup ? nodes : nil }
            let element: Element
            switch next {
            case ".":
                scalars.removeFirst()
                element = .any
            case "[":
                scalars.removeFirst()
                guard let set = parseSet(&scalars) else { return nil }
                element = set
            case "(":
                scalars.removeFirst()
                guard scalars.first != "?", let inner = parseSequence(&scalars, inGroup: true), scalars.first == ")" else { return nil }
                scalars.removeFirst()
                element = .group(inner)
            case "\\":
                scalars.removeFirst()
                guard let escaped = scalars.popFirst(), let parsed = escape(escaped) else { return nil }
                element = parsed
            default:
                guard !special.contains(next) else { return nil }
                scalars.removeFirst()
                element = .literal(next)
            }
            guard let (minimum, maximum) = parseQuantifier(&scalars) else { return nil }
            if case .group = element, !(minimum == 0 && maximum == 1) { return nil }
            nodes.append(Node(element: element, minimum: minimum, maximum: maximum))
        }
        return inGroup ? nil : nodes
    }

    /// `\s \S \d \D`, or an escaped punctuation literal; nil for anything with a meaning not handled here.
    static func escape(_ scalar: Unicode.Scalar) -> Element? {
        switch scalar {
        case "s": .set(CharacterSet(items: [.whitespace(negated: false)]), negated: false)
        case "S": .set(CharacterSet(items: [.whitespace(negated: true)]), negated: false)
        case "d": .set(CharacterSet(items: [.digit(negated: false)]), negated: false)
        case "D": .set(CharacterSet(items: [.digit(negated: true)]), negated: false)
        default: special.contains(scalar) || "/-_:#@!%&'\"=,;<>~`".unicodeScalars.contains(scalar) ? .literal(scalar) : nil
        }
    }

    static func parseSet(_ scalars: inout ArraySlice<Unicode.Scalar>) -> Element? {
        var negated = false
        if scalars.first == "^" {
            negated = true
            scalars.removeFirst()
        }
        var items: [SetItem] = []
        var first = true
        while let next = scalars.popFirst() {
            if next == "]", !first { return .set(CharacterSet(items: items), negated: negated) }
            first = false
            var low: Unicode.Scalar
            if next == "\\" {
                guard let escaped = scalars.popFirst() else { return nil }
                switch escaped {
                case "s": items.append(.whitespace(negated: false)); continue
                case "S": items.append(.whitespace(negated: true)); continue
                case "d": items.append(.digit(negated: false)); continue
                case "D": items.append(.digit(negated: true)); continue
                default:
                    guard case .literal(let literal)? = escape(escaped) else { return nil }
                    low = literal
                }
            } else {
                guard next != "[" else { return nil }  // nested classes and POSIX classes: ICU's business
                low = next
            }
            if scalars.first == "-", scalars.count >= 2, scalars[scalars.startIndex + 1] != "]" {
                scalars.removeFirst()
                guard let high = scalars.popFirst(), high != "\\", high != "[", low.value <= high.value else { return nil }
                items.append(.range(low.value...high.value))
            } else {
                items.append(.range(low.value...low.value))
            }
        }
        return nil
    }

    static func parseQuantifier(_ scalars: inout ArraySlice<Unicode.Scalar>) -> (Int, Int)? {
        switch scalars.first {
        case "*": scalars.removeFirst(); return lazyGuard(&scalars, (0, Int.max))
        case "+": scalars.removeFirst(); return lazyGuard(&scalars, (1, Int.max))
        case "?": scalars.removeFirst(); return lazyGuard(&scalars, (0, 1))
        case "{":
            guard let close = scalars.firstIndex(of: "}") else { return nil }
            // Scalar by scalar: the generic `UnicodeScalarView(_:)` initialiser is not specialised here, and its first use
            // costs a conformance scan of the whole binary (a short `gaffer qc` compiles these patterns).
            var body = ""
            for scalar in scalars[scalars.index(after: scalars.startIndex)..<close] { body.unicodeScalars.append(scalar) }
            scalars = scalars[scalars.index(after: close)...]
            let parts = body.split(separator: ",", omittingEmptySubsequences: false)
            guard let minimum = Int(parts[0]) else { return nil }
            switch parts.count {
            case 1: return lazyGuard(&scalars, (minimum, minimum))
            case 2:
                if parts[1].isEmpty { return lazyGuard(&scalars, (minimum, Int.max)) }
                guard let maximum = Int(parts[1]), maximum >= minimum else { return nil }
                return lazyGuard(&scalars, (minimum, maximum))
            default: return nil
            }
        default: return (1, 1)
        }
    }

    /// Lazy (`*?`) and possessive (`*+`) quantifiers are not parsed here.
    static func lazyGuard(_ scalars: inout ArraySlice<Unicode.Scalar>, _ bounds: (Int, Int)) -> (Int, Int)? {
        scalars.first == "?" || scalars.first == "+" ? nil : bounds
    }
}
