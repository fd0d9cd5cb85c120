/// Checks an `Authorization` header against the configured token without leaking, through timing, how much
/// of a guess was right.
struct BearerToken: Sendable {
    let expected: [UInt8]

    init(_ token: String) { expected = Array(token.utf8) }

    enum Verdict: Equatable {
        case accepted
        case missing
        case malformed
        case wrong
    }

    func check(authorization header: String?) -> Verdict {
        guard let header else { return .missing }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return .malformed }
        let presented = Array(parts[1].trimmingSpaces().utf8)
        // An empty configured token would accept an empty guess: refuse everything instead.
        guard !expected.isEmpty, Self.constantTimeEqual(presented, expected) else { return .wrong }
        return .accepted
    }

    /// Equal bytes, in time that depends only on the lengths, never on where the first difference is.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt64(lhs.count ^ rhs.count)
        let length = max(lhs.count, rhs.count)
        for index in 0..<length {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= UInt64(left ^ right)
        }
        return difference == 0
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return text
    }
}
