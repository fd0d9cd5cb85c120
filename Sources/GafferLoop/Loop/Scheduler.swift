import Foundation
import Logging
import GafferContracts
import GafferEngines
import GafferStore
import GafferSupervisor
import ServiceLifecycle

/// The loop (SPEC §6.1) as one `Service`: a scheduler whose unit of work is one attempt.
///
/// Up to `concurrency` attempts run at once. A tick — at start, every `pollInterval`, and at once on a wake-up —
/// scans the inbox, sweeps expired leases and notices posts; whenever a slot is free the store's runnable jobs
/// (by priority, then age) fill it. When an attempt ends and is recorded its job goes back to the queue, so a new
/// job or an answered escalation never waits for another job's long engine. An error while working one job is
/// recorded on that job and touches nothing else. Graceful shutdown stops claiming; running attempts finish, or are
/// interrupted when the service group cancels them after the grace period.
public final class Scheduler: Service, Sendable {
    public let configuration: LoopConfiguration
    public let store: any JobStore
    public let wakeup: Wakeup
    let stop: StopSignal
    let views: ViewWriter
    let launcher: any EngineLauncher
    let clock: any LoopClock
    /// The advisor behind this worker's circuit breaker; nil when none is configured (SPEC §5.4).
    let advisor: AdvisorCircuit?
    /// `run --once`: return when nothing is running or runnable.
    let once: Bool

    public init(
        configuration: LoopConfiguration, store: any JobStore, once: Bool = false, launcher: any EngineLauncher = ProcessLauncher(),
        clock: any LoopClock = SystemClock(), advisor: (any Advisor)? = nil, wakeup: Wakeup = Wakeup(),
        stop: StopSignal = StopSignal()
    ) {
        self.configuration = configuration
        self.store = store
        self.once = once
        self.launcher = launcher
        self.clock = clock
        self.advisor = advisor.map { AdvisorCircuit(advisor: $0, settings: configuration.advisorCircuit) }
        self.wakeup = wakeup
        self.stop = stop
        views = ViewWriter(layout: configuration.layout, store: store)
    }

    /// Whether a graceful shutdown was requested (then `--once` reports what it reached).
    public var stopRequested: Bool { stop.isRequested }

    /// Stops claiming new attempts (graceful shutdown's first step).
    public func requestStop() {
        stop.request()
        wakeup.wake()
    }

    /// `Service`: until graceful shutdown (or, with `once`, until nothing is left to do).
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await self.work()
        } onGracefulShutdown: {
            self.requestStop()
        }
    }

    /// `gaffer run --once`: work until every job is terminal or waiting for an operator; the jobs' summary.
    public func runOnce() async throws -> RunSummary {
        try await work()
        return try await summary()
    }

    enum Completion: Sendable {
        case attemptEnded(String)
        case tick
        case viewsWritten
        case feedEnded
    }

    func work() async throws {
        try await recover()
        var catalog = Catalog(configuration: configuration)
        var presence = WorkerPresence(store: store, configuration: configuration, clock: clock, circuit: advisor)
        await presence.refresh()
        await withTaskGroup(of: Completion.self) { group in
            var inFlight: Set<String> = []
            var timerArmed = false
            var scanDue = true
            // Views of jobs just admitted are written beside the attempts, not before the first one starts.
            var pendingViews: [String] = []
            var writingViews = false
            var lookedAgain = false
            var contended = false
            // Another process's change (a shared store's notice) wakes the loop at once, not at the next poll.
            if let feed = store as? any StoreChangeFeed {
                let wakeup = self.wakeup
                group.addTask {
                    for await _ in feed.changes() { wakeup.wake() }
                    return .feedEnded
                }
            }
            while true {
                var runnableNow = false
                if !stop.isRequested {
                    if scanDue {
                        let scanned = await scan()
                        catalog = scanned.catalog
                        pendingViews += scanned.admitted
                        scanDue = false
                    }
                    await presence.refresh()
                    let free = configuration.concurrency - inFlight.count
                    if free > 0 {
                        let next = await claimNext(limit: free, excluding: inFlight, catalog: catalog, readAhead: contended)
                        contended = next.contended
                        // Jobs another worker claimed first: look once more at once (the listing was stale), then
                        // leave it to the next notice or tick (a claimer stopped mid-claim holds its rows a while).
                        runnableNow = !next.work.isEmpty || (next.contended && !lookedAgain)
                        lookedAgain = next.contended && next.work.isEmpty && !lookedAgain
                        for item in next.work {
                            inFlight.insert(item.jobID)
                            group.addTask { await self.start(item); return .attemptEnded(item.jobID) }
                        }
                    }
                }
                if !writingViews && !pendingViews.isEmpty {
                    writingViews = true
                    let (batch, views) = (pendingViews, self.views)
                    pendingViews = []
                    group.addTask {
                        for id in batch { try? await views.refresh(id) }
                        return .viewsWritten
                    }
                }
                if inFlight.isEmpty && !runnableNow && !writingViews {
                    if stop.isRequested || Task.isCancelled { break }
                    if once, await !hasPendingWork() { break }
                }
                // Cancelled, the wait returns at once: only the attempts still ending are waited for (no spin).
                if !timerArmed && !Task.isCancelled {
                    timerArmed = true
                    let (wakeup, poll) = (self.wakeup, configuration.pollInterval)
                    group.addTask { await wakeup.wait(upTo: poll); return .tick }
                }
                guard let completion = await group.next() else { break }
                switch completion {
                case .attemptEnded(let id): inFlight.remove(id)
                case .tick:
                    timerArmed = false
                    scanDue = true
                case .viewsWritten: writingViews = false
                case .feedEnded: break
                }
            }
            group.cancelAll()
        }
        await presence.refresh(stopped: true)
    }

    /// With `once`: a queued job still waiting out its back-off, or a new file in the inbox, is work left.
    func hasPendingWork() async -> Bool {
        if (try? await store.nextWakeUp()) != nil { return true }
        let known = Set(((try? await store.jobs()) ?? []).map(\.sourcePath))
        let inbox = Discovery(configuration: configuration, store: store, now: clock.timestamp()).inbox()
        return inbox.contains { !known.contains($0) } && !stop.isRequested
    }

    /// Up to `limit` runnable jobs this worker may run: a job whose stage `requires` labels this worker lacks is
    /// left queued for a worker that has them (and skipped, so it never hides the jobs behind it).
    func runnableJobs(limit: Int, excluding: Set<String>, catalog: Catalog) async -> [JobRecord] {
        var skipped = excluding
        var chosen: [JobRecord] = []
        do {
            // A few rounds: each skips what the last one found this worker may not run.
            for _ in 0..<8 {
                let wanted = limit - chosen.count
                let batch = try await store.runnableJobs(now: clock.timestamp(), limit: wanted, excluding: skipped)
                for job in batch {
                    skipped.insert(job.jobID)
                    let only = configuration.onlyJobs.isEmpty || configuration.onlyJobs.contains(job.jobID)
                    if only && mayRun(job, catalog: catalog) { chosen.append(job) }
                }
                if chosen.count >= limit || batch.count < wanted { break }
            }
        } catch {
            configuration.logger.error("the store cannot list runnable jobs: \(error)")
        }
        return chosen
    }

    /// Whether this worker has the labels the job's queued stage requires (from the catalog alone: the job itself is
    /// decoded only when it is worked). A job whose stage cannot be found is this worker's to run: its fault is
    /// recorded when it is worked.
    func mayRun(_ job: JobRecord, catalog: Catalog) -> Bool {
        guard let name = job.stage, let stage = job.workflowID.flatMap({ catalog.workflows[$0] })?.stage(named: name) else { return true }
        return stage.runs(on: configuration.labels)
    }

    /// A tick: reload workflows and policies, admit new jobs, sweep expired leases, notice posts. Returns the
    /// catalog and the jobs admitted (whose views the caller writes).
    func scan() async -> (catalog: Catalog, admitted: [String]) {
        var admitted: [String] = []
        let catalog = Catalog(configuration: configuration)
        for (path, error) in catalog.brokenWorkflows.sorted(by: { $0.key < $1.key }) {
            configuration.logger.warning("workflow file does not load; jobs that use it become INVALID", metadata: ["file": .string(configuration.layout.relative(path)), "error": .string(error.description)])
        }
        do {
            let now = clock.timestamp()
            let known = try await store.jobs()
            admitted = try await Discovery(configuration: configuration, store: store, now: now).discover(catalog: catalog, known: known)
            for attempt in try await store.sweepExpiredLeases(now: now, runID: configuration.runID, details: ["swept": true, "reason": "lease expired"]) {
                configuration.logger(job: attempt.jobID, stage: attempt.stage, attempt: attempt.attemptID).notice("swept an attempt whose lease expired")
                try? await views.refresh(attempt.jobID)
            }
            // Waits for a person that lapsed: the policy's default action, recorded as by "expiry" (SPEC §7).
            let desk = OperatorDesk(
                layout: configuration.layout, store: store, workflowsFolder: configuration.workflowsFolder,
                policiesFolder: configuration.policiesFolder, wakeup: wakeup)
            for job in try await store.lapsedWaits(now: now) {
                do {
                    if let said = try await desk.expire(job, runID: configuration.runID) {
                        configuration.logger(job: job.jobID, stage: job.stage).notice("wait lapsed: \(said)")
                    }
                } catch {
                    configuration.logger(job: job.jobID, stage: job.stage).error("the lapsed wait could not be answered: \(error)")
                }
            }
            // Jobs admitted just now are VALIDATED or INVALID, never COMPLETED: the listing from before discovery serves.
            try await PostDetector(configuration: configuration, store: store, views: views, now: now).detect(in: known)
        } catch {
            configuration.logger.error("inbox scan failed (the next tick tries again): \(error)")
        }
        return (catalog, admitted)
    }

    /// After a crash: engines the store still shows running are killed (if alive on this host) and their attempts
    /// recorded as interrupted, so an engine never outlives the Gaffer that started it by more than a restart.
    /// The only worker (under the sandbox's run lock) takes every running attempt as an orphan; a fleet worker only
    /// those of its own worker id (a restart); other workers' attempts are swept when their leases expire.
    func recover() async throws {
        let scope: SweepScope = configuration.exclusive ? .all : .worker(configuration.workerID)
        var killed: [String: Bool] = [:]
        for attempt in try await store.runningAttempts() where scope.includes(attempt) && attempt.host == configuration.host {
            // No group recorded: the Gaffer before died between the spawn and the record; its engine still carries
            // the attempt's folder in its environment.
            let groups = attempt.processGroup.map { $0 > 0 ? [$0] : [] } ?? EngineRunner.processGroups(
                withEnvironment: "GAFFER_ATTEMPT_DIR", equalTo: configuration.layout.attemptFolder(attempt.jobID, attempt.attemptID))
            for group in groups {
                let wasAlive = await EngineRunner.terminateGroup(group, grace: .seconds(2))
                if wasAlive { killed[attempt.jobID + "/" + attempt.attemptID] = true }
            }
        }
        for attempt in try await store.sweep(scope, runID: configuration.runID, details: ["recovered": true]) {
            let engineKilled = killed[attempt.jobID + "/" + attempt.attemptID] ?? false
            configuration.logger(job: attempt.jobID, stage: attempt.stage, attempt: attempt.attemptID)
                .notice("recovered an attempt a previous Gaffer left running", metadata: ["engine_killed": "\(engineKilled)"])
            try? await views.refresh(attempt.jobID)
        }
        do {
            let rebuilt = try await views.rebuildStale()
            if !rebuilt.isEmpty { configuration.logger.notice("rebuilt views that did not match the store", metadata: ["jobs": "\(rebuilt.count)"]) }
        } catch {
            configuration.logger.warning("could not rebuild stale views: \(error)")
        }
    }

    /// What a free slot starts: a claimed attempt, or a job's fault to record (its workflow or contract no longer
    /// holds) — failure isolation before any claim.
    enum Dispatch: Sendable {
        case attempt(Claim, JobContext)
        case fault(JobRecord, JobFault)

        var jobID: String {
            switch self {
            case .attempt(let claim, _): claim.attempt.jobID
            case .fault(let record, _): record.jobID
            }
        }
    }

    /// Up to `limit` next attempts: the runnable jobs this worker may run, their contexts resolved and job-file edits
    /// noted, then claimed in one transaction; `contended` says another worker took some of them meanwhile. With
    /// `readAhead` (the last claim was contended) twice as many candidates are read as there are free slots, so
    /// that workers racing for the same jobs each claim different ones (SKIP LOCKED) rather than none — and a worker
    /// alone resolves no candidate it will not claim.
    func claimNext(limit: Int, excluding: Set<String>, catalog: Catalog, readAhead: Bool) async -> (work: [Dispatch], contended: Bool) {
        let candidates = await runnableJobs(limit: readAhead ? limit * 2 : limit, excluding: excluding, catalog: catalog)
        guard !candidates.isEmpty else { return ([], false) }
        var work: [Dispatch] = []
        var requests: [ClaimRequest] = []
        var contexts: [String: JobContext] = [:]
        for record in candidates {
            do {
                let context = try JobContext.resolve(record, catalog: catalog, layout: configuration.layout)
                _ = try await noteFileEdit(record)
                requests.append(ClaimRequest(jobID: record.jobID, stage: context.stage.name))
                contexts[record.jobID] = context
            } catch let fault as JobFault {
                if work.count < limit { work.append(.fault(record, fault)) }
            } catch {
                // Another process moved the job since the listing: the next look sees its new state.
                configuration.logger(job: record.jobID, stage: record.stage).notice("job not claimed: \(error)")
            }
        }
        let free = limit - work.count
        guard free > 0, !requests.isEmpty else { return (work, false) }
        do {
            let claims = try await store.claim(
                requests, limit: free, worker: configuration.worker, now: clock.timestamp(),
                leaseSeconds: configuration.leaseSeconds, runID: configuration.runID)
            for claim in claims {
                if let context = contexts[claim.attempt.jobID] { work.append(.attempt(claim, context)) }
            }
            return (work, claims.count < min(free, requests.count))
        } catch {
            configuration.logger.error("the store cannot claim jobs: \(error)")
            return (work, false)
        }
    }

    /// Runs a claimed attempt under its lease, or records a fault.
    func start(_ dispatch: Dispatch) async {
        switch dispatch {
        case .fault(let record, let fault):
            await recordFault(fault, on: record)
        case .attempt(let claim, let context):
            let runner = AttemptRunner(
                configuration: configuration, store: store, views: views, launcher: launcher, clock: clock, advisor: advisor)
            await withLease(claim) { await runner.run(claim, context: context) }
        }
    }

    /// Runs `body` while a heartbeat renews the lease; a lost lease cancels `body` (its engine is stopped and it
    /// records nothing further). The attempt's own end also ends the lease: a heartbeat that finds the attempt
    /// already recorded by this claim does not cancel the rest of `body` (views, logs).
    func withLease(_ claim: Claim, _ body: @escaping @Sendable () async -> AttemptRunner.Result) async {
        let (store, clock, configuration, views) = (self.store, self.clock, self.configuration, self.views)
        enum Ended: Sendable { case body, leaseLost, recorded, shownRunning }
        await withTaskGroup(of: Ended.self) { group in
            group.addTask { _ = await body(); return .body }
            // An attempt that lasts shows RUNNING in its job's views; a quick one is shown only when it ends.
            group.addTask {
                try? await Task.sleep(for: .seconds(1))
                if !Task.isCancelled { try? await views.refresh(claim.attempt.jobID) }
                return .shownRunning
            }
            group.addTask {
                var lease = claim.lease
                while true {
                    try? await Task.sleep(for: .milliseconds(Int64(configuration.heartbeatSeconds * 1000)))
                    if Task.isCancelled { return .body }
                    do {
                        // A renewal gets at most half a lease: a store that hangs must not keep the attempt alive.
                        let current = lease
                        lease = try await firstWithin(.milliseconds(Int64(configuration.leaseSeconds * 500)), what: "renewing the lease") {
                            try await store.heartbeat(current, now: clock.timestamp(), leaseSeconds: configuration.leaseSeconds)
                        }
                    } catch StoreError.leaseLost {
                        // Ended by this claim's own commit (the job's fence still ours), or taken away: swept or
                        // claimed again (the fence moved on) — then the attempt must stop, its engine with it.
                        let mine = try? await store.attempts(jobID: claim.attempt.jobID).first { $0.attemptID == claim.attempt.attemptID }
                        let job = try? await store.job(claim.attempt.jobID)
                        if let mine, mine.status != .running, mine.fence == claim.lease.token, job?.fence == claim.lease.token {
                            return .recorded
                        }
                        configuration.logger(job: claim.attempt.jobID, attempt: claim.attempt.attemptID).warning("lease lost: stopping the attempt")
                        return .leaseLost
                    } catch {
                        // Unrenewed past its expiry (this worker was paused, or the store was away), the lease may
                        // already be another worker's: the attempt stops; its writes would be refused anyway.
                        if clock.timestamp() > lease.expiresAt {
                            configuration.logger(job: claim.attempt.jobID, attempt: claim.attempt.attemptID)
                                .warning("lease expired before it could be renewed: stopping the attempt", metadata: ["error": "\(error)"])
                            return .leaseLost
                        }
                        configuration.logger.warning("heartbeat failed (retrying): \(error)")
                    }
                }
            }
            while let ended = await group.next() {
                switch ended {
                case .body, .leaseLost: group.cancelAll()
                case .recorded, .shownRunning: continue
                }
            }
        }
    }

    /// A job file edited after admission is reported once (the admitted content stays in force).
    func noteFileEdit(_ record: JobRecord) async throws -> JobRecord {
        guard let admitted = record.contentDigest,
            let data = FileManager.default.contents(atPath: configuration.layout.path(record.sourcePath))
        else { return record }
        let digest = ContentDigest.of(data)
        guard digest != admitted, digest != record.reportedDigest else { return record }
        var noted = record
        noted.reportedDigest = digest
        let transition = try noted.apply(.jobFileChanged(digest: digest))
        try await store.record(noted, transition: transition, event: EventRecord(
            transition, jobID: record.jobID, ts: clock.timestamp(), runID: configuration.runID,
            details: [
                "job": .string(record.sourcePath), "admitted_digest": .string(admitted), "digest": .string(digest),
                "note": "the job file changed after admission; the admitted content stays in force (submit a new job to apply the edit)",
            ]))
        configuration.logger(job: record.jobID).warning("the job file changed after admission; the admitted content stays in force")
        return noted
    }

    /// Failure isolation before a claim: the job becomes INVALID or ESCALATED with the operator-facing text.
    func recordFault(_ error: any Error, on record: JobRecord) async {
        let fault = (error as? JobFault) ?? .escalate("\(error)")
        let logger = configuration.logger(job: record.jobID, stage: record.stage)
        var job = record
        let now = clock.timestamp()
        job.updatedAt = now
        do {
            switch fault {
            case .invalid(let text):
                logger.error("job invalid: \(text)")
                let transition = try job.apply(.invalid(reason: text))
                try await store.record(job, transition: transition, event: EventRecord(
                    transition, jobID: job.jobID, ts: now, runID: configuration.runID, details: ["reason": .string(text)]))
            case .escalate(let text):
                logger.error("job escalated: \(text)")
                // The escalation needs an attempt to be about: it is the job's last one (or none yet).
                let attemptID = record.attemptID ?? AttemptID.make(0)
                var document = Supervisor.faultEscalation(jobID: job.jobID, attemptID: attemptID, stage: record.stage, now: now, summary: text)
                document.escalationID += "-\(job.fence)"
                let transition = try job.apply(.escalated(reason: text))
                try await store.record(job, transition: transition, event: EventRecord(
                    transition, jobID: job.jobID, ts: now, runID: configuration.runID,
                    details: ["error": .string(text), "escalation_id": .string(document.escalationID), "cause": "contract_violation"]),
                    escalation: EscalationRecord(document: document))
            }
            try? await views.refresh(job.jobID)
        } catch {
            logger.critical("could not record the fault on the job: \(error)")
        }
    }

    public func summary() async throws -> RunSummary {
        RunSummary(jobs: try await store.jobs().filter {
            configuration.onlyJobs.isEmpty || configuration.onlyJobs.contains($0.jobID)
        })
    }
}

/// The end of a `gaffer run --once`: states of the jobs, and the exit status SPEC §11 assigns to them.
public struct RunSummary: Sendable {
    public let jobs: [JobRecord]

    /// 0 all COMPLETED/POSTED; else 2 if one is INVALID; else 3 if one waits for a person (ESCALATED, AWAITING_APPROVAL,
    /// PAUSED); else 4.
    public var exitStatus: Int32 {
        let states = Set(jobs.map(\.state))
        if states.isSubset(of: [.completed, .posted]) { return 0 }
        if states.contains(.invalid) { return 2 }
        if states.contains(where: \.waitsForPerson) { return 3 }
        return 4
    }
}
