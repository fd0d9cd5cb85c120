import Foundation
import Logging
import GafferContracts
import GafferEngines
import GafferStore
import Synchronization

/// The loop (SPEC §6): each pass reads the durable state of every job, takes the one next step of each, and
/// records it before the next. Level-triggered: running the same pass twice is safe.
public final class Reconciler: Sendable {
    public let configuration: LoopConfiguration
    public let store: any JobStore
    let views: ViewWriter
    let stop: StopSignal

    public init(configuration: LoopConfiguration, store: any JobStore, stop: StopSignal = StopSignal()) {
        self.configuration = configuration
        self.store = store
        self.stop = stop
        views = ViewWriter(layout: configuration.layout, store: store)
    }

    /// After a crash: engines the store still shows running are killed (if still alive on this host) and their
    /// attempts recorded as interrupted, so an engine never outlives the Gaffer that started it by more than a restart.
    public func recover() async throws {
        for attempt in try await store.runningAttempts() {
            var killed = false
            if let group = attempt.processGroup, group > 0, attempt.host == configuration.host {
                killed = await EngineRunner.terminateGroup(group, grace: .seconds(2))
            }
            try await StageExecutor.recordInterrupted(
                attempt, store: store, views: views, runID: configuration.runID,
                details: ["recovered": true, "engine_killed": .bool(killed)])
            configuration.logger(job: attempt.jobID, stage: attempt.stage, attempt: attempt.attemptID)
                .notice("recovered an attempt a previous Gaffer left running", metadata: ["engine_killed": "\(killed)"])
        }
    }

    /// `gaffer run --once`: work until every job is terminal or waiting for an operator (or a stop is requested).
    public func runOnce() async throws -> RunSummary {
        try await recover()
        while !stop.isRequested {
            let progressed = try await pass()
            if !progressed { break }
        }
        return try await summary()
    }

    /// `gaffer run`: keep polling the inbox until stopped.
    public func runForever() async throws {
        try await recover()
        while !stop.isRequested {
            if try await !pass() {
                try? await Task.sleep(for: configuration.pollInterval)
            }
        }
    }

    /// One pass: discover, then take the next step of every workable job, up to `concurrency` at once.
    /// Returns whether anything changed.
    public func pass() async throws -> Bool {
        var catalog = try Catalog(configuration: configuration)
        let discovered = try await Discovery(configuration: configuration, store: store).discover(catalog: &catalog)
        for id in discovered { try await views.refresh(id) }
        var progressed = !discovered.isEmpty
        progressed = try await detectPosted() || progressed
        let workable = try await store.jobs().filter {
            ($0.state == .validated || $0.state == .running)
                && (configuration.onlyJobs.isEmpty || configuration.onlyJobs.contains($0.jobID))
        }
        guard !workable.isEmpty else { return progressed }
        let frozenCatalog = catalog
        try await withThrowingTaskGroup(of: Bool.self) { group in
            var iterator = workable.makeIterator()
            func startNext() -> Bool {
                guard !stop.isRequested, let job = iterator.next() else { return false }
                group.addTask { try await self.drive(job, catalog: frozenCatalog) }
                return true
            }
            for _ in 0..<configuration.concurrency where !startNext() { break }
            while let stepped = try await group.next() {
                progressed = progressed || stepped
                _ = startNext()
            }
        }
        return progressed
    }

    /// Runs one job forward until it is no longer RUNNING (completed, escalated, aborted) or Gaffer stops.
    func drive(_ record: JobRecord, catalog: Catalog) async throws -> Bool {
        var catalog = catalog
        var stepped = false
        var current = record
        while (current.state == .validated || current.state == .running) && !stop.isRequested {
            guard let data = FileManager.default.contents(atPath: configuration.layout.path(current.sourcePath)),
                let job = try? ContractDecoder.job(from: data, source: current.sourcePath),
                let workflowID = current.workflowID, let workflow = catalog.workflows[workflowID],
                let policyName = current.policyPath, let policy = try? catalog.policy(named: policyName)
            else {
                try await markInvalid(current, reason: "\(current.sourcePath): its job file, workflow \(current.workflowID ?? "?") or policy \(current.policyPath ?? "?") is no longer readable")
                return true
            }
            let executor = StageExecutor(configuration: configuration, store: store, views: views)
            let result = try await executor.run(jobRecord: current, job: job, workflow: workflow, policy: policy)
            stepped = true
            if case .interrupted = result { break }
            guard let updated = try await store.job(current.jobID) else { break }
            current = updated
        }
        return stepped
    }

    func markInvalid(_ job: JobRecord, reason: String) async throws {
        var invalid = job
        invalid.state = .invalid
        invalid.reason = reason
        invalid.error = reason
        invalid.updatedAt = Timestamp.now()
        try await store.update(invalid, event: EventRecord(
            jobID: job.jobID, ts: invalid.updatedAt, runID: configuration.runID, event: "INVALID", fromState: job.state,
            toState: .invalid, details: ["reason": .string(reason)]))
        try await views.refresh(job.jobID)
    }

    /// A `<platform>.state.json` with status POSTED (written by `gaffer handoff register` or another tool) moves a
    /// completed job to POSTED; the platform is the file name without `.state.json`.
    func detectPosted() async throws -> Bool {
        var changed = false
        for var job in try await store.jobs() where job.state == .completed && SandboxLayout.isSafeJobID(job.jobID) {
            let folder = configuration.layout.distFolder(job.jobID)
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".state.json") }.sorted()
            for file in files {
                guard let data = FileManager.default.contents(atPath: folder + "/" + file),
                    let value = try? JSONParser.parse(data), value["status"]?.stringValue == "POSTED"
                else { continue }
                let platform = String(file.dropLast(".state.json".count))
                job.state = .posted
                job.updatedAt = Timestamp.now()
                job.reason = "posted on \(platform)"
                try await store.update(job, event: EventRecord(
                    jobID: job.jobID, ts: job.updatedAt, runID: configuration.runID, event: "POSTED_DETECTED",
                    fromState: .completed, toState: .posted,
                    details: ["platform": .string(platform), "post_url": value["post_url"] ?? .null]))
                try await views.refresh(job.jobID)
                changed = true
                break
            }
        }
        return changed
    }

    public func summary() async throws -> RunSummary {
        RunSummary(jobs: try await store.jobs().filter {
            configuration.onlyJobs.isEmpty || configuration.onlyJobs.contains($0.jobID)
        })
    }
}

/// Set by SIGTERM/SIGINT: no new attempt starts once it is set.
public final class StopSignal: Sendable {
    private let flag = Mutex(false)
    public init() {}
    public var isRequested: Bool { flag.withLock { $0 } }
    public func request() { flag.withLock { $0 = true } }
}

/// The end of a `gaffer run --once`: states of the jobs, and the exit status SPEC §11 assigns to them.
public struct RunSummary: Sendable {
    public let jobs: [JobRecord]

    /// 0 all COMPLETED/POSTED; else 2 if one is INVALID; else 3 if one is ESCALATED; else 4.
    public var exitStatus: Int32 {
        let states = Set(jobs.map(\.state))
        if states.isSubset(of: [.completed, .posted]) { return 0 }
        if states.contains(.invalid) { return 2 }
        if states.contains(.escalated) { return 3 }
        return 4
    }
}
