import GafferContracts
import Testing

@testable import GafferSupervisor

/// SPEC §5.2 SWITCH_POLICY: a ladder of workflows, so successive switches do not repeat themselves.
struct SwitchPolicyTests {
    static let registry = WorkflowRegistry(workflows: [
        .init(workflowID: "comfy_identity_strong_v1", engine: "comfyui", relpath: "workflows/identity_strong.json", tags: ["hero_safe"]),
        .init(workflowID: "veo_fallback_v1", engine: "veo", relpath: "workflows/veo.json", tags: ["hero_safe"]),
        .init(workflowID: "draft_v1", engine: "ffmpeg", relpath: "workflows/draft.yaml", tags: ["draft"]),
    ])

    static func switchDecision(history: [AttemptLineage.Entry], current: String? = "comfy_base_v1") -> SupervisorOutcome {
        Supervisor.decide(Fixtures.input(
            Fixtures.report(["style": 0.2]), stage: .frame, history: history, stageAttempts: history.count + 1,
            maxRetries: 9, registry: registry, currentWorkflow: current))
    }

    @Test func eachSwitchTakesTheNextRung() {
        let first = Self.switchDecision(history: [])
        #expect(first.action == .switchPolicy)
        #expect(first.decision.decision.workflowProfile == "comfy_identity_safe_v1", "presets come before the registry")
        #expect(first.decision.decision.targetStage == .frame)

        let second = Self.switchDecision(history: [Fixtures.attempt("run-0001", stage: .frame, action: .switchPolicy, profile: "comfy_identity_safe_v1")])
        #expect(second.decision.decision.workflowProfile == "comfy_motion_safe_v1")

        let tried = ["comfy_identity_safe_v1", "comfy_motion_safe_v1"].enumerated().map {
            Fixtures.attempt(AttemptID.make($0 + 1), stage: .frame, action: .switchPolicy, profile: $1)
        }
        #expect(Self.switchDecision(history: tried).decision.decision.workflowProfile == "comfy_identity_strong_v1")
    }

    @Test func theCurrentWorkflowIsNeverTheSwitchTarget() {
        let outcome = Self.switchDecision(history: [], current: "comfy_identity_safe_v1")
        #expect(outcome.decision.decision.workflowProfile == "comfy_motion_safe_v1")
    }

    @Test func anExhaustedLadderEscalates() throws {
        let all = ["comfy_identity_safe_v1", "comfy_motion_safe_v1", "comfy_identity_strong_v1", "veo_fallback_v1"]
        let tried = all.enumerated().map { Fixtures.attempt(AttemptID.make($0 + 1), stage: .frame, action: .switchPolicy, profile: $1) }
        let outcome = Self.switchDecision(history: tried)
        #expect(outcome.action == .escalateUser)
        #expect(try #require(outcome.escalation).reason == .retryBudgetExceeded)
        #expect(outcome.decision.decision.workflowProfile == nil)
    }
}
