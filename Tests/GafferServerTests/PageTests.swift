import Foundation
import GafferContracts
import GafferTestSupport
import Testing

@testable import GafferServer

struct PageTests {
    @Test func queueListsTheOpenEscalationWithCountsAndLinks() async throws {
        try await ServerHarness.withFixtureServer { _, client in
            let reply = try await client.get("/")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "text/html; charset=utf-8")
            #expect(reply.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
            let html = reply.text
            #expect(html.contains(#"<table id="queue">"#))
            #expect(html.contains(#"<tr data-href="/escalations/\#(ServerFixture.escalationID)"><td><a href="/escalations/\#(ServerFixture.escalationID)"><strong>"#))
            #expect(html.contains(#"<a href="/jobs/\#(ServerFixture.escalatedJob)">\#(ServerFixture.escalatedJob)</a>"#), "the job links to its page")
            #expect(html.contains("ARTIFACT_CORRUPTED"))
            #expect(html.contains(#"<dd id="count-open">1</dd>"#))
            #expect(html.contains(#"<dd id="count-ESCALATED">1</dd>"#))
            #expect(html.contains(#"href="/api/jobs""#) && html.contains(#"href="/metrics""#))
            #expect(!html.contains("http://") && !html.contains("https://"), "no external assets")
        }
    }

    @Test func escalationPageShowsTheEvidenceAndOneButtonPerAllowedAnswer() async throws {
        try await ServerHarness.withFixtureServer { _, client in
            let reply = try await client.get("/escalations/\(ServerFixture.escalationID)")
            #expect(reply.status == 200)
            let html = reply.text
            #expect(html.contains(#"<table id="gates">"#))
            #expect(html.contains("silence_ratio_gate") && html.contains("≤ 0.500") && html.contains("≥ 0.900"))
            #expect(html.contains("0.920") && html.contains("HARD_FAIL") && html.contains("HIGH"))
            #expect(html.contains("moov atom not found"), "the engine's facts")
            #expect(html.contains(#"<table id="segments">"#), "the timecoded spans of the attempt's metrics")
            #expect(html.contains(#"<tr class="segment-freeze"><td>freeze</td><td>1:11.500</td><td>1:13.750</td><td>2.250 s</td><td>mid-clip</td></tr>"#), "\(html)")
            #expect(html.contains("<td>black</td><td>0:00.000</td><td>0:00.400</td><td>0.400 s</td><td>at the start (a fade in, when short)</td>"))
            let sheet = "/evidence/\(ServerFixture.escalatedJob)/attempts/run-0002/contact_sheet.jpg"
            let best = "/evidence/\(ServerFixture.escalatedJob)/attempts/run-0001/contact_sheet.jpg"
            #expect(html.contains(#"<img id="contact-sheet" src="\#(sheet)" alt="Contact sheet of attempt run-0002"#))
            #expect(html.contains(#"<img id="best-contact-sheet" src="\#(best)" alt="Contact sheet of attempt run-0001"#))
            for action in Action.allCases {
                let present = html.contains(#"id="answer-\#(action.rawValue)""#)
                #expect(present == ServerFixture.allowedAnswers.contains(action), "button for \(action.rawValue)")
            }
            for id in ["token", "note", "overrides", "result"] { #expect(html.contains(#"id="\#(id)""#), "#\(id)") }
            #expect(html.contains(#"<input id="token" name="token" aria-describedby="token-hint" type="password""#))
            #expect(html.contains(#"aria-live="polite""#))
            #expect(html.contains("&lt;script&gt;alert(&#39;gaffer&#39;)&lt;/script&gt; &amp; &quot;more&quot;"), "the job's reason, escaped")
            #expect(!html.contains("<script>alert"), "the job's reason must not become markup")
            #expect(html.contains(#"<dl class="facts" id="advisor">"#), "the advisor section")
            #expect(html.contains("qwen2.5-7b") && html.contains("<strong>RETRY_STAGE</strong> with seed=7: &lt;b&gt;re-render&lt;/b&gt; with a new seed"), "the proposal, escaped")
            #expect(html.contains("<strong>recorded</strong> (deterministic ESCALATE_USER)") && html.contains("1.500 s") && html.contains("1800 in / 60 out"))

            let image = try await client.get(sheet)
            #expect(image.status == 200)
            #expect(image.header("Content-Type") == "image/jpeg")
            #expect(image.body.prefix(3) == Data([0xFF, 0xD8, 0xFF]), "a JPEG")
        }
    }

    @Test func aResolvedEscalationShowsItsResolutionInsteadOfButtons() async throws {
        try await ServerHarness.withFixtureServer { _, client in
            let answer = try await client.post(EscalationAPITests.resolvePath, json: ["action": "ABORT", "note": "<b>bad</b> take", "by": "dana"])
            #expect(answer.status == 200, "resolve: \(answer.text)")
            let html = try await client.get("/escalations/\(ServerFixture.escalationID)").text
            #expect(html.contains(#"id="resolution""#))
            #expect(html.contains("&lt;b&gt;bad&lt;/b&gt; take"))
            #expect(!html.contains(#"id="answer-"#), "no answer buttons once resolved")
            #expect(!html.contains("<script"), "no script on a resolved escalation")
            let queue = try await client.get("/").text
            #expect(queue.contains(#"id="queue-empty""#))
            #expect(queue.contains(#"id="recently-resolved""#))
        }
    }

    @Test func unknownEscalationPageIs404() async throws {
        try await ServerHarness.withFixtureServer { _, client in
            let reply = try await client.get("/escalations/esc-%3Cb%3E")
            #expect(reply.status == 404)
            #expect(!reply.text.contains("<b>"))
        }
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
        ("a & b", "a &amp; b"),
        (#"say "hi" it's"#, "say &quot;hi&quot; it&#39;s"),
        ("émoji 🎬", "émoji 🎬"),
    ])
    func htmlEscaping(text: String, escaped: String) {
        #expect(HTMLEscaping.escape(text) == escaped)
    }

    @Test func urlSegmentsArePercentEncoded() {
        #expect(HTMLEscaping.urlSegment("run-0001") == "run-0001")
        #expect(HTMLEscaping.urlSegment("a b/c?\"") == "a%20b%2Fc%3F%22")
        #expect(HTMLEscaping.href(["escalations", "x\"y"]) == "/escalations/x%22y")
    }
}

/// The job page, the queue's filters and seeking in evidence (SPEC §10).
struct JobPageTests {
    @Test func theJobPageShowsStateTheVerbsThatApplyTheLineageAndTheLogTail() async throws {
        try await ServerHarness.withFixtureServer { _, client in
            let reply = try await client.get("/jobs/\(ServerFixture.escalatedJob)")
            #expect(reply.status == 200)
            let html = reply.text
            #expect(html.contains(#"id="job-state">ESCALATED</span>"#))
            #expect(html.contains(#"<form class="verbs" id="verbs" data-verb-url="/api/jobs/\#(ServerFixture.escalatedJob)""#))
            // ESCALATED: cancel, retry, pick, reset-budget, waive apply; pause, resume, approve, reject do not.
            for verb in ["cancel", "retry", "pick", "reset-budget", "waive"] { #expect(html.contains(#"id="verb-\#(verb)""#), "\(verb)") }
            for verb in ["pause", "resume", "approve", "reject"] { #expect(!html.contains(#"id="verb-\#(verb)""#), "\(verb)") }
            #expect(html.contains(#"<tr id="attempt-run-0001">"#) && html.contains(#"<tr id="attempt-run-0002">"#))
            #expect(html.contains(#"/evidence/\#(ServerFixture.escalatedJob)/attempts/run-0002/contact_sheet.jpg"#))
            #expect(html.contains(#"<pre id="log-tail">engine output of run-0002</pre>"#), "the engine's last lines")
            #expect(html.contains(#"href="/escalations/\#(ServerFixture.escalationID)""#), "the open escalation")
            let done = try await client.get("/jobs/\(ServerFixture.completedJob)").text
            #expect(done.contains(#"id="verb-retry""#) && done.contains(#"id="verb-pick""#) && !done.contains(#"id="verb-cancel""#))
            #expect(try await client.get("/jobs/no-such-job").status == 404)
        }
    }

    @Test func theQueueFiltersByKindStageReasonAndAge() async throws {
        try await ServerHarness.withFixtureServer { _, client in
            let link = #"data-href="/escalations/\#(ServerFixture.escalationID)""#
            #expect(try await client.get("/?stage=video").text.contains(link))
            #expect(try await client.get("/?kind=escalation&reason=ARTIFACT_CORRUPTED").text.contains(link))
            #expect(try await client.get("/?age=600").text.contains(link), "raised in February: waiting more than 10 minutes")
            for query in ["kind=approval", "stage=editor", "reason=IDENTITY_CONFLICT"] {
                let html = try await client.get("/?\(query)").text
                #expect(!html.contains(link) && html.contains("Nothing matches these filters"), "\(query)")
            }
            #expect(try await client.get("/?stage=video").text.contains(#"<option selected>video</option>"#), "the form shows the filter")
        }
    }

    @Test func evidenceSeeksWithRangeRequests() async throws {
        try await ServerHarness.withFixtureServer { _, client in
            let path = "/evidence/\(ServerFixture.escalatedJob)/attempts/run-0002/engine.log"
            let whole = try await client.get(path)
            #expect(whole.status == 200 && whole.header("Accept-Ranges") == "bytes")
            let part = try await client.get(path, headers: ["Range": "bytes=7-12"])
            #expect(part.status == 206)
            #expect(part.header("Content-Range") == "bytes 7-12/\(whole.body.count)")
            #expect(part.body == whole.body.subdata(in: 7..<13))
            #expect(try await client.get(path, headers: ["Range": "bytes=99999-"]).status == 416)
        }
    }
}
