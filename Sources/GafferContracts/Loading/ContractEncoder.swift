#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns typed artifacts into bytes, refusing to produce a document that breaks its own schema.
public enum ContractEncoder {
    /// Canonical bytes of `artifact` (sorted keys, two-space indent, trailing newline), validated as `kind`.
    ///
    /// A failure here is a defect in Gaffer, not in its input: callers report it as an internal error.
    public static func encode<T: Encodable>(_ artifact: T, as kind: ArtifactKind) throws(ContractError) -> Data {
        let source = "generated \(kind.rawValue)"
        let value: JSONValue
        do {
            value = try JSONValueEncoder().encode(artifact)
        } catch {
            throw .unreadable(source: source, reason: "cannot encode: \(error)")
        }
        try ContractDecoder.validate(value, as: kind, source: source)
        return value.serialized(pretty: true, sortedKeys: true)
    }
}
