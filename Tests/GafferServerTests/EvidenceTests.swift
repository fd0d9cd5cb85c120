import Foundation
import GafferTestSupport
import Testing

@testable import GafferServer

struct EvidenceTests {
    @Test func onlyFilesUnderLogsAreServed() async throws {
        try await ServerHarness.withFixtureServer { fixture, client in
            let log = try await client.get("/evidence/\(ServerFixture.escalatedJob)/attempts/run-0002/engine.log")
            #expect(log.status == 200)
            #expect(log.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(log.text == "engine output of run-0002\n")

            let state = try await client.get("/evidence/\(ServerFixture.escalatedJob)/state.json")
            #expect(state.status == 200)
            #expect(state.header("Content-Type") == "application/json; charset=utf-8")

            // A link inside logs/ that leads out of it, and a file type that is not evidence.
            symlink(fixture.storePath, fixture.layout.root + "/logs/escape.json")
            try fixture.folder.write("logs/notes.sqlite", "x")

            for raw in [
                "/evidence/../gaffer.sqlite", "/evidence/%2e%2e/gaffer.sqlite", "/evidence/..%2Fgaffer.sqlite",
                "/evidence//etc/passwd", "/evidence/escape.json", "/evidence/notes.sqlite", "/evidence/",
                "/evidence/\(ServerFixture.escalatedJob)/../../gaffer.sqlite", "/evidence/nope.jpg",
            ] {
                let reply = try await RawHTTP.get(port: client.port, rawPath: raw)
                #expect(reply.status == 404, "\(raw) must be 404, got \(reply.status): \(reply.text.prefix(80))")
                #expect(!reply.text.contains("SQLite format"), "\(raw) leaked the store")
            }
        }
    }

    @Test(arguments: [
        ("contact_sheet.jpg", EvidenceMediaType?.some(.jpeg)), ("a.PNG", .png), ("video.mp4", .mp4),
        ("engine.log", .log), ("qc_report.v1.json", .json), ("gaffer.sqlite", nil), (".jpg", nil), ("noext", nil),
    ])
    func mediaTypeByExtension(name: String, type: EvidenceMediaType?) {
        #expect(EvidenceMediaType(fileName: name) == type)
    }
}
