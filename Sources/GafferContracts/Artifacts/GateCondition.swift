/// When a gate applies (SPEC §3.1 `applies_when`): a JSON pointer into the job (its relpaths resolved) and one
/// test. A gate whose condition does not hold is reported `PASS` with `applies: false` and takes no part in the
/// decision — e.g. audio gates on a job that declares `audio: none`.
public struct GateCondition: Codable, Hashable, Sendable {
    public var pointer: String
    public var equals: JSONValue?
    public var notEquals: JSONValue?
    /// The value is one of these (an absent value is none of them).
    public var oneOf: [JSONValue]?
    /// The value is none of these (an absent value is none of them).
    public var noneOf: [JSONValue]?
    public var exists: Bool?

    public init(
        pointer: String, equals: JSONValue? = nil, notEquals: JSONValue? = nil, oneOf: [JSONValue]? = nil,
        noneOf: [JSONValue]? = nil, exists: Bool? = nil
    ) {
        self.pointer = pointer
        self.equals = equals
        self.notEquals = notEquals
        self.oneOf = oneOf
        self.noneOf = noneOf
        self.exists = exists
    }

    enum CodingKeys: String, CodingKey {
        case pointer, equals, exists
        case notEquals = "not_equals"
        case oneOf = "in"
        case noneOf = "not_in"
    }

    /// Whether the condition holds for `job` (nil: no job, where every pointer is absent).
    public func holds(in job: JSONValue?) -> Bool {
        let found = job.flatMap { document in (try? JSONPointer(parsing: pointer))?.resolve(in: document) }
        if let exists { return (found != nil) == exists }
        if let equals { return found == equals }
        if let notEquals { return found != notEquals }
        if let oneOf { return found.map(oneOf.contains) ?? false }
        if let noneOf { return !(found.map(noneOf.contains) ?? false) }
        return found != nil
    }
}
