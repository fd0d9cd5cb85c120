import Foundation
import GafferContracts
import Synchronization

/// The workflows and policies a run works with, loaded at each inbox scan and validated as they load. A file that
/// fails to load is kept with its error, so the jobs that use it become INVALID with it and the others run.
struct Catalog: Sendable {
    let workflows: [String: Workflow]
    /// Workflow files that failed to load, by path.
    let brokenWorkflows: [String: ContractError]
    /// `workflow_registry.v1.json` of the workflows folder, when there is one: SWITCH_POLICY's targets and the
    /// profiles an advisor may propose. A registry that fails to load is listed with the broken workflow files.
    let registry: WorkflowRegistry?
    let policiesFolder: String
    let workflowsFolderHint: String
    /// Policies by name, loaded once per scan and shared by every attempt of that scan (a reference: the catalog
    /// value is copied into each attempt's task).
    private let policies = PolicyCache()

    init(configuration: LoopConfiguration) {
        var broken: [String: ContractError]
        (workflows, broken) = WorkflowLoader.loadEach(in: configuration.workflowsFolder)
        let registryPath = (configuration.workflowsFolder as NSString).appendingPathComponent("workflow_registry.v1.json")
        var registry: WorkflowRegistry?
        if let data = FileManager.default.contents(atPath: registryPath) {
            do {
                registry = try ContractDecoder.load(WorkflowRegistry.self, kind: .workflowRegistry, from: data, source: registryPath)
            } catch {
                broken[registryPath] = error
            }
        }
        self.registry = registry
        brokenWorkflows = broken
        policiesFolder = configuration.policiesFolder
        workflowsFolderHint = configuration.workflowsFolder
    }

    /// What an operator reads when a workflow cannot be found: which files failed and why.
    var brokenNote: String {
        guard !brokenWorkflows.isEmpty else { return "" }
        return "; these workflow files failed to load: " + brokenWorkflows.sorted { $0.key < $1.key }.map { $0.value.description }.joined(separator: " | ")
    }

    /// The workflow a job names, or the only one there is.
    func workflow(for job: Job) throws(ContractError) -> Workflow {
        if let id = job.workflow {
            guard let workflow = workflows[id] else {
                throw .violations(source: "job \(job.jobID)", [SchemaViolation(
                    path: JSONPointer.root.appending("workflow"),
                    message: "names workflow \"\(id)\", which is not defined (known: \(workflows.keys.sorted().joined(separator: ", ")))\(brokenNote)")])
            }
            return workflow
        }
        guard workflows.count == 1, brokenWorkflows.isEmpty, let only = workflows.values.first else {
            throw .violations(source: "job \(job.jobID)", [SchemaViolation(
                path: JSONPointer.root.appending("workflow"),
                message: "is missing and there is not exactly one workflow to default to (known: \(workflows.keys.sorted().joined(separator: ", ")))\(brokenNote)")])
        }
        return only
    }

    /// The policy file name for a job: the job's, else its workflow's, else the default.
    static func policyName(job: Job, workflow: Workflow) -> String {
        job.qcPolicy ?? workflow.qcPolicy ?? "qc_policy.v1.json"
    }

    /// Loads (once per scan) and returns a policy by its name under the policies folder.
    func policy(named name: String) throws(ContractError) -> QCPolicy {
        if let cached = policies.get(name) { return try cached.get() }
        let result = Result { () throws(ContractError) -> QCPolicy in
            guard SandboxLayout.staysInside(name) else {
                throw .violations(source: name, [SchemaViolation(path: JSONPointer.root.appending("qc_policy"), message: "must name a file inside the policies folder")])
            }
            let path = (policiesFolder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .unreadable(source: path, reason: "no such policy file")
            }
            return try ContractDecoder.policy(from: data, source: path)
        }
        policies.set(name, result)
        return try result.get()
    }
}

/// The catalog's shared policy cache.
final class PolicyCache: Sendable {
    private let entries = Mutex<[String: Result<QCPolicy, ContractError>]>([:])
    func get(_ name: String) -> Result<QCPolicy, ContractError>? { entries.withLock { $0[name] } }
    func set(_ name: String, _ value: Result<QCPolicy, ContractError>) { entries.withLock { $0[name] = value } }
}
