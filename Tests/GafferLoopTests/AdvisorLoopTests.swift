import Foundation
import GafferContracts
import GafferStore
import GafferSupervisor
import GafferTestSupport
import Synchronization
import Testing

@testable import GafferLoop

/// An advisor driven by a closure, recording what it was asked.
final class ScriptedAdvisor: Advisor {
    let answer: @Sendable (AdvisorRequest) async -> AdvisorAdvice
    let requests = Mutex<[AdvisorRequest]>([])
    var source: String { "scripted" }
    var promptVersion: String? { "advisor.v1" }

    init(_ answer: @escaping @Sendable (AdvisorRequest) async -> AdvisorAdvice) { self.answer = answer }

    func advise(_ request: AdvisorRequest) async -> AdvisorAdvice {
        requests.withLock { $0.append(request) }
        return await answer(request)
    }

    var count: Int { requests.withLock { $0.count } }
}

/// SPEC §5.4 in the loop: asked only when the decision is not PROCEED, weighed by the policy and the operator's
/// consent, recorded in the decision file and on the attempt, and not asked at all while its circuit is open.
struct AdvisorLoopTests {
    /// One gate on `quality` (min 0.5, RETRY_STAGE), advisory mode on, and an authority trial allowing ESCALATE_USER.
    static func policy() -> JSONValue {
        guard case .object(var policy) = LoopHarness.policy() else { return .null }
        policy["advisory_mode"] = ["enabled": true, "allowed_actions": ["RETRY_STAGE", "ESCALATE_USER"]]
        policy["authority_trial"] = ["enabled": true, "allowed_actions": ["ESCALATE_USER"], "rollback_action": "ESCALATE_USER"]
        return .object(policy)
    }

    static func harness() throws -> LoopHarness {
        let harness = try LoopHarness()
        try harness.writePolicy(policy())
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["video"]))
        return harness
    }

    static func scheduler(
        _ harness: LoopHarness, _ launcher: ScriptedLauncher, advisor: ScriptedAdvisor, consent: Bool = false,
        circuit: CircuitBreaker.Settings = .init(), maxRetries: Int? = nil
    ) -> Scheduler {
        var configuration = harness.configuration(maxRetries: maxRetries)
        configuration.authorityTrialConsent = consent
        configuration.advisorCircuit = circuit
        return Scheduler(configuration: configuration, store: harness.store, once: true, launcher: launcher, advisor: advisor, wakeup: harness.wakeup)
    }

    /// Fails QC on the first attempt (0.3), passes on every later one.
    static let failThenPass = ScriptedLauncher { call in
        ScriptAnswer(scores: ["quality": call.attemptID == "run-0001" ? 0.3 : 0.9])
    }

    @Test func advisoryModeAsksAfterARetryOnlyAndRecordsWithoutChangingAnything() async throws {
        let harness = try Self.harness()
        try harness.writeJob("advised-job-01")
        let advisor = ScriptedAdvisor { _ in
            AdvisorAdvice(source: "scripted", proposal: AdvisorProposal(action: .escalateUser, reasoning: "looks off"), model: "m1",
                          latencySeconds: 0.25, tokensIn: 900, tokensOut: 30)
        }
        try await Self.scheduler(harness, Self.failThenPass, advisor: advisor).run()
        #expect(try await harness.job("advised-job-01").state == .completed, "advisory mode never changes the decision")
        #expect(advisor.count == 1, "asked after the RETRY_STAGE, not after the PROCEED")
        let request = try #require(advisor.requests.withLock { $0.first })
        #expect(request.mode == .advisory && request.deterministic.action == .retryStage && request.qcReport?.gates.first?.gateID == "quality_gate")
        let attempts = try await harness.store.attempts(jobID: "advised-job-01")
        #expect(attempts.first?.advisor == AdvisorUse(source: "scripted", outcome: .recorded, latencySeconds: 0.25, tokensIn: 900, tokensOut: 30))
        #expect(attempts.last?.advisor == nil)
        let decision = try ContractDecoder.load(
            ProductionDecision.self, kind: .productionDecision,
            from: try Data(contentsOf: URL(fileURLWithPath: harness.layout.attemptFolder("advised-job-01", "run-0001") + "/production_decision.v1.json")),
            source: "decision")
        #expect(decision.decision.advisor?.proposal?.reasoning == "looks off" && decision.decision.advisor?.model == "m1")
        let statistics = try await harness.store.statistics()
        #expect(statistics.advisorCalls == [.init(outcome: "recorded", count: 1, tokensIn: 900, tokensOut: 30)])
        #expect(statistics.advisorLatencies == [0.25])
    }

    @Test func anAuthorityTrialNeedsTheOperatorsConsent() async throws {
        for consent in [false, true] {
            let harness = try Self.harness()
            try harness.writeJob("trial-job-0001")
            let advisor = ScriptedAdvisor { _ in AdvisorAdvice(source: "scripted", proposal: AdvisorProposal(action: .escalateUser, reasoning: "hero shot")) }
            try await Self.scheduler(harness, Self.failThenPass, advisor: advisor, consent: consent).run()
            let state = try await harness.job("trial-job-0001").state
            #expect(state == (consent ? .escalated : .completed), "consent \(consent): \(state)")
            #expect(try await harness.store.attempts(jobID: "trial-job-0001").first?.advisor?.outcome == (consent ? .taken : .recorded))
        }
    }

    @Test func afterFailuresInARowTheCircuitOpensAndTheWorkerSaysSo() async throws {
        let harness = try Self.harness()
        try harness.writeJob("circuit-job-01")
        let advisor = ScriptedAdvisor { _ in .unavailable(source: "scripted", latencySeconds: 0.01, because: "connection refused") }
        let alwaysFails = ScriptedLauncher { _ in ScriptAnswer(scores: ["quality": 0.3]) }
        try await Self.scheduler(harness, alwaysFails, advisor: advisor, circuit: .init(failures: 2, cooldownSeconds: 300), maxRetries: 3).run()
        let attempts = try await harness.store.attempts(jobID: "circuit-job-01")
        #expect(attempts.count == 4 && advisor.count == 2, "asked twice, then the circuit was open (\(advisor.count) calls)")
        #expect(attempts.compactMap(\.advisor?.outcome).allSatisfy { $0 == .unavailable })
        let third = try ContractDecoder.load(
            ProductionDecision.self, kind: .productionDecision,
            from: try Data(contentsOf: URL(fileURLWithPath: harness.layout.attemptFolder("circuit-job-01", "run-0003") + "/production_decision.v1.json")),
            source: "decision")
        #expect(third.decision.advisor?.note?.contains("circuit is open") == true, "\(String(describing: third.decision.advisor?.note))")
        let worker = try #require(try await harness.store.workers().first)
        #expect(worker.advisorCircuitOpenUntil != nil, "the worker's record says its circuit is open")
    }
}
