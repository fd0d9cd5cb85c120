import Foundation

/// Fills `{placeholder}`s anywhere inside an argument (SPEC §6.4); the same values go to `GAFFER_*` variables.
public struct Template: Hashable, Sendable {
    public var values: [String: String]

    public init(_ values: [String: String]) { self.values = values }

    /// Replaces every known `{name}`; unknown braces are left as they are (a shell snippet may use them).
    public func fill(_ argument: String) -> String {
        guard argument.contains("{") else { return argument }
        var result = argument
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            result = result.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return result
    }

    public func fill(_ argv: [String]) -> [String] { argv.map(fill) }

    /// `GAFFER_JOB_ID`, `GAFFER_ATTEMPT_DIR`, …
    public var environment: [String: String] {
        Dictionary(uniqueKeysWithValues: values.map { ("GAFFER_\($0.key.uppercased())", $0.value) })
    }
}
