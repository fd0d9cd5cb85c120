import Foundation
import GafferContracts
import GafferStore
import GafferTestSupport
import Testing

@testable import GafferServer

struct HealthTests {
    @Test func healthzSaysOK() async throws {
        try await ServerHarness.withFixtureServer { _, client in
            let reply = try await client.get("/healthz")
            #expect(reply.status == 200)
            #expect(try reply.json() == ["status": "ok"])
            #expect(reply.header("Cache-Control") == "no-store")
            #expect(reply.header("Content-Type") == "application/json; charset=utf-8")
        }
    }

    @Test func readyzIsReadyWhenStoreSandboxAndToolsAreThere() async throws {
        try await ServerHarness.withFixtureServer { fixture, client in
            let reply = try await client.get("/readyz")
            #expect(reply.status == 200, "readyz: \(reply.text)")
            #expect(try reply.json() == ["status": "ready"])
            let leftovers = fixture.folder.entries().filter { $0.hasPrefix(".gaffer-readyz") }
            #expect(leftovers.isEmpty, "the writability probe left \(leftovers)")
        }
    }

    @Test func anOpenAdvisorCircuitIsADetailNotAFailure() async throws {
        try await ServerHarness.withFixtureServer { fixture, client in
            let now = Date()
            func worker(_ id: String, openFor seconds: Double?, liveFor live: Double = 60) -> WorkerRecord {
                WorkerRecord(
                    workerID: id, host: "h", labels: [:], concurrency: 1, startedAt: Timestamp.format(now), seenAt: Timestamp.format(now),
                    liveUntil: Timestamp.format(now.addingTimeInterval(live)),
                    advisorCircuitOpenUntil: seconds.map { Timestamp.format(now.addingTimeInterval($0)) })
            }
            try await fixture.store.recordWorker(worker("w-open", openFor: 300))
            try await fixture.store.recordWorker(worker("w-cooled", openFor: -5))
            try await fixture.store.recordWorker(worker("w-gone", openFor: 300, liveFor: -60))
            let reply = try await client.get("/readyz")
            #expect(reply.status == 200, "still ready: \(reply.text)")
            let details = try reply.json()["details"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(details.count == 1 && details[0].contains("advisor circuit open on worker w-open"), "\(details)")
            let metrics = try await client.get("/metrics").text
            #expect(MetricsTests.value(of: "gaffer_advisor_circuits_open", in: metrics) == 1, "only the live, open one")
        }
    }

    @Test func readyzNamesEveryFailingCheck() async throws {
        let emptyPath = try TemporaryFolder("no-tools")
        try await ServerHarness.withFixtureServer(configure: {
            $0.layout = .init(root: $0.layout.root + "/does-not-exist")
            $0.searchPath = emptyPath.root
        }) { fixture, client in
            let reply = try await client.get("/readyz")
            #expect(reply.status == 503)
            let body = try reply.json()
            #expect(body["status"] == "unready")
            let failing = body["failing"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(failing.contains("ffmpeg not found on PATH"), "failing: \(failing)")
            #expect(failing.contains("ffprobe not found on PATH"), "failing: \(failing)")
            #expect(failing.contains { $0.hasPrefix("sandbox \(fixture.layout.root)/does-not-exist not writable") }, "failing: \(failing)")
            #expect(!failing.contains { $0.hasPrefix("store") }, "the store answers; failing: \(failing)")
        }
    }

    @Test func readinessFindsToolsOnlyOnTheGivenPath() throws {
        let folder = try TemporaryFolder("path")
        try folder.write("bin/ffmpeg", "#!/bin/sh\n")
        try folder.write("bin/ffprobe", "not executable")
        chmod(folder.path("bin/ffmpeg"), 0o755)
        #expect(ReadinessProbe.find("ffmpeg", in: "/nonexistent:" + folder.path("bin")) == folder.path("bin/ffmpeg"))
        #expect(ReadinessProbe.find("ffmpeg", in: "") == nil)
        #expect(ReadinessProbe.find("bin", in: folder.root) == nil, "a folder is not a tool")
    }
}
