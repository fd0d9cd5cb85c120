import Foundation
import GafferContracts
import GafferSupervisor
import Synchronization

/// The worker's advisor behind its circuit breaker, shared by every attempt it runs. Asks only while the circuit
/// lets it; when it does not, the advice says so (recorded as `unavailable`) and the deterministic decision stands.
final class AdvisorCircuit: Sendable {
    let advisor: any Advisor
    let settings: CircuitBreaker.Settings
    private let breaker: Mutex<CircuitBreaker>

    init(advisor: any Advisor, settings: CircuitBreaker.Settings) {
        self.advisor = advisor
        self.settings = settings
        breaker = Mutex(CircuitBreaker(settings: settings))
    }

    /// Until when the circuit is open (nil when it is not): what the worker's record and `/readyz` say.
    var openUntil: Date? { breaker.withLock { $0.openUntil } }

    func advise(_ request: AdvisorRequest, clock: any LoopClock) async -> AdvisorAdvice {
        let now = clock.now()
        let (permitted, state) = breaker.withLock { breaker in (breaker.permit(at: now), breaker.state) }
        guard permitted else {
            let why: String = switch state {
            case .open(let until): "Not asked: the advisor's circuit is open until \(Timestamp.format(until)) after \(settings.failures) calls in a row went unanswered."
            default: "Not asked: a probe call to the advisor is on its way after its cool-down."
            }
            return AdvisorAdvice(source: advisor.source, proposal: nil, note: why)
        }
        let advice = await advisor.advise(request)
        breaker.withLock { _ = $0.record(answered: advice.proposal != nil, at: clock.now()) }
        return advice
    }
}
