import Foundation
import Testing

@testable import GafferLoop

/// The advisor's circuit (SPEC §5.4) as a pure value: after N unanswered calls in a row the loop stops asking for
/// the cool-down, then lets one probe through.
struct CircuitBreakerTests {
    enum Step: Sendable, CustomStringConvertible {
        /// Ask at `t` seconds: expected permitted or not.
        case ask(Double, permitted: Bool)
        /// A call ends at `t`: answered or not; expected to open the circuit just now or not.
        case end(Double, answered: Bool, opens: Bool)

        var description: String {
            switch self {
            case .ask(let t, let permitted): "ask at \(t) → \(permitted ? "permitted" : "refused")"
            case .end(let t, let answered, let opens): "\(answered ? "answered" : "unanswered") at \(t)\(opens ? " → opens" : "")"
            }
        }
    }

    struct Row: CustomTestStringConvertible, Sendable {
        let name: String
        let steps: [Step]
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "answers keep it closed", steps: [
            .ask(0, permitted: true), .end(1, answered: true, opens: false),
            .ask(2, permitted: true), .end(3, answered: false, opens: false),
            .ask(4, permitted: true), .end(5, answered: true, opens: false),
            .ask(6, permitted: true), .end(7, answered: false, opens: false),
        ]),
        Row(name: "three failures in a row open it for the cool-down", steps: [
            .end(1, answered: false, opens: false), .end(2, answered: false, opens: false), .end(3, answered: false, opens: true),
            .ask(4, permitted: false), .ask(62, permitted: false),
        ]),
        Row(name: "after the cool-down one probe goes, the others wait for it", steps: [
            .end(1, answered: false, opens: false), .end(2, answered: false, opens: false), .end(3, answered: false, opens: true),
            .ask(63, permitted: true), .ask(64, permitted: false),
            .end(65, answered: true, opens: false), .ask(66, permitted: true),
        ]),
        Row(name: "a failed probe reopens it at once", steps: [
            .end(1, answered: false, opens: false), .end(2, answered: false, opens: false), .end(3, answered: false, opens: true),
            .ask(63, permitted: true), .end(64, answered: false, opens: true), .ask(65, permitted: false), .ask(124, permitted: true),
        ]),
    ]

    @Test(arguments: rows)
    func theCircuitFollowsItsRule(_ row: Row) {
        var breaker = CircuitBreaker(settings: .init(failures: 3, cooldownSeconds: 60))
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for step in row.steps {
            switch step {
            case .ask(let t, let permitted):
                #expect(breaker.permit(at: start.addingTimeInterval(t)) == permitted, "\(row.name): \(step)")
            case .end(let t, let answered, let opens):
                #expect(breaker.record(answered: answered, at: start.addingTimeInterval(t)) == opens, "\(row.name): \(step)")
            }
        }
    }

    @Test func openUntilIsTheEndOfTheCoolDown() {
        var breaker = CircuitBreaker(settings: .init(failures: 1, cooldownSeconds: 30))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(breaker.openUntil == nil)
        breaker.record(answered: false, at: now)
        #expect(breaker.openUntil == now.addingTimeInterval(30))
    }
}
