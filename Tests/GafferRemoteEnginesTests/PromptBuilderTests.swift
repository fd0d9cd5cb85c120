import GafferContracts
import Testing

@testable import GafferRemoteEngines

/// The attempt's parameters written into the graph: mappings, node inputs named directly, node-keyed defaults, the
/// original system's bindings — and faults that name what is missing.
@Suite struct PromptBuilderTests {
    static let graph: JSONValue = [
        "3": ["class_type": "KSampler", "inputs": ["seed": 1, "cfg": 7.0, "denoise": 1.0, "model": ["4", 0]], "_meta": ["title": "sampler"]],
        "6": ["class_type": "CLIPTextEncode", "inputs": ["text": "old"], "_meta": ["title": "input_prompt"]],
        "7": ["class_type": "CLIPTextEncode", "inputs": ["text": "old"], "_meta": ["title": "identity_prompt"]],
        "8": ["class_type": "CLIPTextEncode", "inputs": ["text": "old"], "_meta": ["title": "input_negative_prompt"]],
        "9": ["class_type": "SaveVideo", "inputs": ["filename_prefix": "x"]],
    ]

    func built(_ params: [String: JSONValue], inputs: [String: String] = [:], job: JSONValue = [:]) throws -> PromptBuilder.Built {
        let graph = try ComfyGraph.parse(Self.graph, source: "graph.json")
        return try PromptBuilder.build(graph: graph, settings: ComfyUISettings(server: "http://x", graph: "graph.json", inputs: inputs), params: params, job: job)
    }

    @Test func aMappedParameterReachesItsNodeInputByIdOrTitle() throws {
        let result = try built(["seed": 42, "strength": 0.3], inputs: ["seed": "sampler.seed", "strength": "3.denoise"])
        #expect(result.graph.nodes["3"]?["inputs"]?["seed"] == 42)
        #expect(result.graph.nodes["3"]?["inputs"]?["denoise"] == 0.3)
        #expect(result.graph.nodes["3"]?["inputs"]?["model"] == ["4", 0], "links are left alone")
        #expect(result.applied == ["3.seed": 42, "3.denoise": 0.3])
    }

    @Test func parametersNamedNodeDotInputAndNodeKeyedDefaultsApplyWithoutAMapping() throws {
        let result = try built(["sampler.cfg": 8.0, "sampler": ["denoise": 0.75], "max_frames": 16])
        #expect(result.graph.nodes["3"]?["inputs"]?["cfg"] == 8.0)
        #expect(result.graph.nodes["3"]?["inputs"]?["denoise"] == 0.75)
        #expect(result.applied.keys.sorted() == ["3.cfg", "3.denoise"], "max_frames names no node: another engine's parameter")
    }

    @Test func theOriginalsBindingsSetPromptsAndSeedAndAParameterWinsOverTheBinding() throws {
        let job: JSONValue = ["comfyui": ["bindings": [
            "positive_prompt": "a snowy kitten", "negative_prompt": "humans", "seed": 123456,
            "positive_nodes": ["input_prompt", "identity_prompt"], "negative_nodes": ["input_negative_prompt"], "seed_nodes": ["sampler"],
        ]]]
        let fromJob = try built([:], job: job)
        #expect(fromJob.graph.nodes["6"]?["inputs"]?["text"] == "a snowy kitten")
        #expect(fromJob.graph.nodes["7"]?["inputs"]?["text"] == "a snowy kitten")
        #expect(fromJob.graph.nodes["8"]?["inputs"]?["text"] == "humans")
        #expect(fromJob.graph.nodes["3"]?["inputs"]?["seed"] == 123456)
        // A decision's seed adjustment reaches the seed nodes.
        let adjusted = try built(["seed": 777], job: job)
        #expect(adjusted.graph.nodes["3"]?["inputs"]?["seed"] == 777)
    }

    @Test func bindingsThatNameAMissingNodeAreAFaultNamingIt() throws {
        let job: JSONValue = ["comfyui": ["bindings": ["seed": 1, "seed_nodes": ["sampler", "second_sampler"]]]]
        #expect { try built([:], job: job) } throws: { error in
            "\(error)".contains("second_sampler") && !"\(error)".contains("\"sampler\"")
        }
    }

    @Test func aGraphInUIFormatOrWithABrokenNodeIsRefusedWithItsPath() {
        #expect { try ComfyGraph.parse(["nodes": [["id": 1]], "links": []], source: "ui.json") } throws: { error in
            "\(error)".contains("ui.json: /nodes") && "\(error)".contains("Save (API)")
        }
        #expect { try ComfyGraph.parse(["nodes": ["4": ["inputs": [:]]]], source: "w.json") } throws: { error in
            "\(error)".contains("w.json: /nodes/4/class_type")
        }
        #expect { try ComfyGraph.parse([:], source: "empty.json") } throws: { error in "\(error)".contains("no nodes") }
    }

    @Test func thePromptIDIsStableForTheSameKeyAndPromptAndChangesWithEither() throws {
        let prompt = try built(["seed": 1], inputs: ["seed": "3.seed"]).graph.prompt
        let other = try built(["seed": 2], inputs: ["seed": "3.seed"]).graph.prompt
        let id = ComfyUIEngine.promptID(key: "job/render/1", prompt: prompt)
        #expect(id == ComfyUIEngine.promptID(key: "job/render/1", prompt: prompt))
        #expect(id != ComfyUIEngine.promptID(key: "job/render/2", prompt: prompt))
        #expect(id != ComfyUIEngine.promptID(key: "job/render/1", prompt: other))
        #expect(id.hasPrefix("gaffer-") && id.count == 39)
    }
}

/// What must be on the server before a graph is posted.
@Suite struct PreflightTests {
    static let info: [String: JSONValue] = [
        "CheckpointLoaderSimple": ["input": ["required": ["ckpt_name": [["v1-5.safetensors"], ["tooltip": "x"]]]]],
        "LoadImage": ["input": ["required": ["image": [["a.png", "b.png"], ["image_upload": true]]]]],
        "SaveVideo": ["input": ["required": ["format": ["COMBO", ["options": ["auto", "mp4"]]], "filename_prefix": ["STRING", [:]]]]],
    ]

    func misses(_ nodes: JSONValue, uploaded: Set<String> = []) throws -> [String] {
        Preflight.misses(try ComfyGraph.parse(nodes, source: "g.json"), objectInfo: Self.info, uploaded: uploaded)
    }

    @Test func aGraphTheServerCanRunHasNoMisses() throws {
        #expect(try misses([
            "1": ["class_type": "CheckpointLoaderSimple", "inputs": ["ckpt_name": "v1-5.safetensors"]],
            "2": ["class_type": "SaveVideo", "inputs": ["format": "mp4", "filename_prefix": "x"]],
        ]) == [])
    }

    @Test func eachMissingClassModelAndChoiceIsNamedWithWhatTheServerHas() throws {
        let found = try misses([
            "1": ["class_type": "CheckpointLoaderSimple", "inputs": ["ckpt_name": "sd_xl.safetensors"]],
            "2": ["class_type": "SaveVideo", "inputs": ["format": "gif", "filename_prefix": "x"]],
            "10": ["class_type": "AnimateDiffLoader", "inputs": [:]],
            "11": ["class_type": "LoadImage", "inputs": ["image": "missing.png"]],
        ])
        #expect(found == [
            "node 1 (CheckpointLoaderSimple): ckpt_name \"sd_xl.safetensors\" — no such model file on the server (it has: \"v1-5.safetensors\")",
            "node 2 (SaveVideo): format \"gif\" — no such choice on the server (it has: \"auto\", \"mp4\")",
            "node 10: class AnimateDiffLoader is not installed on the server",
            "node 11 (LoadImage): image \"missing.png\" — no such choice on the server (it has: \"a.png\", \"b.png\")",
        ])
    }

    @Test func anInputGafferUploadsIsNotCheckedAgainstTheServersFiles() throws {
        #expect(try misses(["11": ["class_type": "LoadImage", "inputs": ["image": "missing.png"]]], uploaded: ["11.image"]) == [])
    }

    @Test func aRefusalReadsAsOneLinePerNodeError() throws {
        let body = try JSONParser.parse("""
            {"error": {"type": "prompt_outputs_failed_validation", "message": "Prompt outputs failed validation", "details": "", "extra_info": {}},
             "node_errors": {"1": {"errors": [{"type": "value_smaller_than_min", "message": "Value 0 smaller than min of 1", "details": "width", "extra_info": {}}],
                                   "dependent_outputs": ["4"], "class_type": "EmptyImage"}}}
            """)
        #expect(ComfyUIEngine.refusalText(body)
            == "prompt_outputs_failed_validation: Prompt outputs failed validation; node 1 (EmptyImage): value_smaller_than_min: Value 0 smaller than min of 1 — width")
    }
}
