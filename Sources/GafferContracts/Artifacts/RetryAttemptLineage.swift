/// The original system's `retry_attempt_lineage.v1` (SPEC §14): read as the attempt history `gaffer decide` weighs
/// for the budget and the best attempt. Its lowercase actions are the original's vocabulary, translated here and
/// nowhere else (`LegacyAction`); the schema refuses any other string.
public enum RetryAttemptLineage {
    /// The attempts as lineage entries. The original runs one QC loop per job, so every attempt counts as an attempt
    /// of `stage`, the stage being decided.
    public static func entries(of document: JSONValue, stage: StageName) -> [AttemptLineage.Entry] {
        (document["attempts"]?.arrayValue ?? []).compactMap { attempt in
            guard let id = attempt["attempt_id"]?.stringValue else { return nil }
            return AttemptLineage.Entry(
                attemptID: id, stage: stage, sourceAttemptID: attempt["source_attempt_id"]?.stringValue,
                startedAt: attempt["ts"]?.stringValue, outcome: "decided",
                decisionAction: attempt["decision_action"]?.stringValue.flatMap(LegacyAction.init(rawValue:))?.action,
                decisionReason: attempt["decision_reason"]?.stringValue, resolution: attempt["resolution"]?.stringValue)
        }
    }
}
