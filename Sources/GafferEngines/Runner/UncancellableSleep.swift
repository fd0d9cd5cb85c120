import Dispatch

/// A sleep that a cancelled task still sleeps through.
///
/// `Task.sleep` returns at once in a cancelled task, but cancellation (graceful shutdown) is exactly
/// when the runner must still wait out a grace period and watch the process group die.
enum UncancellableSleep {
    static func sleep(for duration: Duration) async {
        let nanoseconds = wholeNanoseconds(duration)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
                continuation.resume()
            }
        }
    }

    /// Whole nanoseconds of `duration`, clamped to `0...Int.max`.
    private static func wholeNanoseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        guard seconds < Int64(Int.max / 1_000_000_000) - 1 else { return Int.max }
        return Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
    }
}
