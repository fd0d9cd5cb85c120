import Foundation
import GafferContracts
import Synchronization

/// The loop's source of time (timestamps, leases, back-off). Injected, so tests move time instead of waiting.
public protocol LoopClock: Sendable {
    func now() -> Date
}

extension LoopClock {
    /// `now()` as an RFC 3339 timestamp.
    public func timestamp() -> String { Timestamp.format(now()) }
}

/// The wall clock.
public struct SystemClock: LoopClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that stands still until told to move: for tests of back-off and lease expiry.
public final class ManualClock: LoopClock {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }
    public func now() -> Date { current.withLock { $0 } }
    public func advance(by seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
