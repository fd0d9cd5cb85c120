import GafferContracts

/// How good an attempt was, so an escalation can name the best one rather than the last.
enum AttemptScore {
    /// Mean score of the blocking gates that have a score; nil when none has.
    static func meanBlockingScore(_ report: QCReport) -> Double? {
        // By index: the gates are read in place, not copied (this runs once per decision).
        var total = 0.0
        var count = 0
        for index in report.gates.indices where report.gates[index].blocking {
            if let score = report.gates[index].score {
                total += score
                count += 1
            }
        }
        return count > 0 ? total / Double(count) : nil
    }

    /// The best of the stage's attempts (earlier ones from history, plus the current one); earliest wins ties.
    ///
    /// Only an attempt whose engine succeeded, whose output passed its integrity check and that has gate scores can
    /// be best (SPEC §5.2): a score is recorded only for such attempts, and the current one counts only when its
    /// engine succeeded. Nil when there is none — the escalation then says so and does not offer PROCEED.
    static func bestAttempt(input: SupervisorInput, currentScore: Double?) -> (id: String, score: Double)? {
        var best: (id: String, score: Double)?
        let currentSound = input.engine?.failure == nil && input.outputSound != false
        let candidates = input.stageHistory.map { ($0.attemptID, $0.score) } + [(input.attemptID, currentSound ? currentScore : nil)]
        for (id, score) in candidates {
            guard let score else { continue }
            if best == nil || score > best!.score { best = (id, score) }
        }
        return best
    }
}
