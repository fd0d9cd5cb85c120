#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One way an instance fails its schema: where, and what an operator should change.
///
/// `description` reads `/gates/2/failure_action: "retry_motion" is not one of "PROCEED", …`,
/// with the document root shown as `/`.
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// Where in the instance the problem is (for an unexpected property, the property itself).
    public let path: JSONPointer
    /// What is wrong, phrased to follow the path.
    public let message: String

    public init(path: JSONPointer, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path.displayString): \(message)" }
}
