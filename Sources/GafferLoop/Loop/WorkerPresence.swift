import GafferContracts
import GafferStore

/// This worker's record in the store (SPEC §9): written when it starts, again every few seconds while it runs, and
/// once more when it stops — so `status` can say that no live worker has the labels a queued job's stage requires.
/// A worker killed with no chance to say so is taken for gone once its promise (`liveUntil`) has passed.
struct WorkerPresence {
    let store: any JobStore
    let configuration: LoopConfiguration
    let clock: any LoopClock
    let startedAt: String
    /// The advisor's circuit: when it opens or closes, the record is written at the next tick, not a third later.
    let circuit: AdvisorCircuit?
    private var lastRecorded: ContinuousClock.Instant?
    private var recordedCircuit: String?

    init(store: any JobStore, configuration: LoopConfiguration, clock: any LoopClock, circuit: AdvisorCircuit? = nil) {
        self.store = store
        self.configuration = configuration
        self.clock = clock
        self.circuit = circuit
        startedAt = clock.timestamp()
    }

    /// How long a record vouches for the worker: three polls, and never less than 10 s.
    var promiseSeconds: Double { max(3 * configuration.pollInterval.inSeconds, 10) }

    /// Records the worker when the last record is older than a third of its promise (or it is `stopped`).
    mutating func refresh(stopped: Bool = false) async {
        let now = ContinuousClock.now
        let circuitOpenUntil = circuit?.openUntil.map(Timestamp.format)
        if !stopped, circuitOpenUntil == recordedCircuit, let lastRecorded,
           lastRecorded.duration(to: now) < .milliseconds(Int64(promiseSeconds * 1000 / 3)) { return }
        let seen = clock.timestamp()
        let record = WorkerRecord(
            workerID: configuration.workerID, host: configuration.host, labels: configuration.labels,
            concurrency: configuration.concurrency, startedAt: startedAt, seenAt: seen,
            liveUntil: stopped ? seen : Timestamp.adding(promiseSeconds, to: seen), stoppedAt: stopped ? seen : nil,
            advisorCircuitOpenUntil: circuitOpenUntil)
        do {
            try await store.recordWorker(record)
            lastRecorded = now
            recordedCircuit = circuitOpenUntil
        } catch {
            configuration.logger.warning("could not record this worker's presence (the next tick tries again): \(error)")
        }
    }
}
