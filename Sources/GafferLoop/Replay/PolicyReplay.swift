import Foundation
import GafferContracts
import GafferQC
import GafferStore
import GafferSupervisor

/// `gaffer replay` (SPEC §11): every decided attempt of a sandbox judged again under another policy, from what the
/// attempt recorded — its engine outcome in the store, its `production_metrics.v1.json`, the job's earlier attempts —
/// with the same rule the loop decides by (`AttemptJudge`). Nothing is written: the CI check of a policy change.
public struct PolicyReplay: Sendable {
    /// What could not be judged, and why: the replay is incomplete, not a pass.
    public struct Unjudged: Sendable, Hashable {
        public var jobID: String
        public var attemptID: String?
        public var reason: String
    }

    public struct Result: Sendable {
        public var attempts: [ReplayedAttempt]
        public var unjudged: [Unjudged]
        public var changed: [ReplayedAttempt] { attempts.filter(\.changes) }
    }

    public let layout: SandboxLayout
    public let policy: QCPolicy
    public let workflowsFolder: String
    public let maxRetries: Int?
    public let maxJobAttempts: Int

    public init(layout: SandboxLayout, policy: QCPolicy, workflowsFolder: String? = nil, maxRetries: Int? = nil, maxJobAttempts: Int = 50) {
        self.layout = layout
        self.policy = policy
        self.workflowsFolder = workflowsFolder ?? layout.path("workflows")
        self.maxRetries = maxRetries
        self.maxJobAttempts = maxJobAttempts
    }

    /// Replays the jobs of `store` (only `jobIDs` when not empty), oldest attempt first within each job.
    public func run(store: any JobStore, jobIDs: Set<String> = []) async throws -> Result {
        let catalog = Catalog(configuration: LoopConfiguration(
            sandbox: layout.root, workflowsFolder: workflowsFolder, gafferExecutable: "gaffer"))
        var replayed: [ReplayedAttempt] = []
        var unjudged: [Unjudged] = []
        let records = try await store.jobs().filter { jobIDs.isEmpty || jobIDs.contains($0.jobID) }.sorted { $0.jobID < $1.jobID }
        for id in jobIDs.subtracting(records.map(\.jobID)).sorted() {
            unjudged.append(Unjudged(jobID: id, reason: "no such job in the store"))
        }
        for record in records {
            let attempts = try await store.attempts(jobID: record.jobID).sorted { $0.number < $1.number }
            guard !attempts.isEmpty else { continue }
            let judge: AttemptJudge
            switch self.judge(for: record, catalog: catalog) {
            case .success(let made): judge = made
            case .failure(let why):
                unjudged.append(Unjudged(jobID: record.jobID, reason: why.text))
                continue
            }
            for attempt in attempts {
                switch replay(attempt, of: record, earlier: attempts, judge: judge) {
                case .success(let result): replayed.append(result)
                case .failure(let why): unjudged.append(Unjudged(jobID: record.jobID, attemptID: attempt.attemptID, reason: why.text))
                }
            }
        }
        return Result(attempts: replayed, unjudged: unjudged)
    }

    struct Failure: Error { let text: String }

    func judge(for record: JobRecord, catalog: Catalog) -> Swift.Result<AttemptJudge, Failure> {
        let source = record.sourcePath
        guard let content = record.content.map({ Data($0.utf8) }) ?? FileManager.default.contents(atPath: layout.path(source)) else {
            return .failure(Failure(text: "\(source): the job file is gone and the store holds no copy of it"))
        }
        let job: Job
        do {
            job = try ContractDecoder.job(from: content, source: source)
        } catch {
            return .failure(Failure(text: error.description))
        }
        guard let workflowID = record.workflowID, let workflow = catalog.workflows[workflowID] else {
            return .failure(Failure(text: "workflow \(record.workflowID ?? "?") does not load from \(workflowsFolder)\(catalog.brokenNote)"))
        }
        let placement = GatePlacement(policy: policy, workflow: workflow)
        guard placement.faults.isEmpty else {
            return .failure(Failure(text: "workflow \(workflow.workflowID) against policy \(policy.policyID): \(placement.faults.joined(separator: "; "))"))
        }
        return .success(AttemptJudge(
            policy: policy, placement: placement, workflow: workflow, job: job, registry: catalog.registry,
            maxRetries: maxRetries, maxJobAttempts: maxJobAttempts, authorityTrialConsent: false))
    }

    func replay(_ attempt: AttemptRecord, of record: JobRecord, earlier: [AttemptRecord], judge: AttemptJudge) -> Swift.Result<ReplayedAttempt, Failure> {
        let skipped = { (skip: ReplayedAttempt.Skip) in
            ReplayedAttempt(jobID: attempt.jobID, attemptID: attempt.attemptID, stage: attempt.stage, recorded: nil, replayed: nil, skip: skip)
        }
        guard attempt.status == .decided, let action = attempt.decisionAction else { return .success(skipped(.undecided)) }
        guard let engine = attempt.engine else { return .success(skipped(.fault)) }

        let folder = layout.attemptFolder(attempt.jobID, attempt.attemptID)
        let metricsPath = folder + "/production_metrics.v1.json"
        var metrics: ProductionMetrics?
        var scores: [String: JSONValue] = [:]
        if let data = FileManager.default.contents(atPath: metricsPath) {
            do {
                let document = try MetricsDocument.load(data, source: layout.relative(metricsPath))
                metrics = document.productionMetrics
                scores = document.qualityMetrics
            } catch {
                return .failure(Failure(text: error.description))
            }
        } else if engine.failure == nil && !judge.placement.gates(for: attempt.stage).isEmpty {
            return .success(skipped(.metricsMissing))
        }
        let recordedDecision = (FileManager.default.contents(atPath: folder + "/production_decision.v1.json")).flatMap {
            try? ContractDecoder.load(ProductionDecision.self, kind: .productionDecision, from: $0, source: folder)
        }
        let recorded = ReplayedAttempt.Verdict(
            action: action, targetStage: recordedDecision?.decision.targetStage, escalationReason: attempt.escalationReason)

        let now = attempt.endedAt ?? attempt.startedAt
        let report = judge.report(
            stage: attempt.stage, metrics: scores, engineFailed: engine.failure != nil,
            context: ReportContext(jobID: attempt.jobID, attemptID: attempt.attemptID, generatedAt: now,
                                   inputs: QCReport.Inputs(policy: policy.policyID, metrics: layout.relative(metricsPath))))
        var outcome: SupervisorOutcome
        if engine.failure == nil, let ungated = judge.ungated(stage: attempt.stage, jobID: attempt.jobID, attemptID: attempt.attemptID) {
            outcome = ungated
        } else {
            let maxFrames = Self.params(in: folder)["max_frames"]?.doubleValue.map { Int($0) }
            outcome = Supervisor.decide(judge.input(
                jobID: attempt.jobID, attemptID: attempt.attemptID, number: attempt.number, stage: attempt.stage, now: now,
                report: report, engine: engine, pose: metrics?.poseObservation(maxFrames: maxFrames), earlier: earlier,
                budgetFloor: attempt.number > record.budgetFloor ? record.budgetFloor : 0))
        }
        outcome = judge.settled(outcome, report: report, stage: attempt.stage)
        let decision = outcome.decision.decision
        let replayed = ReplayedAttempt.Verdict(
            action: decision.action, targetStage: decision.targetStage, escalationReason: decision.escalationReason)
        let gates = Dictionary(report?.gates.map { ($0.gateID, $0.status) } ?? [], uniquingKeysWith: { _, last in last })
        return .success(ReplayedAttempt(
            jobID: attempt.jobID, attemptID: attempt.attemptID, stage: attempt.stage, recorded: recorded, replayed: replayed,
            gateChanges: ReplayedAttempt.gateChanges(recorded: attempt.gateResults, replayed: gates),
            advisorNotReplayed: attempt.advisor != nil))
    }

    /// The attempt's merged `{params}` as the loop wrote them (empty when absent).
    static func params(in folder: String) -> [String: JSONValue] {
        guard let data = FileManager.default.contents(atPath: folder + "/params.json"),
            let value = try? JSONParser.parse(data) else { return [:] }
        return value.objectValue ?? [:]
    }
}
