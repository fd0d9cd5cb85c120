/// The name of a stage of a workflow.
///
/// A workflow may define its own stage names, so this is an open set; the five defaults of
/// SPEC §2 are spelled here and nowhere else.
public struct StageName: RawRepresentable, Codable, Hashable, Sendable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public static let artifact: StageName = "artifact"
    public static let frame: StageName = "frame"
    public static let motion: StageName = "motion"
    public static let video: StageName = "video"
    public static let editor: StageName = "editor"
    public static let defaults: [StageName] = [.artifact, .frame, .motion, .video, .editor]

    /// The pattern every stage name must match (it names folders and log fields).
    public static let pattern = "^[a-z][a-z0-9_]{0,31}$"

    /// Whether `name` matches ``pattern`` (checked by hand: compiling a `Regex` costs more than a short-lived
    /// `gaffer qc` spends on the rest of its arguments).
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first), bytes.count <= 32 else { return false }
        return bytes.dropFirst().allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_")
        }
    }

    public var description: String { rawValue }
    public static func < (lhs: StageName, rhs: StageName) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
