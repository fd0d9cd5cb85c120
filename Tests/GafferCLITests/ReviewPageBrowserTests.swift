import Foundation
import GafferContracts
import GafferTestSupport
import Testing

/// The review page in a real browser: headless Chromium shows the escalation's evidence, and the operator's
/// answer given through the page changes the store and the files.
@Suite(.serialized)
struct ReviewPageBrowserTests {
    @Test func anOperatorAnswersTheDemoEscalationThroughThePage() async throws {
        let folder = try TemporaryFolder("review-page")
        let dir = folder.path("demo")
        let demo = try await GafferProcess.runDetached(["demo", "--dir", dir], cwd: RepositoryPaths.root.path)
        #expect(demo.status == 0, "\(demo)")
        let server = try await ServedSandbox.start(sandbox: dir)
        let browser: WebDriver
        do {
            browser = try await WebDriver.start()
        } catch {
            _ = await server.stop()
            throw error
        }

        do {
            try await browser.setViewport(width: 1280, height: 800)
            try await browser.open(server.baseURL + "/")
            let queue = try await browser.text("body")
            #expect(queue.contains("demo-silent-audio"), "the queue lists the open escalation: \(queue.prefix(500))")

            try await browser.click("a[href^='/escalations/']")
            #expect(try await browser.currentURL.contains("/escalations/esc-demo-silent-audio-run-0001"))
            let gates = try await browser.text("#gates")
            #expect(gates.contains("silence_ratio_gate") && gates.contains("0.1"), "the gates table shows score vs threshold: \(gates)")
            let sheetWidth = try await browser.script("return document.querySelector('#contact-sheet').naturalWidth").int ?? 0
            #expect(sheetWidth > 0, "the contact sheet image loaded in the browser")
            let bestWidth = try await browser.script("return document.querySelector('#best-contact-sheet') ? document.querySelector('#best-contact-sheet').naturalWidth : -1").int ?? 0
            #expect(bestWidth != 0, "the best attempt's sheet is shown beside it (or said to be the same attempt)")
            for answer in ["PROCEED", "RETRY_STAGE", "ABORT"] {
                _ = try await browser.element("#answer-\(answer)")
                #expect(try await browser.isOnScreen("#answer-\(answer)"), "\(answer) is on screen at 1280×800 without scrolling")
            }
            #expect(try await browser.text("#cause").contains("silen"), "the cause comes first")
            let waveWidth = try await browser.script("return document.querySelector('#waveform') ? document.querySelector('#waveform').naturalWidth : -1").int ?? 0
            #expect(waveWidth > 0, "an audio gate failed: the attempt's waveform is drawn (ffmpeg showwavespic) and shown")
            // The clip plays inline, its silent spans marked on the timeline; a row's button jumps the player there.
            var placed = 0
            for _ in 0..<50 where placed == 0 {
                placed = try await browser.script("return Array.from(document.querySelectorAll('#timeline rect.seg')).filter(r => Number(r.getAttribute('width')) > 0).length").int ?? 0
                if placed == 0 { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(placed > 0, "the spans are placed on the clip's timeline")
            let start = try await browser.script("return Number(document.querySelector('button.seek').dataset.start)").raw as? Double ?? -1
            _ = try await browser.script("document.querySelector('button.seek').click(); return true")
            let at = try await browser.script("return document.getElementById('clip').currentTime").raw as? Double ?? -1
            #expect(abs(at - start) < 0.5, "the player jumped to the span: \(at) vs \(start)")

            // Keyboard: the token field takes focus and typing reaches it.
            _ = try await browser.script("document.querySelector('#token').focus(); return true")
            try await browser.pressKeys(server.token)
            try await browser.type("no usable sound source for this clip", into: "#note")
            try await browser.screenshot(to: RepositoryPaths.path(".build/test-artifacts/review-page-1280x800.png"))
            try await browser.click("#answer-ABORT")

            var result = ""
            for _ in 0..<50 where !result.contains("ABORTED") {
                try await Task.sleep(for: .milliseconds(200))
                result = (try? await browser.text("#result")) ?? ""
                if result.isEmpty, (try? await browser.currentURL)?.contains("/escalations/") == true {
                    // The page may reload to show the resolution.
                    result = (try? await browser.text("body")) ?? ""
                }
            }
            #expect(result.contains("ABORTED") || result.contains("RESOLVED"), "the page reports the answer: \(result.prefix(300))")
        } catch {
            Issue.record("browser step failed: \(error)")
        }
        await browser.quit()
        #expect(await server.stop() == 0, "gaffer serve exits cleanly on SIGTERM")

        let state = try JSONValue.read(dir + "/logs/demo-silent-audio/state.json")
        #expect(state["state"] == "ABORTED", "the store changed: \(state)")
        let resolved = try JSONValue.read(dir + "/logs/demo-silent-audio/escalations/history/esc-demo-silent-audio-run-0001.user_action_required.v1.json")
        #expect(resolved["status"] == "RESOLVED")
        #expect(resolved["resolution"]?["note"] == "no usable sound source for this clip")
        #expect(!FileManager.default.fileExists(atPath: dir + "/logs/demo-silent-audio/escalations/esc-demo-silent-audio-run-0001.user_action_required.v1.json"))
    }
}
