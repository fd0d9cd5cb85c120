// The only runner file that imports GafferSupervisor: it alone knows the supervisor's vocabulary.
import GafferSupervisor

extension EngineRun {
    /// The run's facts in the supervisor's terms (SPEC §5.1): exit status, signal, timed out, stalled.
    ///
    /// `missingOutputs` and `corruption` are left empty: checking outputs is the caller's job.
    /// An interrupted run also carries its signal here; callers check ``interrupted`` first and do
    /// not judge an interrupted attempt.
    public var outcome: EngineOutcome {
        EngineOutcome(
            exitCode: exitCode.map(Int.init),
            signal: signal.map(Int.init),
            timedOut: timedOut,
            stalled: stalled
        )
    }
}
