import Foundation
import GafferContracts
import GafferStore

/// A `<platform>.state.json` with status POSTED (written by `gaffer handoff register` or another tool) moves a
/// completed job to POSTED; the platform is the file name without `.state.json` (SPEC §8).
struct PostDetector {
    let configuration: LoopConfiguration
    let store: any JobStore
    let views: ViewWriter
    let now: String

    /// Looks at the completed jobs of `jobs` (the store's listing of this scan).
    func detect(in jobs: [JobRecord]) async throws {
        for record in jobs where record.state == .completed && SandboxLayout.isSafeJobID(record.jobID) {
            let folder = configuration.layout.distFolder(record.jobID)
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".state.json") }.sorted()
            for file in files {
                guard let data = FileManager.default.contents(atPath: folder + "/" + file),
                    let value = try? JSONParser.parse(data), value["status"]?.stringValue == "POSTED"
                else { continue }
                let platform = String(file.dropLast(".state.json".count))
                var job = record
                let transition = try job.apply(.posted(platform: platform))
                job.updatedAt = now
                job.reason = "posted on \(platform)"
                var event = EventRecord(
                    transition, jobID: job.jobID, ts: now, runID: configuration.runID,
                    details: ["platform": .string(platform), "post_url": value["post_url"] ?? .null])
                event.event = .postedDetected
                try await store.record(job, transition: transition, event: event)
                try? await views.refresh(job.jobID)
                break
            }
        }
    }
}
