import GafferContracts
import GafferStore

/// How jobs, attempts and events look in the API. Field names follow the artifacts (`job_id`, `attempt_id`, …);
/// absent values are `null`, so every object of a kind has the same members.
enum JobJSON {
    /// A row of `GET /api/jobs`.
    static func summary(_ job: JobRecord, attempts: Int) -> JSONValue {
        .object([
            "job_id": .string(job.jobID), "state": .string(job.state.rawValue), "stage": optional(job.stage?.rawValue),
            "attempt_id": optional(job.attemptID), "reason": optional(job.reason), "updated_at": .string(job.updatedAt),
            "attempts": .number(Double(attempts)),
        ])
    }

    /// `GET /api/jobs/{id}`: the job's row with its attempts, its events (as in `events.ndjson`) and its escalations.
    static func detail(
        _ job: JobRecord, attempts: [AttemptRecord], events: [EventRecord], escalations: [EscalationRecord]
    ) throws -> JSONValue {
        guard case .object(var members) = summary(job, attempts: attempts.count) else { return .null }
        members["error"] = optional(job.error)
        members["workflow_id"] = optional(job.workflowID)
        members["policy_path"] = optional(job.policyPath)
        members["source_path"] = .string(job.sourcePath)
        members["created_at"] = .string(job.createdAt)
        members["operator_overrides"] = .object(job.operatorOverrides.mapValues(JSONValue.object))
        members["not_before"] = optional(job.notBefore)
        members["priority"] = .number(Double(job.priority))
        members["attempts"] = .array(attempts.map(attempt))
        members["events"] = try JSONResponse.array(of: events)
        members["escalations"] = .array(escalations.map {
            .object([
                "escalation_id": .string($0.escalationID), "status": .string($0.document.status.rawValue),
                "reason": .string($0.document.reason.rawValue), "attempt_id": .string($0.document.attemptID),
            ])
        })
        return .object(members)
    }

    /// The short form a resolve answer returns.
    static func brief(_ job: JobRecord) -> JSONValue {
        .object(["job_id": .string(job.jobID), "state": .string(job.state.rawValue), "stage": optional(job.stage?.rawValue)])
    }

    static func attempt(_ attempt: AttemptRecord) -> JSONValue {
        .object([
            "attempt_id": .string(attempt.attemptID), "number": .number(Double(attempt.number)),
            "stage": .string(attempt.stage.rawValue), "status": .string(attempt.status.rawValue),
            "source_attempt_id": optional(attempt.sourceAttemptID), "started_at": .string(attempt.startedAt),
            "ended_at": optional(attempt.endedAt), "decision_action": optional(attempt.decisionAction?.rawValue),
            "decision_reason": optional(attempt.decisionReason),
            "escalation_reason": optional(attempt.escalationReason?.rawValue), "score": optional(attempt.score),
            "gate_results": .object(attempt.gateResults.mapValues { .string($0.rawValue) }),
            "engine": attempt.engine.map(engine) ?? .null, "wall_seconds": optional(attempt.wallSeconds),
            "peak_rss_bytes": optional(attempt.peakRSSBytes.map(Double.init)),
            "workflow_profile": optional(attempt.workflowProfile), "pose_retry": .bool(attempt.poseRetry),
            "advisor": attempt.advisor.map(advisor) ?? .null,
        ])
    }

    /// What the attempt's advisor call came to; the whole record is in its `production_decision.v1.json`.
    static func advisor(_ use: AdvisorUse) -> JSONValue {
        .object([
            "source": .string(use.source), "outcome": .string(use.outcome.rawValue), "latency_seconds": optional(use.latencySeconds),
            "tokens_in": optional(use.tokensIn.map(Double.init)), "tokens_out": optional(use.tokensOut.map(Double.init)),
        ])
    }

    static func engine(_ facts: AttemptRecord.EngineOutcome) -> JSONValue {
        .object([
            "exit_code": optional(facts.exitCode.map(Double.init)), "signal": optional(facts.signal.map(Double.init)),
            "timed_out": .bool(facts.timedOut), "stalled": .bool(facts.stalled),
            "missing_outputs": .array(facts.missingOutputs.map(JSONValue.string)), "corruption": optional(facts.corruption),
        ])
    }

    private static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    private static func optional(_ number: Double?) -> JSONValue { number.map(JSONValue.number) ?? .null }
}
