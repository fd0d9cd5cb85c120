import GafferContracts

/// The templates of an `http_job` stage filled for one attempt (SPEC §13.3).
///
/// `${VAR}` comes only from the allow-listed environment and is a secret: ``redacted(_:)`` is what a log shows.
/// `{params.NAME}` is a parameter; `{id}`, `{job_id}`, `{attempt_id}`, `{stage}` are the provider's and Gaffer's ids.
struct RequestTemplate: Sendable {
    let environment: [String: String]
    let params: [String: JSONValue]
    var values: [String: String]

    struct Missing: Error, Hashable, CustomStringConvertible {
        let description: String
    }

    /// `template` with every placeholder filled; a `${VAR}` the environment lacks, or a parameter the attempt
    /// lacks, is an error naming it.
    func fill(_ template: String) throws(Missing) -> String {
        var output = ""
        var rest = Substring(template)
        while let start = rest.firstIndex(where: { $0 == "$" || $0 == "{" }) {
            output += rest[..<start]
            let secret = rest[start] == "$"
            let open = secret ? rest.index(after: start) : start
            guard open < rest.endIndex, rest[open] == "{", let close = rest[open...].firstIndex(of: "}") else {
                output.append(rest[start])
                rest = rest[rest.index(after: start)...]
                continue
            }
            let name = String(rest[rest.index(after: open)..<close])
            output += try value(of: name, secret: secret)
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }

    private func value(of name: String, secret: Bool) throws(Missing) -> String {
        if secret {
            guard let value = environment[name] else {
                throw Missing(description: "${\(name)} is not set (name it in the workflow's engine_env and set it where Gaffer runs)")
            }
            return value
        }
        if name.hasPrefix("params.") {
            let key = String(name.dropFirst("params.".count))
            guard let value = params[key] else { throw Missing(description: "{params.\(key)}: the attempt has no parameter \(key)") }
            return value.stringValue ?? value.compactText
        }
        guard let value = values[name] else { return "{\(name)}" }
        return value
    }

    /// A body: every string filled; a string that is exactly `{params.NAME}` becomes the parameter's JSON value,
    /// so numbers stay numbers.
    func fill(body: JSONValue) throws(Missing) -> JSONValue {
        switch body {
        case .string(let text):
            if text.hasPrefix("{params."), text.hasSuffix("}"), text.dropFirst().firstIndex(of: "{") == nil {
                let key = String(text.dropFirst("{params.".count).dropLast())
                guard let value = params[key] else { throw Missing(description: "\(text): the attempt has no parameter \(key)") }
                return value
            }
            return .string(try fill(text))
        case .array(let items):
            var filled: [JSONValue] = []
            for item in items { filled.append(try fill(body: item)) }
            return .array(filled)
        case .object(let members):
            var filled: [String: JSONValue] = [:]
            for (key, member) in members { filled[key] = try fill(body: member) }
            return .object(filled)
        default:
            return body
        }
    }

    /// What a log may show of a template: Gaffer's ids filled, every `${VAR}` left as written.
    func redacted(_ template: String) -> String {
        var shown = template
        for (name, value) in values { shown = shown.replacingOccurrences(of: "{\(name)}", with: value) }
        return shown
    }
}
