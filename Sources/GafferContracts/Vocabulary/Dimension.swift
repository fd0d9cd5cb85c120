/// The quality dimension a gate measures. Open set; the ones the supervisor reasons about are named here.
public struct Dimension: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public static let identity: Dimension = "identity"
    public static let costume: Dimension = "costume"
    public static let motion: Dimension = "motion"
    public static let audio: Dimension = "audio"
    /// The original's default when a gate names no dimension.
    public static let technical: Dimension = "technical"

    /// A failure in these dimensions is an identity conflict (SPEC §5.3).
    public var isIdentityRelated: Bool { self == .identity || self == .costume }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
