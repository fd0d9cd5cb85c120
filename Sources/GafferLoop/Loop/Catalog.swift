import Foundation
import GafferContracts

/// The workflows and policies a run works with, loaded once per pass and validated as they load.
struct Catalog: Sendable {
    let workflows: [String: Workflow]
    let policiesFolder: String
    private(set) var policies: [String: QCPolicy] = [:]

    init(configuration: LoopConfiguration) throws(ContractError) {
        workflows = try WorkflowLoader.loadAll(in: configuration.workflowsFolder)
        policiesFolder = configuration.policiesFolder
    }

    /// The workflow a job names, or the only one there is.
    func workflow(for job: Job) throws(ContractError) -> Workflow {
        if let id = job.workflow {
            guard let workflow = workflows[id] else {
                throw .violations(source: "job \(job.jobID)", [SchemaViolation(
                    path: JSONPointer.root.appending("workflow"),
                    message: "names workflow \"\(id)\", which is not defined (known: \(workflows.keys.sorted().joined(separator: ", ")))")])
            }
            return workflow
        }
        guard workflows.count == 1, let only = workflows.values.first else {
            throw .violations(source: "job \(job.jobID)", [SchemaViolation(
                path: JSONPointer.root.appending("workflow"),
                message: "is missing and there is not exactly one workflow to default to (known: \(workflows.keys.sorted().joined(separator: ", ")))")])
        }
        return only
    }

    /// The policy file name for a job: the job's, else its workflow's, else the default.
    static func policyName(job: Job, workflow: Workflow) -> String {
        job.qcPolicy ?? workflow.qcPolicy ?? "qc_policy.v1.json"
    }

    /// Loads (once) and returns a policy by its name under the policies folder.
    mutating func policy(named name: String) throws(ContractError) -> QCPolicy {
        if let cached = policies[name] { return cached }
        guard SandboxLayout.staysInside(name) else {
            throw .violations(source: name, [SchemaViolation(path: JSONPointer.root.appending("qc_policy"), message: "must name a file inside the policies folder")])
        }
        let path = (policiesFolder as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(source: path, reason: "no such policy file")
        }
        let policy = try ContractDecoder.policy(from: data, source: path)
        policies[name] = policy
        return policy
    }
}
