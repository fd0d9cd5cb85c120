import Foundation
import GafferContracts
import GafferLoop
import GafferTestSupport
import Testing

@testable import GafferRemoteEngines

/// `engine: comfyui` against the loopback stand-in of a real ComfyUI (scripts/comfyui_standin.py), which keeps its
/// queue in memory, routes events by client id and honours interrupts the way ComfyUI 0.3.64 was seen to.
@Suite(.serialized) struct ComfyUIEngineTests {
    let engine = ComfyUIEngine()

    @Test func aModelFreeGraphRendersAVideoThatIsFetchedIntoTheAttempt() async throws {
        let folder = try TemporaryFolder("comfy-ok")
        let standIn = try await ComfyUIStandIn(root: folder.path("server"))
        let stage = try ComfyUIFixtures.stage(in: folder, graph: ComfyUIFixtures.videoGraph(), server: standIn.url, inputs: ["seed": "noise.seed"])
        let attempt = try ComfyUIFixtures.attempt(stage, folder: folder, params: ["seed": 99])
        let run = await engine.run(attempt)

        #expect(run.refusal == nil && run.error == nil, "\(ComfyUIFixtures.log(attempt))")
        #expect(run.run.exitCode == 0 && !run.run.timedOut && !run.run.interrupted)
        #expect(try await ComfyUIFixtures.frames(attempt.outputPath) == 24, "the fetched file is the 24-frame MP4 the server wrote")
        let promptID = try #require(run.facts["prompt_id"]?.stringValue)
        // The seed parameter reached the graph as posted, and the server's history holds it.
        let history = try await HTTP.request("GET", standIn.url + "/history/" + promptID)
        let posted = try JSONParser.parse(history.text)[promptID]?["prompt"]?[2]
        #expect(posted?["2"]?["inputs"]?["seed"] == 99)
        #expect(FileManager.default.fileExists(atPath: attempt.folder + "/comfyui_prompt.json"))
        // The end comes over the socket (`executing {node: null}`), or — when the socket lags, as under load — from the
        // history the attempt polls meanwhile.
        let log = ComfyUIFixtures.log(attempt)
        #expect(log.contains("executing {node: null}") || log.contains("the history has the prompt's end"), "\(log)")
    }

    @Test func theSameAttemptAfterARestartOfGafferFetchesTheFinishedPromptWithoutPostingItAgain() async throws {
        let folder = try TemporaryFolder("comfy-adopt")
        let standIn = try await ComfyUIStandIn(root: folder.path("server"))
        let stage = try ComfyUIFixtures.stage(in: folder, graph: ComfyUIFixtures.videoGraph(), server: standIn.url)
        let first = await engine.run(try ComfyUIFixtures.attempt(stage, folder: folder, key: "job-a/render/1"))
        #expect(first.run.exitCode == 0)
        // A Gaffer killed after ComfyUI finished runs the attempt again under the same key: the prompt is found.
        let again = try ComfyUIFixtures.attempt(stage, folder: folder, key: "job-a/render/1")
        try? FileManager.default.removeItem(atPath: again.outputPath)
        let second = await engine.run(again)
        #expect(second.facts["adopted"] == true)
        #expect(second.facts["prompt_id"] == first.facts["prompt_id"])
        #expect(try await ComfyUIFixtures.frames(again.outputPath) == 24)
        #expect(standIn.logLines(containing: "queued").count == 1, "posted once: \(standIn.logLines(containing: "queued"))")
        // The next decided attempt is another prompt.
        let next = await engine.run(try ComfyUIFixtures.attempt(stage, folder: folder, key: "job-a/render/2"))
        #expect(next.facts["prompt_id"] != first.facts["prompt_id"])
        #expect(standIn.logLines(containing: "queued").count == 2)
    }

    @Test func aPromptTheServerRefusesIsInvalidInputWithTheNodeErrors() async throws {
        let folder = try TemporaryFolder("comfy-400")
        let standIn = try await ComfyUIStandIn(root: folder.path("server"))
        let stage = try ComfyUIFixtures.stage(in: folder, graph: ComfyUIFixtures.videoGraph(), server: standIn.url, inputs: ["width": "canvas.width"])
        let run = await engine.run(try ComfyUIFixtures.attempt(stage, folder: folder, params: ["width": 0]))
        guard case .invalidInput(let why)? = run.refusal else {
            Issue.record("expected invalid input, got \(run)")
            return
        }
        #expect(why.contains("node 1 (EmptyImage): value_smaller_than_min: Value 0 smaller than min of 1"))
        let queue = try await standIn.queue()
        #expect(queue.running.isEmpty && queue.pending.isEmpty)
    }

    @Test func aPromptWithOneBadOutputIsRefusedAndTheOutputThatPassedIsNotLeftRunning() async throws {
        let folder = try TemporaryFolder("comfy-partial")
        let standIn = try await ComfyUIStandIn(root: folder.path("server"))
        // Two outputs: the video is sound, the image branch has a width below the minimum.
        let graph = """
            {"1": {"class_type": "EmptyImage", "inputs": {"width": 160, "height": 120, "batch_size": 12, "color": 0}},
             "2": {"class_type": "ImageBlur", "inputs": {"image": ["1", 0], "blur_radius": 31, "sigma": 10.0}},
             "3": {"class_type": "CreateVideo", "inputs": {"images": ["2", 0], "fps": 12}},
             "4": {"class_type": "SaveVideo", "inputs": {"video": ["3", 0], "filename_prefix": "gaffer/ok", "format": "mp4", "codec": "h264"}},
             "5": {"class_type": "EmptyImage", "inputs": {"width": 0, "height": 8, "batch_size": 1, "color": 0}},
             "6": {"class_type": "SaveImage", "inputs": {"images": ["5", 0], "filename_prefix": "gaffer/bad"}}}
            """
        let stage = try ComfyUIFixtures.stage(in: folder, graph: graph, server: standIn.url)
        let attempt = try ComfyUIFixtures.attempt(stage, folder: folder)
        let run = await engine.run(attempt)
        guard case .invalidInput(let why)? = run.refusal else {
            Issue.record("expected invalid input, got \(run)")
            return
        }
        #expect(why.contains("node 5 (EmptyImage): value_smaller_than_min"))
        #expect(standIn.logLines(containing: "queued").count == 1, "the server accepted the sound output")
        let queue = try await standIn.queue()
        #expect(queue.running.isEmpty && queue.pending.isEmpty, "and Gaffer ended it: \(queue)")
    }

    @Test func preflightRefusesAMissingCheckpointInUnderASecondWithNothingPosted() async throws {
        let folder = try TemporaryFolder("comfy-preflight")
        let standIn = try await ComfyUIStandIn(root: folder.path("server"))
        let stage = try ComfyUIFixtures.stage(in: folder, graph: ComfyUIFixtures.checkpointGraph, server: standIn.url, output: "out.png")
        let run = await engine.run(try ComfyUIFixtures.attempt(stage, folder: folder))
        guard case .invalidInput(let why)? = run.refusal else {
            Issue.record("expected invalid input, got \(run)")
            return
        }
        #expect(why.contains("node 4 (CheckpointLoaderSimple): ckpt_name \"sd_xl_base_1.0.safetensors\" — no such model file on the server (it has: none)"))
        #expect(run.run.wallSeconds < 1)
        #expect(standIn.logLines(containing: "queued").isEmpty && standIn.logLines(containing: "refused").isEmpty, "nothing reached POST /prompt")
    }

    @Test func aRuntimeErrorEndsTheAttemptWithComfyUIsExceptionInItsOwnWords() async throws {
        let folder = try TemporaryFolder("comfy-error")
        let standIn = try await ComfyUIStandIn(root: folder.path("server"))
        let corrupt = try folder.write("corrupt.png", "not an image at all")
        let stage = try ComfyUIFixtures.stage(in: folder, graph: ComfyUIFixtures.loadImageGraph, server: standIn.url, uploads: ["1.image": "{input}"], output: "out.png")
        let attempt = try ComfyUIFixtures.attempt(stage, folder: folder, uploads: ["1.image": corrupt])
        let run = await engine.run(attempt)
        #expect(run.run.exitCode == 1)
        let error = try #require(run.error)
        #expect(error.contains("node 1 (LoadImage) raised PIL.UnidentifiedImageError: cannot identify image file"), "\(error)")
        #expect(ComfyUIFixtures.log(attempt).contains("execution_error"))
        #expect(!FileManager.default.fileExists(atPath: attempt.outputPath))
    }

    @Test func aTimeoutInterruptsTheRunningPromptAndLeavesTheServersQueueEmpty() async throws {
        let folder = try TemporaryFolder("comfy-timeout")
        let standIn = try await ComfyUIStandIn(root: folder.path("server"))
        let stage = try ComfyUIFixtures.stage(in: folder, graph: ComfyUIFixtures.slowGraph(), server: standIn.url)
        let attempt = try ComfyUIFixtures.attempt(stage, folder: folder, timeout: .seconds(2))
        let run = await engine.run(attempt)
        #expect(run.run.timedOut)
        #expect(run.run.wallSeconds < 12, "ended at the timeout plus the wait for the interrupt, not after the whole graph")
        let queue = try await standIn.queue()
        #expect(queue.running.isEmpty && queue.pending.isEmpty)
        #expect(standIn.logLines(containing: "interrupted at node").count == 1, "\(standIn.logLines(containing: "prompt"))")
        #expect(ComfyUIFixtures.log(attempt).contains("POST /interrupt"))
    }

    @Test func aPromptStillWaitingWhenTheAttemptIsCancelledIsDeletedFromTheQueue() async throws {
        let folder = try TemporaryFolder("comfy-cancel")
        let standIn = try await ComfyUIStandIn(root: folder.path("server"))
        // Someone else's long prompt runs first, so ours waits.
        let blocker = try ComfyUIFixtures.stage(in: folder, graph: ComfyUIFixtures.slowGraph(blurs: 2), server: standIn.url)
        let blocking = Task { await engine.run(try! ComfyUIFixtures.attempt(blocker, folder: folder, key: "other/render/1")) }
        try await Task.sleep(for: .milliseconds(800))
        let stage = try ComfyUIFixtures.stage(in: folder, graph: ComfyUIFixtures.videoGraph(), server: standIn.url)
        let attempt = try ComfyUIFixtures.attempt(stage, folder: folder, key: "mine/render/1")
        let ours = Task { await engine.run(attempt) }
        try await Task.sleep(for: .milliseconds(1200))
        ours.cancel()
        let run = await ours.value
        #expect(run.run.interrupted)
        #expect(ComfyUIFixtures.log(attempt).contains("POST /queue {delete:"))
        #expect(try await standIn.queue().pending.isEmpty)
        _ = await blocking.value
        #expect(standIn.logLines(containing: "queued").count == 2 && standIn.logLines(containing: "succeeded").count == 1,
                "ours never ran: \(standIn.logLines(containing: "prompt"))")
    }

    @Test func aServerKilledMidPromptIsBusyAndTheSameAttemptPostsAgainOnceItIsBack() async throws {
        let folder = try TemporaryFolder("comfy-restart")
        let standIn = try await ComfyUIStandIn(root: folder.path("server"))
        let stage = try ComfyUIFixtures.stage(in: folder, graph: ComfyUIFixtures.slowGraph(blurs: 4), server: standIn.url)
        let attempt = try ComfyUIFixtures.attempt(stage, folder: folder)
        let running = Task { await engine.run(attempt) }
        try await Task.sleep(for: .milliseconds(1500))
        standIn.kill()
        let run = await running.value
        guard case .busy(let why)? = run.refusal else {
            Issue.record("expected busy, got \(run)")
            return
        }
        #expect(why.contains("WebSocket"), "\(why)")
        // While it is down: busy again, promptly.
        let down = await engine.run(try ComfyUIFixtures.attempt(stage, folder: folder))
        if case .busy? = down.refusal {} else { Issue.record("expected busy while the server is down, got \(down)") }
        // Back (its memory empty): the same attempt key posts the forgotten prompt again and completes.
        try await standIn.start()
        let again = await engine.run(try ComfyUIFixtures.attempt(stage, folder: folder))
        #expect(again.run.exitCode == 0 && again.refusal == nil, "\(again)")
        #expect(again.facts["prompt_id"] == run.facts["prompt_id"])
        #expect(try await ComfyUIFixtures.frames(attempt.outputPath) == 12)
    }

    @Test func progressFromTheServerReachesTheAttempt() async throws {
        let folder = try TemporaryFolder("comfy-progress")
        let standIn = try await ComfyUIStandIn(root: folder.path("server"))
        let graph = """
            {"1": {"class_type": "EmptyImage", "inputs": {"width": 32, "height": 32, "batch_size": 10, "color": 0}},
             "2": {"class_type": "SaveImageWebsocket", "inputs": {"images": ["1", 0]}}}
            """
        let stage = try ComfyUIFixtures.stage(in: folder, graph: graph, server: standIn.url, output: "none.png")
        let progress = ComfyUIFixtures.Progress()
        let run = await engine.run(try ComfyUIFixtures.attempt(stage, folder: folder, progress: progress))
        #expect(run.run.exitCode == 0)
        #expect(progress.reports.count == 10 && progress.reports.last.map { $0 == (9, 10) } == true, "\(progress.reports)")
    }

    @Test func clearStaleItemsDeletesGaffersForgottenPromptsAndNoOneElses() async throws {
        let folder = try TemporaryFolder("comfy-queue")
        let standIn = try await ComfyUIStandIn(root: folder.path("server"))
        func post(_ graph: String, client: String, id: String) async throws {
            let prompt = try JSONSerialization.jsonObject(with: Data(graph.utf8))
            let answer = try await HTTP.request("POST", standIn.url + "/prompt", json: ["prompt": prompt, "client_id": client, "prompt_id": id])
            #expect(answer.status == 200, "\(answer.text)")
        }
        // Someone's long prompt runs; behind it wait a prompt a dead Gaffer left and one of another tool.
        try await post(ComfyUIFixtures.slowGraph(blurs: 2), client: "someone-else", id: "theirs-running")
        try await post(ComfyUIFixtures.videoGraph(seed: 11), client: "gaffer-0123456789abcdef", id: "gaffer-left-behind")
        try await post(ComfyUIFixtures.videoGraph(seed: 12), client: "a-web-browser", id: "browser-pending")
        let stage = try ComfyUIFixtures.stage(in: folder, graph: ComfyUIFixtures.videoGraph(), server: standIn.url)
        let attempt = try ComfyUIFixtures.attempt(stage, folder: folder, params: ["queue_management": "CLEAR_STALE_ITEMS"])
        let run = await engine.run(attempt)
        #expect(run.run.exitCode == 0, "\(run)")
        #expect(run.facts["queue_management"]?["deleted"] == ["gaffer-left-behind"], "\(String(describing: run.facts["queue_management"]))")
        #expect(standIn.logLines(containing: "queue delete").map { $0.components(separatedBy: " ").last } == ["gaffer-left-behind"])
        #expect(standIn.logLines(containing: "prompt browser-pending succeeded").count == 1, "another tool's prompt was left alone")
        // In a fleet the same decision is recorded, not actuated.
        let fleet = try ComfyUIFixtures.attempt(stage, folder: folder, key: "job-a/render/2", params: ["queue_management": "CLEAR_STALE_ITEMS"], soleWorker: false)
        let other = await engine.run(fleet)
        #expect(other.facts["queue_management"]?["actuated"] == false)
    }

    @Test func anUnreachableServerIsBusyNotAFailure() async throws {
        let folder = try TemporaryFolder("comfy-down")
        let port = try LoopbackPort.free()
        let stage = try ComfyUIFixtures.stage(in: folder, graph: ComfyUIFixtures.videoGraph(), server: "http://127.0.0.1:\(port)")
        let run = await engine.run(try ComfyUIFixtures.attempt(stage, folder: folder))
        guard case .busy(let why)? = run.refusal else {
            Issue.record("expected busy, got \(run)")
            return
        }
        #expect(why.contains("connection refused"), "\(why)")
    }
}
