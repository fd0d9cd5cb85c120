/// The `--name value` options of one command line, when that is all it is (see `FrontCommand`).
struct LongOptions {
    private var values: [String: [String]] = [:]

    /// Nil when an argument is not an option of these names, a single option repeats, a value is missing or starts
    /// with `-` (but is not `-`), or a flag is given a value.
    init?(_ arguments: ArraySlice<String>, single: Set<String>, repeated: Set<String> = [], flags: Set<String> = []) {
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            guard argument.hasPrefix("--"), argument.count > 2 else { return nil }
            let body = argument.dropFirst(2)
            let name: String
            var value: String?
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                value = String(body[body.index(after: equals)...])
            } else {
                name = String(body)
            }
            if flags.contains(name) {
                guard value == nil, values[name] == nil else { return nil }
                values[name] = []
                continue
            }
            guard single.contains(name) || repeated.contains(name) else { return nil }
            if value == nil { value = remaining.popFirst() }
            guard let value, !value.isEmpty, value == "-" || !value.hasPrefix("-") else { return nil }
            if single.contains(name), values[name] != nil { return nil }
            values[name, default: []].append(value)
        }
    }

    func value(_ name: String) -> String? { values[name]?.last }

    func values(_ name: String) -> [String] { values[name] ?? [] }

    func flag(_ name: String) -> Bool { values[name] != nil }

    /// `.some(nil)` when absent, `.some(n)` when a decimal integer, nil when given but not a number.
    func integer(_ name: String) -> Int?? {
        guard let text = value(name) else { return .some(nil) }
        return Int(text).map { .some($0) } ?? nil
    }
}
