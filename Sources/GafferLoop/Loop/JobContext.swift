import Foundation
import GafferContracts
import GafferQC
import GafferStore

/// Everything one attempt of a job needs, resolved from the store's record before anything is claimed: the job as
/// admitted, its workflow, policy, the stage to run, gate placement, and the decision that leads to this attempt.
struct JobContext: Sendable {
    let record: JobRecord
    let job: Job
    let workflow: Workflow
    let policy: QCPolicy
    let stage: Workflow.Stage
    let placement: GatePlacement
    /// The decision of the attempt that led here (nil before the first retry).
    let decision: ProductionDecision?
    /// The workflows folder's registry, when it has one.
    let registry: WorkflowRegistry?

    static func resolve(_ record: JobRecord, catalog: Catalog, layout: SandboxLayout) throws(JobFault) -> JobContext {
        let source = record.sourcePath
        let content: Data
        if let stored = record.content {
            content = Data(stored.utf8)
        } else if let data = FileManager.default.contents(atPath: layout.path(source)) {
            content = data  // admitted by a Gaffer that kept no content: the file is all there is
        } else {
            throw .invalid("\(source): the job file is gone and the store holds no copy of it")
        }
        let job: Job
        do {
            job = try ContractDecoder.job(from: content, source: source)
        } catch {
            throw .invalid(error.description)
        }
        guard let workflowID = record.workflowID, let workflow = catalog.workflows[workflowID] else {
            throw .invalid("\(source): workflow \(record.workflowID ?? "?") is no longer loaded from \(layout.relative(catalog.workflowsFolderHint))\(catalog.brokenNote)")
        }
        let policy: QCPolicy
        do {
            policy = try catalog.policy(named: record.policyPath ?? "qc_policy.v1.json")
        } catch {
            throw .invalid("\(source): its policy does not load: \(error.description)")
        }
        let stageName = record.stage ?? workflow.stages[0].name
        guard let stage = workflow.stage(named: stageName) else {
            throw .invalid("\(source): stage \(stageName.rawValue) is not in workflow \(workflow.workflowID) (it has: \(workflow.stageNames.map(\.rawValue).joined(separator: ", "))); fix the workflow, or answer with a new job")
        }
        let placement = GatePlacement(policy: policy, workflow: workflow)
        if !placement.faults.isEmpty {
            throw .invalid("workflow \(workflow.workflowID) against policy \(policy.policyID): \(placement.faults.joined(separator: "; "))")
        }
        var decision: ProductionDecision?
        if let text = record.nextDecision {
            let row = "store: jobs.next_decision of \(record.jobID)"
            do {
                decision = try ContractDecoder.load(ProductionDecision.self, kind: .productionDecision, from: Data(text.utf8), source: row)
            } catch {
                throw .escalate("the decision that leads to the next attempt cannot be read (\(error.description)); answering RETRY_STAGE runs the stage without it")
            }
        }
        return JobContext(
            record: record, job: job, workflow: workflow, policy: policy, stage: stage, placement: placement,
            decision: decision, registry: catalog.registry)
    }
}

extension JobContext {
    /// The rule that decides this job's attempts under the run's budget caps.
    func judge(_ configuration: LoopConfiguration) -> AttemptJudge {
        AttemptJudge(
            policy: policy, placement: placement, workflow: workflow, job: job, registry: registry,
            maxRetries: configuration.maxRetries, maxJobAttempts: configuration.maxJobAttempts,
            authorityTrialConsent: configuration.authorityTrialConsent)
    }
}
