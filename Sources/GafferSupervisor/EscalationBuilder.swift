import GafferContracts

/// Writes the `user_action_required.v1` an operator reads: why, the evidence, and what a valid answer is.
enum EscalationBuilder {
    /// SPEC §5.3, for an escalation routed by QC: the first gate that carried ESCALATE_USER decides
    /// (any failing gate when the escalation came from the fallback action).
    static func reason(forQCFailures failing: [GateResult]) -> EscalationReason {
        let escalating = failing.filter { $0.effectiveAction == .escalateUser }
        guard let cause = (escalating.isEmpty ? failing : escalating).first else { return .contractViolation }
        // Nothing measured it: a metric that is absent, or the costume report a continuity pack requires.
        if cause.status == .unknown || cause.reason == .costumeReportMissing { return .artifactMissing }
        if cause.dimension.isIdentityRelated { return .identityConflict }
        // A measured, non-identity defect that retrying cannot or may not repair.
        return .artifactCorrupted
    }

    static func escalation(for plan: DecisionPlan, input: SupervisorInput, currentScore: Double?) -> UserActionRequired {
        let reason = plan.escalationReason ?? .contractViolation
        let failing = input.report?.failingBlockingGates ?? []
        let best = AttemptScore.bestAttempt(input: input, currentScore: currentScore)
        // A measured QC failure left an output an operator may still accept; an engine failure did not.
        let fromQC = input.engine?.failure == nil && failing.contains { $0.status.isScoredFailure }
        let guide = Guidance(reason: reason, failing: failing, bestAttemptID: best?.id, fromQC: fromQC)
        let cause = cause(for: plan, input: input, failing: failing)
        var allowed = allowedResponses(for: reason, fromQC: fromQC)
        // PROCEED accepts the best attempt's output: with no sound, scored attempt there is nothing to accept.
        if best == nil { allowed.removeAll { $0 == .proceed } }
        let engineFailed = input.engine?.failure != nil
        let id = escalationID(jobID: input.jobID, attemptID: input.attemptID)
        return UserActionRequired(
            jobID: input.jobID, reason: reason, requiredArtifact: guide.requiredArtifact,
            expectedFormat: guide.expectedFormat, thresholdFailed: thresholdFailed(failing),
            exampleFix: guide.exampleFix(escalationID: id),
            escalationTS: input.now, escalationID: id,
            stage: input.stage, attemptID: input.attemptID,
            evidence: UserActionRequired.Evidence(
                failingGates: failing.map {
                    UserActionRequired.FailingGate(
                        gateID: $0.gateID, metric: $0.metric, status: $0.status, score: $0.score,
                        threshold: $0.threshold, direction: $0.direction, severity: $0.severity)
                },
                engine: input.engine, outputs: input.outputs, thumbnails: input.thumbnails,
                logTail: engineFailed && !input.logTail.isEmpty ? Array(input.logTail.suffix(40)) : nil),
            allowedResponses: allowed, bestAttemptID: best?.id, cause: cause,
            summary: summary(cause: cause, plan: plan, input: input, failing: failing, best: best))
    }

    /// SPEC §5.3: the precise cause beside the original's reason.
    static func cause(for plan: DecisionPlan, input: SupervisorInput, failing: [GateResult]) -> EscalationCause {
        if plan.escalationReason == .retryBudgetExceeded { return .budgetExhausted }
        if let failure = input.engine?.failure { return failure.cause }
        if plan.escalationReason == .lowConfidenceDetection { return .lowDetection }
        guard input.report.map({ !$0.gates.isEmpty }) == true else { return .qcMissingMetric }
        let escalating = failing.filter { $0.effectiveAction == .escalateUser }
        guard let first = (escalating.isEmpty ? failing : escalating).first else { return .qcFailure }
        if first.status == .unknown { return .qcMissingMetric }
        if first.dimension.isIdentityRelated { return .qcIdentity }
        return first.repairable ? .qcFailure : .qcUnrepairable
    }

    /// The one line an operator reads first.
    static func summary(
        cause: EscalationCause, plan: DecisionPlan, input: SupervisorInput, failing: [GateResult],
        best: (id: String, score: Double)?
    ) -> String {
        let gates = failing.map { gate in
            gate.score.map { "\(gate.gateID) \($0) vs \(gate.threshold)" } ?? "\(gate.gateID) missing"
        }.joined(separator: ", ")
        let bestText = best.map { "best attempt \($0.id) (mean score \(($0.score * 1000).rounded() / 1000))" }
            ?? "no attempt left a sound, scored output to accept"
        switch cause {
        case .budgetExhausted:
            return "Retry budget spent on stage \(input.stage?.rawValue ?? "?") (\(input.stageAttempts) attempts); \(bestText)."
        case .engineInvalidInput, .engineCrash, .engineExit, .engineError, .engineTimeout, .engineStall, .outputMissing, .outputCorrupt, .engineBusy:
            return "\(input.engine?.failure.map { "\($0)" } ?? "the engine failed"); \(bestText)."
        case .qcUnrepairable: return "\(gates) failed, and retrying the same engine cannot repair it."
        case .qcMissingMetric: return failing.isEmpty ? "No QC report for this attempt." : "Blocking gates without a score: \(gates)."
        case .qcIdentity: return "Identity or costume gates failed: \(gates)."
        case .lowDetection: return "Pose coverage stayed low after a retry with fewer frames."
        case .qcFailure, .contractViolation, .advisor: return gates.isEmpty ? plan.reasoning.joined(separator: " ") : "QC failed: \(gates)."
        }
    }

    /// One escalation per attempt: the id is derived, so re-deciding the same attempt finds the same file.
    static func escalationID(jobID: String, attemptID: String) -> String {
        // ASCII letters (lowercased) and digits kept, anything else a "-": byte arithmetic, not Unicode properties
        // (this runs once per escalation, and at the rate `gaffer smoke` decides).
        var id: [UInt8] = []
        id.reserveCapacity(min(128, jobID.utf8.count + attemptID.utf8.count + 5))
        for character in "esc-\(jobID)-\(attemptID)" {
            guard id.count < 128 else { break }
            switch character.asciiValue {
            case let byte? where (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte): id.append(byte)
            case let byte? where (0x41...0x5A).contains(byte): id.append(byte + 0x20)
            default: id.append(0x2D)
            }
        }
        return String(decoding: id, as: UTF8.self)
    }

    /// `temporal_stability_gate: 0.5 < 0.7 (SOFT_FAIL); …`, or nil when no gate failed.
    static func thresholdFailed(_ failing: [GateResult]) -> String? {
        guard !failing.isEmpty else { return nil }
        return failing.map { gate in
            guard let score = gate.score else { return "\(gate.gateID): \(gate.metric) missing or invalid (UNKNOWN)" }
            let comparison = gate.direction == .min ? "<" : ">"
            return "\(gate.gateID): \(score) \(comparison) \(gate.threshold) (\(gate.status.rawValue))"
        }.joined(separator: "; ")
    }

    static func allowedResponses(for reason: EscalationReason, fromQC: Bool) -> [Action] {
        switch reason {
        case .contractViolation: [.retryStage, .abort]
        case .artifactCorrupted where fromQC: [.proceed, .retryStage, .switchPolicy, .abort]
        case .artifactMissing, .artifactCorrupted: [.retryStage, .switchPolicy, .abort]
        case .identityConflict, .lowConfidenceDetection, .retryBudgetExceeded:
            [.proceed, .retryStage, .switchPolicy, .abort]
        }
    }

    /// What the operator must supply, by reason.
    struct Guidance {
        let reason: EscalationReason
        let failing: [GateResult]
        let bestAttemptID: String?
        let fromQC: Bool

        var failedGateNames: String { failing.filter { $0.status.isScoredFailure }.map(\.gateID).joined(separator: ", ") }

        var requiredArtifact: String {
            if reason == .artifactCorrupted && fromQC { return "a stage output that passes \(failedGateNames)" }
            switch reason {
            case .artifactMissing:
                let missing = failing.filter { $0.status == .unknown }.map(\.metric)
                return missing.isEmpty ? "stage outputs" : "quality_metrics: \(missing.joined(separator: ", "))"
            case .artifactCorrupted: return "a decodable stage output"
            case .contractViolation: return "a valid job, policy or metrics document"
            case .identityConflict: return "identity_pack (reference frames of the character and costume)"
            case .lowConfidenceDetection: return "source footage where the subject's pose is detectable"
            case .retryBudgetExceeded: return bestAttemptID.map { "an operator decision on attempt \($0)" } ?? "an operator decision (no attempt left a sound output)"
            }
        }

        var expectedFormat: String {
            if reason == .artifactCorrupted && fromQC {
                return "an output whose scores meet the thresholds in threshold_failed, or an answer (PROCEED accepts it as it is)"
            }
            switch reason {
            case .artifactMissing: return "numeric scores (0..1) for the listed metrics in production_metrics.v1 quality_metrics"
            case .artifactCorrupted: return "a video whose decoded frames and duration match its container"
            case .contractViolation: return "a document that validates against its schema in shared/"
            case .identityConflict: return "identity_pack relpath, or an answer: RETRY_STAGE with overrides, PROCEED to accept"
            case .lowConfidenceDetection: return "a clip with the subject in frame, or RETRY_STAGE with a lower pose_coverage_threshold"
            case .retryBudgetExceeded: return "one of allowed_responses, optionally with parameter overrides"
            }
        }

        func exampleFix(escalationID: String) -> String {
            let resolve = "gaffer escalations resolve \(escalationID)"
            if reason == .artifactCorrupted && fromQC {
                return "Retrying the same engine cannot repair \(failedGateNames). Fix the source, then: \(resolve) --action RETRY_STAGE; or accept it: \(resolve) --action PROCEED --note 'intended'; or --action ABORT"
            }
            switch reason {
            case .artifactMissing, .artifactCorrupted:
                return "Fix the engine or analyzer, then: \(resolve) --action RETRY_STAGE --note 'analyzer fixed'"
            case .contractViolation:
                return "Correct the document, then: \(resolve) --action RETRY_STAGE"
            case .identityConflict:
                return "\(resolve) --action RETRY_STAGE --override identity_weight=0.95" + (bestAttemptID.map { " (or PROCEED to accept attempt \($0))" } ?? "")
            case .lowConfidenceDetection:
                return "\(resolve) --action RETRY_STAGE --override pose_coverage_threshold=0.2"
            case .retryBudgetExceeded:
                guard let bestAttemptID else { return "\(resolve) --action RETRY_STAGE --override <param>=<value>, or --action ABORT" }
                return "\(resolve) --action PROCEED --note 'accept \(bestAttemptID)', or --action RETRY_STAGE --override <param>=<value>"
            }
        }
    }
}
