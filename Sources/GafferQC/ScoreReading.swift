import GafferContracts

/// What a metrics document says about one metric, before any threshold is applied.
public enum ScoreReading: Hashable, Sendable {
    case missing
    /// Present but not a finite number (a string, null, NaN, infinity …).
    case invalid
    case value(Double)

    /// `true` counts 1.0 and `false` 0.0 (the original's costume flag); nothing else is coerced.
    public init(_ value: JSONValue?) {
        switch value {
        case nil: self = .missing
        case .bool(let flag)?: self = .value(flag ? 1 : 0)
        case .number(let number)? where number.isFinite: self = .value(number)
        default: self = .invalid
        }
    }
}
