#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why a schema could not be prepared for validation: a keyword with a malformed value, an
/// invalid regular expression, or a `$ref` that points nowhere. Raised once, at load, so a broken
/// schema never silently accepts everything.
public struct SchemaLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the schema document the problem is.
    public let path: JSONPointer
    /// What is wrong with the schema at that place.
    public let message: String

    public init(path: JSONPointer, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "invalid schema at \(path.displayString): \(message)" }
}
