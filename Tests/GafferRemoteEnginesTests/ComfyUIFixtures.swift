import Foundation
import GafferContracts
import GafferLoop
import GafferTestSupport
import Synchronization

/// Graphs in ComfyUI's API format that need no model, and attempts of a `comfyui` stage built from workflow YAML.
enum ComfyUIFixtures {
    /// EmptyImage → ImageAddNoise → CreateVideo → SaveVideo: a real H.264 MP4 (the graph of the issue's check).
    static func videoGraph(frames: Int = 24, width: Int = 160, height: Int = 120, seed: Int = 5) -> String {
        """
        {"1": {"class_type": "EmptyImage", "inputs": {"width": \(width), "height": \(height), "batch_size": \(frames), "color": 3381606}, "_meta": {"title": "canvas"}},
         "2": {"class_type": "ImageAddNoise", "inputs": {"image": ["1", 0], "seed": \(seed), "strength": 0.4}, "_meta": {"title": "noise"}},
         "3": {"class_type": "CreateVideo", "inputs": {"images": ["2", 0], "fps": 12}},
         "4": {"class_type": "SaveVideo", "inputs": {"video": ["3", 0], "filename_prefix": "gaffer/clip", "format": "mp4", "codec": "h264"}}}
        """
    }

    /// A chain of radius-31 blurs before the video: seconds of work (17 s on a real CPU server with 2048² images).
    static func slowGraph(blurs: Int = 6) -> String {
        var nodes = [#""1": {"class_type": "EmptyImage", "inputs": {"width": 160, "height": 120, "batch_size": 12, "color": 0}}"#]
        for index in 0..<blurs {
            nodes.append(#""\#(index + 2)": {"class_type": "ImageBlur", "inputs": {"image": ["\#(index + 1)", 0], "blur_radius": 31, "sigma": 10.0}}"#)
        }
        let last = blurs + 1
        nodes.append(#""\#(last + 1)": {"class_type": "CreateVideo", "inputs": {"images": ["\#(last)", 0], "fps": 12}}"#)
        nodes.append(#""\#(last + 2)": {"class_type": "SaveVideo", "inputs": {"video": ["\#(last + 1)", 0], "filename_prefix": "gaffer/slow", "format": "mp4", "codec": "h264"}}"#)
        return "{" + nodes.joined(separator: ",\n") + "}"
    }

    /// LoadImage of an uploaded file, into a PNG: fails at run time when the upload is not an image.
    static let loadImageGraph = """
        {"1": {"class_type": "LoadImage", "inputs": {"image": "placeholder.png"}},
         "2": {"class_type": "SaveImage", "inputs": {"images": ["1", 0], "filename_prefix": "gaffer/loaded"}}}
        """

    /// A checkpoint loader in the original system's wrapper: refused by preflight on a server without models.
    static let checkpointGraph = """
        {"workflow_id": "caf_like_v1", "caf_capabilities": {"supports_pose": true},
         "nodes": {"4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd_xl_base_1.0.safetensors"}, "_meta": {"title": "checkpoint"}},
                   "5": {"class_type": "EmptyImage", "inputs": {"width": 64, "height": 64, "batch_size": 1, "color": 0}},
                   "9": {"class_type": "SaveImage", "inputs": {"images": ["5", 0], "filename_prefix": "gaffer/ckpt"}}}}
        """

    /// A `comfyui` stage reading `graph` from the folder, loaded the way the loop loads it.
    static func stage(
        in folder: TemporaryFolder, graph: String, server: String, inputs: [String: String] = [:], uploads: [String: String] = [:],
        output: String = "clip.mp4", grace: Double = 5
    ) throws -> Workflow.Stage {
        try folder.write("graph.json", graph)
        let mapping = inputs.isEmpty ? "" : "      inputs: {" + inputs.sorted { $0.key < $1.key }.map { "\($0.key): \"\($0.value)\"" }.joined(separator: ", ") + "}\n"
        let uploading = uploads.isEmpty ? "" : "      uploads: {" + uploads.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \"\($0.value)\"" }.joined(separator: ", ") + "}\n"
        let yaml = """
            workflow_id: comfy-test
            stages:
              - name: render
                engine: comfyui
                comfyui:
                  server: \(server)
                  graph: graph.json
            \(mapping)\(uploading)    output: \(output)
                grace_seconds: \(grace)

            """
        let workflow = try WorkflowLoader.load(yaml, source: try folder.write("workflow.yaml", yaml))
        return workflow.stages[0]
    }

    /// Progress reports an attempt made.
    final class Progress: Sendable {
        let seen = Mutex<[(Double, Double)]>([])
        var reports: [(Double, Double)] { seen.withLock { $0 } }
        func report(_ value: Double, _ total: Double) { seen.withLock { $0.append((value, total)) } }
    }

    static func attempt(
        _ stage: Workflow.Stage, folder: TemporaryFolder, key: String = "job-a/render/1", params: [String: JSONValue] = [:],
        job: JSONValue = [:], uploads: [String: String] = [:], timeout: Duration = .seconds(60), stall: Duration? = nil,
        progress: Progress = Progress(), soleWorker: Bool = true
    ) throws -> RemoteAttempt {
        let attemptFolder = folder.path("attempts/" + key.replacingOccurrences(of: "/", with: "-"))
        try FileManager.default.createDirectory(atPath: attemptFolder, withIntermediateDirectories: true)
        return RemoteAttempt(
            jobID: "job-a", attemptID: "run-0001", stage: stage, params: params, job: job, inputPath: nil, uploads: uploads,
            graphOverride: nil, folder: attemptFolder, outputPath: attemptFolder + "/" + stage.output, logPath: attemptFolder + "/engine.log",
            journalFolder: folder.path("remote"),
            environment: [:], timeout: timeout, stall: stall, key: key, onProgress: { progress.report($0, $1) },
            soleWorker: soleWorker)
    }

    static func log(_ attempt: RemoteAttempt) -> String {
        (try? String(contentsOfFile: attempt.logPath, encoding: .utf8)) ?? ""
    }

    /// Frames of a video, counted by ffprobe decoding it (off the cooperative pool).
    static func frames(_ path: String) async throws -> Int {
        let result = try await offThePool {
            try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/ffprobe"),
                ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path])
        }
        return Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
}
