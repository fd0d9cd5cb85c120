import Foundation

/// Whether the loop asks its advisor now (SPEC §5.4): after `failures` unanswered calls in a row it stops asking
/// for `cooldownSeconds`, then lets one call through; an answer closes it again, a failure reopens it. A pure value:
/// the times come in, the state goes out.
public struct CircuitBreaker: Hashable, Sendable {
    public struct Settings: Hashable, Sendable {
        public var failures: Int
        public var cooldownSeconds: Double

        public init(failures: Int = 3, cooldownSeconds: Double = 300) {
            self.failures = max(1, failures)
            self.cooldownSeconds = max(0, cooldownSeconds)
        }
    }

    public enum State: Hashable, Sendable {
        /// Asking; `failures` unanswered calls in a row so far.
        case closed(failures: Int)
        /// Not asking until `until`.
        case open(until: Date)
        /// The cool-down is over and one call is on its way: the others do not ask until it is answered.
        case probing
    }

    public let settings: Settings
    public private(set) var state: State = .closed(failures: 0)

    public init(settings: Settings = Settings()) { self.settings = settings }

    /// Whether a call may go out at `now`; a call let through after the cool-down is the probe.
    public mutating func permit(at now: Date) -> Bool {
        switch state {
        case .closed: return true
        case .probing: return false
        case .open(let until):
            guard now >= until else { return false }
            state = .probing
            return true
        }
    }

    /// Records a call's end: `answered` is false for a timeout, a refused connection, an error or an unparseable
    /// answer. Returns whether the circuit opened just now.
    @discardableResult
    public mutating func record(answered: Bool, at now: Date) -> Bool {
        if answered {
            state = .closed(failures: 0)
            return false
        }
        switch state {
        case .closed(let failures) where failures + 1 < settings.failures:
            state = .closed(failures: failures + 1)
            return false
        case .closed, .probing:
            state = .open(until: now.addingTimeInterval(settings.cooldownSeconds))
            return true
        case .open:
            return false
        }
    }

    /// Until when no call goes out, when the circuit is open.
    public var openUntil: Date? {
        if case .open(let until) = state { return until }
        return nil
    }
}
