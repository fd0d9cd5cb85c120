/// A `job.v1` document (SPEC §3.7).
///
/// Fields Gaffer does not know are kept in `raw` and handed to the engines untouched, so the
/// original system's job files (with `lane`, `render`, `shots` …) are accepted as they are.
public struct Job: Hashable, Sendable {
    /// Job ids name folders, so nothing but this shape is accepted.
    public static let idPattern = "^[a-z0-9][a-z0-9-]{5,63}$"

    /// Whether `id` matches ``idPattern`` (checked by hand, as `StageName.isValid` is).
    public static func isValidID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        let lowerOrDigit = { (byte: UInt8) in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard let first = bytes.first, lowerOrDigit(first), (6...64).contains(bytes.count) else { return false }
        return bytes.dropFirst().allSatisfy { lowerOrDigit($0) || $0 == UInt8(ascii: "-") }
    }

    public var jobID: String
    public var workflow: String?
    public var params: [String: JSONValue]
    public var qualityThresholds: [String: Double]
    public var qcPolicy: String?
    public var lane: String?
    public var platforms: [String]
    /// `audio.mode`: what the job says of its sound; nil when it does not say.
    public var audioMode: AudioMode?
    /// The whole document as read.
    public var raw: JSONValue

    public init(raw: JSONValue) throws(ContractError) {
        guard case .object(let object) = raw else {
            throw ContractError.violations(source: "job", [SchemaViolation(path: JSONPointer.root, message: "expected object")])
        }
        self.raw = raw
        jobID = object["job_id"]?.stringValue ?? ""
        workflow = object["workflow"]?.stringValue
        params = object["params"]?.objectValue ?? [:]
        qualityThresholds = (object["quality_target"]?["thresholds"]?.objectValue ?? [:])
            .compactMapValues(\.doubleValue)
        qcPolicy = object["qc_policy"]?.stringValue
        lane = object["lane"]?.stringValue
        platforms = object["platforms"]?.arrayValue?.compactMap(\.stringValue) ?? []
        audioMode = object["audio"]?["mode"]?.stringValue.flatMap(AudioMode.init(rawValue:))
    }
}
