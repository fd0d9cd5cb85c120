import Synchronization

/// Values read from JSON text, remembered by the text (at most `capacity`; all forgotten when full). A store lists
/// thousands of attempts whose gate verdicts and engine facts repeat a handful of texts: each is parsed once.
final class TextMemo<Value: Sendable>: Sendable {
    private let values = Mutex<[String: Value]>([:])
    private let capacity: Int

    init(capacity: Int = 4096) { self.capacity = capacity }

    func value(for text: String, _ read: (String) throws -> Value) rethrows -> Value {
        if let known = values.withLock({ $0[text] }) { return known }
        let value = try read(text)
        values.withLock { values in
            if values.count >= capacity { values.removeAll(keepingCapacity: true) }
            values[text] = value
        }
        return value
    }
}
