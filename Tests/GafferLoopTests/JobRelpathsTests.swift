import Foundation
import GafferContracts
import GafferTestSupport
import Testing

@testable import GafferLoop

/// SPEC §3.7: the original's job files point at a quality target and a continuity pack by `relpath`, resolved against
/// the project root and merged in place, once.
struct JobRelpathsTests {
    static let original = RepositoryPaths.originalFiles

    @Test func everyHeroKittenJobOfTheOriginalResolvesItsStrictTarget() throws {
        let folder = Self.original + "/sandbox/jobs/hero_kittens"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".job.json") }.sorted()
        #expect(files.count == 10, "the original ships ten hero_kittens jobs")
        for file in files {
            let path = folder + "/" + file
            let job = try ContractDecoder.job(from: try Data(contentsOf: URL(fileURLWithPath: path)), source: path)
            #expect(job.qualityThresholds.isEmpty, "\(file): before resolution only a relpath")
            let resolved = try ContractDecoder.job(from: try JobRelpaths.resolve(job.raw, root: Self.original, source: path).serialized(), source: path)
            #expect(resolved.qualityThresholds["temporal_stability"] == 0.9, "\(file): motion_strict_v1 raises temporal_stability to 0.9")
            #expect(resolved.raw["continuity_pack"]?["version"] == "episode_continuity_pack.v1", "\(file)")
            #expect(resolved.raw["quality_target"]?["relpath"]?.stringValue?.hasPrefix("repo/") == true, "the relpath is kept")
        }
    }

    struct Row: CustomTestStringConvertible, Sendable {
        let name: String
        let job: JSONValue
        let message: String
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "leaves the root", job: ["job_id": "job-000001", "quality_target": ["relpath": "../etc/passwd"]], message: "must be a path inside the project root"),
        Row(name: "absolute", job: ["job_id": "job-000001", "continuity_pack": ["relpath": "/etc/hosts"]], message: "must be a path inside the project root"),
        Row(name: "missing file", job: ["job_id": "job-000001", "quality_target": ["relpath": "repo/absent.json"]], message: "does not exist"),
        Row(name: "wrong kind", job: ["job_id": "job-000001", "quality_target": ["relpath": "repo/shared/smoke_continuity_pack.v1.json"]], message: "is not a quality_target.v1"),
    ]

    @Test(arguments: rows)
    func aBadRelpathNamesTheJobFileAndTheJSONPath(_ row: Row) throws {
        do {
            _ = try JobRelpaths.resolve(row.job, root: Self.original, source: "jobs/x.job.json")
            Issue.record("\(row.name): resolved")
        } catch {
            guard case .violations(let source, let violations) = error else { Issue.record("\(error)"); return }
            #expect(source == "jobs/x.job.json")
            #expect(violations.count == 1 && violations[0].path.description.hasSuffix("/relpath"), "\(row.name): \(error)")
            #expect(violations[0].message.contains(row.message), "\(row.name): \(violations[0].message)")
        }
    }

    @Test func theLoopAdmitsAJobWithItsTargetReadOnce() async throws {
        let harness = try LoopHarness()
        try harness.writePolicy(LoopHarness.policy())
        try harness.write("workflows/w.yaml", LoopHarness.workflow(stages: ["video"]))
        try harness.write("repo/targets/strict.json", #"{"version": "quality_target.v1", "thresholds": {"quality": 0.95}}"#)
        try harness.writeJob("relpath-job-01", ["quality_target": ["relpath": "repo/targets/strict.json"]])
        var configuration = harness.configuration()
        configuration.projectRoot = harness.folder.root
        let launcher = ScriptedLauncher { call in ScriptAnswer(scores: ["quality": call.attemptID == "run-0001" ? 0.9 : 0.97]) }
        try await Scheduler(configuration: configuration, store: harness.store, once: true, launcher: launcher, wakeup: harness.wakeup).run()
        // 0.9 passes the policy's 0.5 but not the job's strict 0.95: the target was read at admission.
        let attempts = try await harness.store.attempts(jobID: "relpath-job-01")
        #expect(attempts.map(\.decisionAction) == [.retryStage, .proceed], "\(attempts.map(\.decisionReason))")
        let stored = try #require(try await harness.job("relpath-job-01").content)
        #expect(stored.contains("\"thresholds\""), "the stored job holds the resolved target")
        // A job whose relpath names nothing is INVALID with the path, and runs nothing.
        try harness.writeJob("relpath-job-02", ["continuity_pack": ["relpath": "repo/absent.json"]])
        try await Scheduler(configuration: configuration, store: harness.store, once: true, launcher: launcher, wakeup: harness.wakeup).run()
        let invalid = try await harness.job("relpath-job-02")
        #expect(invalid.state == .invalid && invalid.reason?.contains("/continuity_pack/relpath") == true, "\(String(describing: invalid.reason))")
    }
}
