import GafferContracts
import Testing

@testable import GafferQC

/// SPEC §3.1: `applies_when`, and the original's costume rule as the default for a gate on `costume_fidelity`.
struct GateApplicabilityTests {
    struct Row: CustomTestStringConvertible, Sendable {
        let name: String
        let gate: QCGate
        let job: JSONValue?
        let metrics: [String: JSONValue]
        let status: GateStatus
        let reason: GateReason
        let applies: Bool
        var testDescription: String { name }
    }

    static let audio = QCGate(gateID: "audio_gate", metric: "silence_ratio", threshold: 0.5, direction: .max,
                              appliesWhen: GateCondition(pointer: "/audio", notEquals: "none"))
    static let silentMaster = QCGate(gateID: "has_audio_gate", metric: "has_audio", dimension: .audio, threshold: 1,
                                     appliesWhen: GateCondition(pointer: "/audio/mode", noneOf: ["platform_trending", "none"]))
    static let costume = QCGate(gateID: "costume_gate", metric: "costume_fidelity", dimension: .costume, threshold: 1,
                                severity: .critical, repairable: false, failureAction: .escalateUser)
    static let requiring: JSONValue = ["job_id": "job-000001", "continuity_pack": ["rules": ["require_costume_fidelity": true]]]
    static let notRequiring: JSONValue = ["job_id": "job-000001", "continuity_pack": ["rules": ["require_costume_fidelity": false]]]

    static let rows: [Row] = [
        Row(name: "applies_when holds: evaluated", gate: audio, job: ["audio": "stereo"], metrics: ["silence_ratio": 0.9], status: .softFail, reason: .scoreAboveThreshold, applies: true),
        Row(name: "applies_when fails: PASS, not applicable", gate: audio, job: ["audio": "none"], metrics: ["silence_ratio": 0.9], status: .pass, reason: .notApplicable, applies: false),
        Row(name: "not_equals holds when the field is absent", gate: audio, job: ["job_id": "x"], metrics: [:], status: .unknown, reason: .metricMissing, applies: true),
        Row(name: "exists: false applies only without the field",
            gate: QCGate(gateID: "g", metric: "m", threshold: 0.5, appliesWhen: GateCondition(pointer: "/provided/video", exists: false)),
            job: ["provided": ["video": "clip.mp4"]], metrics: ["m": 0.1], status: .pass, reason: .notApplicable, applies: false),
        Row(name: "equals on a nested number",
            gate: QCGate(gateID: "g", metric: "m", threshold: 0.5, appliesWhen: GateCondition(pointer: "/render/fps", equals: 24)),
            job: ["render": ["fps": 24]], metrics: ["m": 0.1], status: .hardFail, reason: .scoreCriticallyLow, applies: true),
        Row(name: "no job: a pointer is absent, so equals does not hold",
            gate: QCGate(gateID: "g", metric: "m", threshold: 0.5, appliesWhen: GateCondition(pointer: "/audio", equals: "stereo")),
            job: nil, metrics: ["m": 0.1], status: .pass, reason: .notApplicable, applies: false),
        Row(name: "not_in: a silent master (the original's audio.mode) does not apply", gate: silentMaster,
            job: ["audio": ["mode": "platform_trending"]], metrics: [:], status: .pass, reason: .notApplicable, applies: false),
        Row(name: "not_in: a master with its sound applies", gate: silentMaster,
            job: ["audio": ["mode": "licensed_pack"]], metrics: ["has_audio": false], status: .hardFail, reason: .scoreCriticallyLow, applies: true),
        Row(name: "not_in holds when the field is absent", gate: silentMaster, job: ["job_id": "x"], metrics: ["has_audio": true],
            status: .pass, reason: .scoreMeetsThreshold, applies: true),
        Row(name: "in: applies only to the values listed",
            gate: QCGate(gateID: "g", metric: "m", threshold: 0.5, appliesWhen: GateCondition(pointer: "/lane", oneOf: ["hero", "dance_loop"])),
            job: ["lane": "demo"], metrics: ["m": 0.1], status: .pass, reason: .notApplicable, applies: false),
        Row(name: "in: a listed value applies",
            gate: QCGate(gateID: "g", metric: "m", threshold: 0.5, appliesWhen: GateCondition(pointer: "/lane", oneOf: ["hero", "dance_loop"])),
            job: ["lane": "hero"], metrics: ["m": 0.1], status: .hardFail, reason: .scoreCriticallyLow, applies: true),
        Row(name: "costume, pack requires, measured false: HARD_FAIL", gate: costume, job: requiring, metrics: ["costume_fidelity": false], status: .hardFail, reason: .scoreCriticallyLow, applies: true),
        Row(name: "costume, pack requires, measured true: PASS", gate: costume, job: requiring, metrics: ["costume_fidelity": true], status: .pass, reason: .scoreMeetsThreshold, applies: true),
        Row(name: "costume, pack requires, not measured: HARD_FAIL costume_report_missing", gate: costume, job: requiring, metrics: [:], status: .hardFail, reason: .costumeReportMissing, applies: true),
        Row(name: "costume, pack does not require: PASS not_required_by_continuity", gate: costume, job: notRequiring, metrics: ["costume_fidelity": false], status: .pass, reason: .notRequiredByContinuity, applies: false),
        Row(name: "costume, no pack: PASS not_required_by_continuity", gate: costume, job: ["job_id": "x"], metrics: [:], status: .pass, reason: .notRequiredByContinuity, applies: false),
        Row(name: "costume, no job at all: PASS not_required_by_continuity", gate: costume, job: nil, metrics: ["costume_fidelity": false], status: .pass, reason: .notRequiredByContinuity, applies: false),
    ]

    @Test(arguments: rows)
    func aGateAppliesAsItsConditionSays(_ row: Row) throws {
        let policy = QCPolicy(policyID: "applicability", gates: [row.gate])
        let report = QCEvaluator.evaluate(
            policy: policy, metrics: row.metrics, job: row.job,
            context: ReportContext(jobID: "job-000001", attemptID: "run-0001", generatedAt: "2026-12-01T00:00:00Z"))
        let gate = try #require(report.gates.first)
        #expect(gate.status == row.status, "\(row.name)")
        #expect(gate.reason == row.reason, "\(row.name)")
        #expect(gate.applies == row.applies, "\(row.name)")
        if !row.applies {
            #expect(gate.effectiveAction == nil && report.overall.pass, "\(row.name): a gate that does not apply takes no part")
        }
    }

    @Test func aGateThatDoesNotApplyIsWrittenWithAppliesFalseAndReadBack() throws {
        let policy = QCPolicy(policyID: "applicability", gates: [Self.costume])
        let report = QCEvaluator.evaluate(
            policy: policy, metrics: [:], context: ReportContext(jobID: "job-000001", attemptID: "run-0001", generatedAt: "2026-12-01T00:00:00Z"))
        let data = try ContractEncoder.encode(report, as: .qcReport)
        #expect(try JSONParser.parse(data)["gates"]?[0]?["applies"] == false)
        let back = try ContractDecoder.load(QCReport.self, kind: .qcReport, from: data, source: "report")
        #expect(back.gates.first?.applies == false && back == report)
    }
}
