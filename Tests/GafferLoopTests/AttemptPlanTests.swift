import Foundation
import GafferContracts
import GafferTestSupport
import Testing

@testable import GafferLoop

/// How a decision reaches the next engine: placeholders and the merged `{params}`.
struct AttemptPlanTests {
    @Test func placeholdersAreFilledAnywhereInAnArgument() {
        let template = Template(["output": "/s/a/out.mp4", "job_id": "job-000001"])
        #expect(template.fill(["sh", "-c", "sleep 1; echo ok > {output}", "{job_id}-{unknown}"])
            == ["sh", "-c", "sleep 1; echo ok > /s/a/out.mp4", "job-000001-{unknown}"])
        #expect(template.environment == ["GAFFER_OUTPUT": "/s/a/out.mp4", "GAFFER_JOB_ID": "job-000001"])
    }

    @Test func laterSourcesWinAndTheDecisionBecomesParameters() throws {
        let stage = try WorkflowLoader.load("""
            workflow_id: w
            stages:
              - name: video
                command: ["x"]
                output: o.mp4
                params: {duration: 4, pose_weight: 0.8, max_frames: 48, fps: 24}
            """, source: "w.yaml").stages[0]
        let job = try Job(raw: ["job_id": "job-000001", "params": ["duration": 6, "fps": 30]])
        var decision = ProductionDecision.Decision(action: .retryStage, reasoning: "r", workflowProfile: "motion_safe")
        decision.parameterAdjustments = ["pose_weight": 0.95]
        decision.policyOverrides.maxFramesOverride = 24
        let params = AttemptPlan.mergedParams(
            stage: stage, job: job, decision: ProductionDecision(jobID: "job-000001", attemptID: "run-0001", decision: decision),
            operatorOverrides: ["fps": 12])
        #expect(params["duration"] == 6, "job over workflow")
        #expect(params["pose_weight"] == 0.95, "decision over job and workflow")
        #expect(params["max_frames"] == 24, "policy overrides become parameters")
        #expect(params["workflow_profile"] == "motion_safe")
        #expect(params["fps"] == 12, "the operator has the last word")
    }

    @Test func paramsWithoutADecisionAreDefaultsAndJob() throws {
        let stage = try WorkflowLoader.load("workflow_id: w\nstages:\n  - {name: video, command: [x], output: o, params: {a: 1}}\n", source: "w.yaml").stages[0]
        let params = AttemptPlan.mergedParams(stage: stage, job: try Job(raw: ["job_id": "job-000001"]), decision: nil, operatorOverrides: [:])
        #expect(params == ["a": 1])
    }

    @Test(arguments: ["../x", "a/../../b", "/etc/passwd"])
    func pathsThatLeaveTheSandboxAreRefused(_ path: String) {
        #expect(!SandboxLayout.staysInside(path))
    }

    @Test(arguments: [("job-000001", true), ("../../../tmp/x", false), ("JOB-000001", false), ("abc", false)])
    func onlySafeJobIDsNameFolders(_ id: String, _ safe: Bool) {
        #expect(SandboxLayout.isSafeJobID(id) == safe)
    }
}

/// Every shipped workflow definition loads and validates.
struct ShippedWorkflowTests {
    static let files = ["workflows/demo_v1.yaml", "examples/comfyui_workflow.yaml", "examples/replicate_workflow.yaml"]

    @Test(arguments: files)
    func shippedWorkflowLoads(_ relative: String) throws {
        let path = GafferTestSupport.RepositoryPaths.path(relative)
        let workflow = try WorkflowLoader.load(try String(contentsOfFile: path, encoding: .utf8), source: path)
        #expect(!workflow.stages.isEmpty)
    }
}
