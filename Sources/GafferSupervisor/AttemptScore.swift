import GafferContracts

/// How good an attempt was, so an escalation can name the best one rather than the last.
enum AttemptScore {
    /// Mean score of the blocking gates that have a score; nil when none has.
    static func meanBlockingScore(_ report: QCReport) -> Double? {
        let scores = report.gates.filter(\.blocking).compactMap(\.score)
        guard !scores.isEmpty else { return nil }
        return scores.reduce(0, +) / Double(scores.count)
    }

    /// The best of the stage's attempts (earlier ones from history, plus the current one); earliest wins ties.
    static func bestAttemptID(input: SupervisorInput, currentScore: Double?) -> String {
        var best: (id: String, score: Double)?
        let candidates = input.stageHistory.map { ($0.attemptID, $0.score) } + [(input.attemptID, currentScore)]
        for (id, score) in candidates {
            guard let score else { continue }
            if best == nil || score > best!.score { best = (id, score) }
        }
        return best?.id ?? input.attemptID
    }
}
