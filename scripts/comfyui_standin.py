#!/usr/bin/env python3
"""A loopback stand-in for a ComfyUI server (0.3.64), for Gaffer's tests of `engine: comfyui` (SPEC §13.2).

It reproduces what a real ComfyUI was seen to do (../shared/reference/comfyui-api.md), the behaviours the adapter
depends on: routes under `/` and `/api/`; `Origin` refusal (403); POST /prompt with validation (400 with
`node_errors`, or `invalid_prompt`); a `number` counter incremented by every well-formed POST; one prompt at a time
from a memory-only queue (lost when the process dies); events routed only to the socket whose clientId posted the
prompt, `status` broadcast; `executing {node: null}` at the end of every prompt; `execution_error` with node, type
and message; `execution_interrupted` honoured at the next node start or progress tick; `/queue` delete of pending
items only; `/history`; `/view`; `/upload/image`; `/object_info` with combos listing the files on disk; binary
preview frames; reconnection mid-prompt with `executing {node}` and no prompt_id; the output cache (an identical
node of the previous prompt is not run again).

Nodes (a subset, with the real signatures): EmptyImage, ImageAddNoise, ImageBlur (takes blur_radius/10 s, so a
chain of radius-31 blurs runs for seconds, as on a CPU), CreateVideo, SaveVideo (a real H.264 MP4, made by
ffmpeg from the colour, size, frame count and noise seed), SaveImage, LoadImage, CheckpointLoaderSimple,
SaveImageWebsocket (progress and binary previews).

Usage: comfyui_standin.py --port P --root DIR [--log FILE]
"""
import argparse
import asyncio
import json
import os
import re
import struct
import subprocess
import sys
import time
import urllib.parse
import uuid

from aiohttp import web, WSMsgType

MAX_RESOLUTION = 16384


def node_classes(root):
    inputs = sorted(f for f in os.listdir(os.path.join(root, "input")) if os.path.isfile(os.path.join(root, "input", f)))
    checkpoints = sorted(os.listdir(os.path.join(root, "models", "checkpoints")))
    return {
        "EmptyImage": {"required": {
            "width": ["INT", {"default": 512, "min": 1, "max": MAX_RESOLUTION, "step": 1}],
            "height": ["INT", {"default": 512, "min": 1, "max": MAX_RESOLUTION, "step": 1}],
            "batch_size": ["INT", {"default": 1, "min": 1, "max": 4096}],
            "color": ["INT", {"default": 0, "min": 0, "max": 16777215, "step": 1, "display": "color"}]},
            "output": ["IMAGE"], "output_node": False},
        "ImageAddNoise": {"required": {
            "image": ["IMAGE"],
            "seed": ["INT", {"default": 0, "min": 0, "max": 18446744073709551615, "control_after_generate": True}],
            "strength": ["FLOAT", {"default": 0.5, "min": 0.0, "max": 1.0, "step": 0.01}]},
            "output": ["IMAGE"], "output_node": False},
        "ImageBlur": {"required": {
            "image": ["IMAGE", {}],
            "blur_radius": ["INT", {"default": 1, "min": 1, "max": 31, "step": 1}],
            "sigma": ["FLOAT", {"default": 1.0, "min": 0.1, "max": 10.0, "step": 0.1}]},
            "output": ["IMAGE"], "output_node": False},
        "CreateVideo": {"required": {
            "images": ["IMAGE", {}], "fps": ["FLOAT", {"default": 30.0, "min": 1.0, "max": 120.0, "step": 1.0}]},
            "output": ["VIDEO"], "output_node": False},
        "SaveVideo": {"required": {
            "video": ["VIDEO", {}], "filename_prefix": ["STRING", {"default": "video/ComfyUI"}],
            "format": ["COMBO", {"default": "auto", "options": ["auto", "mp4"]}],
            "codec": ["COMBO", {"default": "auto", "options": ["auto", "h264"]}]},
            "output": [], "output_node": True},
        "SaveImage": {"required": {
            "images": ["IMAGE", {}], "filename_prefix": ["STRING", {"default": "ComfyUI"}]},
            "output": [], "output_node": True},
        "LoadImage": {"required": {"image": [inputs, {"image_upload": True}]}, "output": ["IMAGE", "MASK"], "output_node": False},
        "CheckpointLoaderSimple": {"required": {"ckpt_name": [checkpoints, {}]}, "output": ["MODEL", "CLIP", "VAE"], "output_node": False},
        "SaveImageWebsocket": {"required": {"images": ["IMAGE"]}, "output": [], "output_node": True},
    }


def object_info(root, name):
    spec = node_classes(root)[name]
    required = spec["required"]
    return {"input": {"required": required}, "input_order": {"required": list(required)}, "output": spec["output"],
            "output_is_list": [False] * len(spec["output"]), "output_name": spec["output"], "name": name,
            "display_name": name, "description": "", "python_module": "nodes", "category": "stand-in",
            "output_node": spec["output_node"]}


def is_link(value):
    return isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], (int, float))


def ancestry(prompt, node_id, seen=None):
    """The node and every node it reads from."""
    seen = set() if seen is None else seen
    if node_id in seen or node_id not in prompt:
        return seen
    seen.add(node_id)
    for value in prompt[node_id].get("inputs", {}).values():
        if is_link(value):
            ancestry(prompt, value[0], seen)
    return seen


def node_error(kind, message, details, extra):
    return {"type": kind, "message": message, "details": details, "extra_info": extra}


def validate(root, prompt):
    """(error, node_errors, outputs) the way ComfyUI's validate_prompt reports them."""
    classes = node_classes(root)
    for node_id, node in prompt.items():
        if not isinstance(node, dict) or "class_type" not in node:
            return ({"type": "invalid_prompt", "message": "Cannot execute because a node is missing the class_type property.",
                     "details": f"Node ID '#{node_id}'", "extra_info": {}}, {}, [])
        if node["class_type"] not in classes:
            return ({"type": "invalid_prompt", "message": f"Cannot execute because node {node['class_type']} does not exist.",
                     "details": f"Node ID '#{node_id}'", "extra_info": {}}, {}, [])
    outputs = [i for i, n in prompt.items() if classes[n["class_type"]]["output_node"]]
    if not outputs:
        return ({"type": "prompt_no_outputs", "message": "Prompt has no outputs", "details": "", "extra_info": {}}, {}, [])
    node_errors = {}
    for node_id, node in prompt.items():
        errors = []
        spec = classes[node["class_type"]]["required"]
        inputs = node.get("inputs", {})
        for name, (kind, *rest) in spec.items():
            options = rest[0] if rest else {}
            if name not in inputs:
                errors.append(node_error("required_input_missing", "Required input is missing", name, {"input_name": name}))
                continue
            value = inputs[name]
            if is_link(value):
                if value[0] not in prompt:
                    errors.append(node_error("exception_during_validation", "Exception when validating inner node", f"'{value[0]}'",
                                             {"exception_type": "KeyError", "traceback": []}))
                continue
            if kind == "INT" or kind == "FLOAT":
                if not isinstance(value, (int, float)) or isinstance(value, bool):
                    errors.append(node_error("invalid_input_type", f"Failed to convert an input value to a {kind} value",
                                             f"{name}, {value}", {"input_name": name, "received_value": value}))
                elif "min" in options and value < options["min"]:
                    errors.append(node_error("value_smaller_than_min", f"Value {value} smaller than min of {options['min']}",
                                             f"{name}", {"input_name": name, "received_value": value}))
                elif "max" in options and value > options["max"]:
                    errors.append(node_error("value_bigger_than_max", f"Value {value} bigger than max of {options['max']}",
                                             f"{name}", {"input_name": name, "received_value": value}))
            combo = kind if isinstance(kind, list) else (options.get("options") if kind == "COMBO" else None)
            if combo is not None and value not in combo:
                if node["class_type"] == "LoadImage":
                    errors.append(node_error("custom_validation_failed", "Custom validation failed for node",
                                             f"image - Invalid image file: {value}", {"input_name": name}))
                else:
                    errors.append(node_error("value_not_in_list", "Value not in list", f"{name}: '{value}' not in {combo}",
                                             {"input_name": name, "received_value": value}))
        if errors:
            node_errors[node_id] = {"errors": errors, "dependent_outputs": outputs, "class_type": node["class_type"]}
    if node_errors:
        return ({"type": "prompt_outputs_failed_validation", "message": "Prompt outputs failed validation", "details": "",
                 "extra_info": {}}, node_errors, outputs)
    return (None, {}, outputs)


class Interrupted(Exception):
    pass


class NodeFailure(Exception):
    def __init__(self, node_id, node_type, exception_type, message):
        super().__init__(message)
        self.node_id, self.node_type, self.exception_type, self.message = node_id, node_type, exception_type, message


class Server:
    def __init__(self, root, log):
        self.root = root
        self.log = log
        self.number = 0
        self.pending = []            # [number, prompt_id, prompt, extra_data, outputs]
        self.running = None
        self.history = {}
        self.sockets = {}            # client id → set of sockets
        self.interrupt_flag = False
        self.wakeup = asyncio.Event()
        self.cache = {}              # node signature → (result, ui) of the previous prompt

    def say(self, line):
        with open(self.log, "a") as handle:
            handle.write(f"{time.time():.3f} {line}\n")

    # -- sockets -----------------------------------------------------------------------------------------------
    async def send(self, client_id, kind, data):
        message = json.dumps({"type": kind, "data": data})
        for ws in list(self.sockets.get(client_id, ())):
            try:
                await ws.send_str(message)
            except Exception:
                pass

    async def send_binary(self, client_id, payload):
        for ws in list(self.sockets.get(client_id, ())):
            try:
                await ws.send_bytes(payload)
            except Exception:
                pass

    async def broadcast_status(self):
        remaining = len(self.pending) + (1 if self.running else 0)
        message = json.dumps({"type": "status", "data": {"status": {"exec_info": {"queue_remaining": remaining}}}})
        for sockets in list(self.sockets.values()):
            for ws in list(sockets):
                try:
                    await ws.send_str(message)
                except Exception:
                    pass

    # -- execution ---------------------------------------------------------------------------------------------
    async def worker(self):
        while True:
            while not self.pending:
                self.wakeup.clear()
                await self.wakeup.wait()
            self.pending.sort(key=lambda item: item[0])
            item = self.pending.pop(0)
            self.running = item
            self.interrupt_flag = False
            try:
                await self.execute(item)
            finally:
                self.running = None
                await self.broadcast_status()
                await self.send(item[3].get("client_id"), "executing", {"node": None, "prompt_id": item[1]})

    def now_ms(self):
        return int(time.time() * 1000)

    async def execute(self, item):
        number, prompt_id, prompt, extra, outputs = item
        client = extra.get("client_id")
        messages = [["execution_start", {"prompt_id": prompt_id, "timestamp": self.now_ms()}]]
        await self.send(client, "execution_start", messages[0][1])
        order = self.topological(prompt, outputs)
        signatures = {node_id: self.signature(prompt, node_id) for node_id in order}
        cached = [n for n in order if signatures[n] in self.cache]
        messages.append(["execution_cached", {"nodes": cached, "prompt_id": prompt_id, "timestamp": self.now_ms()}])
        await self.send(client, "execution_cached", messages[-1][1])
        results, ui_outputs, executed, new_cache = {}, {}, [], {}
        self.say(f"prompt {prompt_id} started (client {client})")
        try:
            for node_id in order:
                node = prompt[node_id]
                if signatures[node_id] in self.cache:
                    results[node_id], ui = self.cache[signatures[node_id]]
                    new_cache[signatures[node_id]] = (results[node_id], ui)
                    if ui is not None:
                        ui_outputs[node_id] = ui
                        await self.send(client, "executed", {"node": node_id, "display_node": node_id, "output": ui, "prompt_id": prompt_id})
                    continue
                if self.interrupt_flag:
                    raise Interrupted(node_id)
                await self.send(client, "executing", {"node": node_id, "display_node": node_id, "prompt_id": prompt_id})
                self.current_node = node_id
                result, ui = await self.run_node(node_id, node, results, prompt_id, client)
                results[node_id] = result
                executed.append(node_id)
                new_cache[signatures[node_id]] = (result, ui)
                if ui is not None:
                    ui_outputs[node_id] = ui
                    await self.send(client, "executed", {"node": node_id, "display_node": node_id, "output": ui, "prompt_id": prompt_id})
            messages.append(["execution_success", {"prompt_id": prompt_id, "timestamp": self.now_ms()}])
            await self.send(client, "execution_success", messages[-1][1])
            self.cache = new_cache
            self.history[prompt_id] = {"prompt": item, "outputs": ui_outputs,
                                       "status": {"status_str": "success", "completed": True, "messages": messages}, "meta": {}}
            self.say(f"prompt {prompt_id} succeeded")
        except Interrupted as stop:
            node_id = stop.args[0]
            data = {"prompt_id": prompt_id, "node_id": node_id, "node_type": prompt[node_id]["class_type"],
                    "executed": list(reversed(executed)), "timestamp": self.now_ms()}
            messages.append(["execution_interrupted", data])
            await self.send(client, "execution_interrupted", data)
            self.history[prompt_id] = {"prompt": item, "outputs": {},
                                       "status": {"status_str": "error", "completed": False, "messages": messages}, "meta": {}}
            self.say(f"prompt {prompt_id} interrupted at node {node_id}")
        except NodeFailure as failure:
            data = {"prompt_id": prompt_id, "node_id": failure.node_id, "node_type": failure.node_type, "executed": executed,
                    "exception_message": failure.message, "exception_type": failure.exception_type,
                    "traceback": ["  File \"execution.py\", line 496, in execute\n"], "current_inputs": {},
                    "current_outputs": list(prompt), "timestamp": self.now_ms()}
            messages.append(["execution_error", data])
            await self.send(client, "execution_error", data)
            self.history[prompt_id] = {"prompt": item, "outputs": {},
                                       "status": {"status_str": "error", "completed": False, "messages": messages}, "meta": {}}
            self.say(f"prompt {prompt_id} failed at node {failure.node_id}: {failure.message.strip()}")

    def topological(self, prompt, outputs):
        order, seen = [], set()

        def visit(node_id):
            if node_id in seen:
                return
            seen.add(node_id)
            for value in prompt[node_id].get("inputs", {}).values():
                if is_link(value):
                    visit(value[0])
            order.append(node_id)
        for node_id in sorted(outputs):
            visit(node_id)
        return order

    def signature(self, prompt, node_id):
        node = prompt[node_id]
        if node["class_type"] == "SaveImageWebsocket":
            return ("changed", time.time(), node_id)   # IS_CHANGED = time: never cached
        parts = []
        for name, value in sorted(node.get("inputs", {}).items()):
            parts.append((name, self.signature(prompt, value[0]) if is_link(value) else json.dumps(value, sort_keys=True)))
        return (node["class_type"], tuple(parts))

    async def sleep_interruptible(self, seconds):
        # A node without a progress bar is not stopped: it finishes, and the interrupt fires at the next node.
        await asyncio.sleep(seconds)

    def next_name(self, prefix, extension):
        if prefix.startswith("/") or ".." in prefix.split("/"):
            return None
        folder, base = os.path.split(prefix)
        directory = os.path.join(self.root, "output", folder)
        os.makedirs(directory, exist_ok=True)
        highest = 0
        for name in os.listdir(directory):
            match = re.fullmatch(re.escape(base) + r"_(\d{5})_\..*", name)
            if match:
                highest = max(highest, int(match.group(1)))
        return folder, f"{base}_{highest + 1:05d}_.{extension}"

    async def run_node(self, node_id, node, results, prompt_id, client):
        kind = node["class_type"]
        inputs = {k: (results[v[0]] if is_link(v) else v) for k, v in node.get("inputs", {}).items()}
        if kind == "EmptyImage":
            return {"width": inputs["width"], "height": inputs["height"], "frames": inputs["batch_size"], "color": inputs["color"], "seed": None, "blur": 0}, None
        if kind == "ImageAddNoise":
            image = dict(inputs["image"])
            image["seed"] = inputs["seed"]
            image["strength"] = inputs["strength"]
            return image, None
        if kind == "ImageBlur":
            await self.sleep_interruptible(inputs["blur_radius"] / 10)
            image = dict(inputs["image"])
            image["blur"] = image.get("blur", 0) + inputs["blur_radius"]
            return image, None
        if kind == "CreateVideo":
            video = dict(inputs["images"])
            video["fps"] = inputs["fps"]
            return video, None
        if kind == "LoadImage":
            path = os.path.join(self.root, "input", inputs["image"])
            with open(path, "rb") as handle:
                magic = handle.read(8)
            if magic != b"\x89PNG\r\n\x1a\n":
                raise NodeFailure(node_id, kind, "PIL.UnidentifiedImageError", f"cannot identify image file '{path}'\n")
            return {"width": 64, "height": 64, "frames": 1, "color": 0, "seed": None, "blur": 0}, None
        if kind == "CheckpointLoaderSimple":
            return {"model": inputs["ckpt_name"]}, None
        if kind in ("SaveVideo", "SaveImage"):
            prefix = inputs["filename_prefix"]
            extension = "mp4" if kind == "SaveVideo" else "png"
            named = self.next_name(prefix, extension)
            if named is None:
                raise NodeFailure(node_id, kind, "Exception", "**** ERROR: Saving image outside the output folder is not allowed.\n")
            folder, name = named
            media = inputs["video" if kind == "SaveVideo" else "images"]
            await asyncio.get_running_loop().run_in_executor(None, self.render, media, os.path.join(self.root, "output", folder, name), kind == "SaveVideo")
            ui = {"images": [{"filename": name, "subfolder": folder, "type": "output"}]}
            if kind == "SaveVideo":
                ui["animated"] = [True]
            return None, ui
        if kind == "SaveImageWebsocket":
            frames = inputs["images"]["frames"]
            for step in range(frames):
                await self.send(client, "progress", {"value": step, "max": frames, "prompt_id": prompt_id, "node": node_id})
                await self.send_binary(client, struct.pack(">II", 1, 2) + b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
                await asyncio.sleep(0.1)
                if self.interrupt_flag:   # nodes with a progress bar are stopped inside, at a progress update
                    raise Interrupted(node_id)
            return None, None
        raise NodeFailure(node_id, kind, "NotImplementedError", f"the stand-in cannot run {kind}\n")

    def render(self, media, path, video):
        width, height = media["width"], media["height"]
        color = "0x%06X" % media["color"]
        strength = int(round(100 * media.get("strength", 0))) if media.get("seed") is not None else 0
        filters = []
        if strength:
            filters.append(f"noise=alls={strength}:allf=t:all_seed={media['seed'] % 2147483647}")
        if media.get("blur"):
            filters.append(f"boxblur={min(media['blur'], 10)}")
        chain = ",".join(filters) or "null"
        if video:
            args = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"color=c={color}:s={width}x{height}:r={media.get('fps', 30)}",
                    "-vf", chain, "-frames:v", str(media["frames"]), "-c:v", "libx264", "-pix_fmt", "yuv420p",
                    "-metadata", "comment=made by the ComfyUI stand-in", path]
        else:
            args = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"color=c={color}:s={width}x{height}", "-vf", chain,
                    "-frames:v", "1", path]
        subprocess.run(args, check=True)


def routes(server):
    r = web.RouteTableDef()

    def both(method, path):
        def wrap(handler):
            r.route(method, path)(handler)
            r.route(method, "/api" + path)(handler)
            return handler
        return wrap

    @both("GET", "/system_stats")
    async def system_stats(request):
        return web.json_response({"system": {"os": "posix", "comfyui_version": "0.3.64", "python_version": sys.version,
                                             "embedded_python": False, "argv": ["comfyui_standin.py"]},
                                  "devices": [{"name": "cpu", "type": "cpu", "index": None}]})

    @both("GET", "/features")
    async def features(request):
        return web.json_response({"supports_preview_metadata": True, "max_upload_size": 104857600})

    @both("GET", "/object_info")
    async def all_info(request):
        return web.json_response({name: object_info(server.root, name) for name in node_classes(server.root)})

    @both("GET", "/object_info/{name}")
    async def one_info(request):
        name = request.match_info["name"]
        return web.json_response({name: object_info(server.root, name)} if name in node_classes(server.root) else {})

    @both("GET", "/models")
    async def models(request):
        return web.json_response(sorted(os.listdir(os.path.join(server.root, "models"))))

    @both("GET", "/models/{folder}")
    async def model_folder(request):
        folder = os.path.join(server.root, "models", request.match_info["folder"])
        return web.json_response(sorted(os.listdir(folder)) if os.path.isdir(folder) else [])

    @both("POST", "/prompt")
    async def post_prompt(request):
        try:
            body = json.loads(await request.text())
        except ValueError:
            return web.Response(status=500, text="500 Internal Server Error\n\nServer got itself in trouble")
        number = server.number
        server.number += 1
        if "number" in body:
            number = body["number"]
        elif body.get("front"):
            number = -number
        if "prompt" not in body:
            return web.json_response({"error": {"type": "no_prompt", "message": "No prompt provided", "details": "", "extra_info": {}},
                                      "node_errors": {}}, status=400)
        prompt = body["prompt"]
        if not isinstance(prompt, dict):
            return web.Response(status=500, text="500 Internal Server Error\n\nServer got itself in trouble")
        error, node_errors, outputs = validate(server.root, prompt)
        # An output fails with every node it depends on; only when none is left is the prompt refused (400).
        valid_outputs = [o for o in outputs if not (ancestry(prompt, o) & set(node_errors))]
        if error is not None and (error["type"] != "prompt_outputs_failed_validation" or not valid_outputs):
            server.say(f"prompt refused: {error['type']}")
            return web.json_response({"error": error, "node_errors": node_errors}, status=400)
        prompt_id = body.get("prompt_id") or str(uuid.uuid4())
        extra = dict(body.get("extra_data", {}))
        if "client_id" in body:
            extra["client_id"] = body["client_id"]
        server.pending.append([number, prompt_id, prompt, extra, valid_outputs])
        server.say(f"prompt {prompt_id} queued as number {number}")
        server.wakeup.set()
        await server.broadcast_status()
        return web.json_response({"prompt_id": prompt_id, "number": number, "node_errors": node_errors})

    @both("GET", "/prompt")
    async def get_prompt(request):
        return web.json_response({"exec_info": {"queue_remaining": len(server.pending) + (1 if server.running else 0)}})

    @both("GET", "/queue")
    async def get_queue(request):
        return web.json_response({"queue_running": [server.running] if server.running else [], "queue_pending": server.pending})

    @both("POST", "/queue")
    async def post_queue(request):
        try:
            body = json.loads(await request.text())
        except ValueError:
            return web.Response(status=500, text="500 Internal Server Error")
        if body.get("clear"):
            server.pending.clear()
        for prompt_id in body.get("delete", []):
            server.pending = [item for item in server.pending if item[1] != prompt_id]
            server.say(f"queue delete {prompt_id}")
        await server.broadcast_status()
        return web.Response(status=200)

    @both("POST", "/interrupt")
    async def interrupt(request):
        text = await request.text()
        body = json.loads(text) if text.strip() else {}
        target = body.get("prompt_id")
        if target is None:
            server.say("Global interrupt (no prompt_id specified)")
            server.interrupt_flag = True
        elif server.running and server.running[1] == target:
            server.say(f"interrupt {target}")
            server.interrupt_flag = True
        else:
            server.say(f"Prompt {target} is not currently running, skipping interrupt")
        return web.Response(status=200)

    @both("GET", "/history")
    async def history(request):
        items = list(server.history.items())
        if "max_items" in request.query:
            items = items[-int(request.query["max_items"]):]
        return web.json_response(dict(items))

    @both("GET", "/history/{prompt_id}")
    async def history_one(request):
        prompt_id = request.match_info["prompt_id"]
        return web.json_response({prompt_id: server.history[prompt_id]} if prompt_id in server.history else {})

    @both("GET", "/view")
    async def view(request):
        name = request.query.get("filename", "")
        subfolder = request.query.get("subfolder", "")
        kind = request.query.get("type", "output")
        if not name or ".." in name or name.startswith("/") or kind not in ("output", "input", "temp"):
            return web.Response(status=400)
        if ".." in subfolder.split("/"):
            return web.Response(status=403)
        path = os.path.join(server.root, kind, subfolder, name)
        if not os.path.isfile(path):
            return web.Response(status=404)
        return web.FileResponse(path, headers={"Content-Disposition": f'filename="{name}"'})

    @both("POST", "/upload/image")
    async def upload(request):
        reader = await request.multipart()
        data, name, subfolder, overwrite = None, None, "", False
        while True:
            part = await reader.next()
            if part is None:
                break
            if part.name == "image":
                name = os.path.basename(part.filename or "upload.png")
                data = await part.read()
            elif part.name == "subfolder":
                subfolder = (await part.text()).strip("/")
            elif part.name == "overwrite":
                overwrite = (await part.text()) in ("true", "1")
        if data is None:
            return web.Response(status=400)
        folder = os.path.join(server.root, "input", subfolder)
        os.makedirs(folder, exist_ok=True)
        stem, extension = os.path.splitext(name)
        candidate, counter = name, 1
        while os.path.exists(os.path.join(folder, candidate)) and not overwrite:
            with open(os.path.join(folder, candidate), "rb") as handle:
                if handle.read() == data:
                    break
            candidate = f"{stem} ({counter}){extension}"
            counter += 1
        with open(os.path.join(folder, candidate), "wb") as handle:
            handle.write(data)
        server.say(f"upload {candidate}")
        return web.json_response({"name": candidate, "subfolder": subfolder, "type": "input"})

    @both("GET", "/ws")
    async def websocket(request):
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        client = request.query.get("clientId") or uuid.uuid4().hex
        server.sockets.setdefault(client, set()).add(ws)
        remaining = len(server.pending) + (1 if server.running else 0)
        await ws.send_str(json.dumps({"type": "status", "data": {"status": {"exec_info": {"queue_remaining": remaining}}, "sid": client}}))
        if server.running and server.running[3].get("client_id") == client:
            # Reconnected mid-prompt: the node that runs, without prompt_id or display_node.
            await ws.send_str(json.dumps({"type": "executing", "data": {"node": getattr(server, "current_node", None)}}))
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    try:
                        frame = json.loads(message.data)
                    except ValueError:
                        continue
                    if frame.get("type") == "feature_flags":
                        await ws.send_str(json.dumps({"type": "feature_flags", "data": {"supports_preview_metadata": True, "max_upload_size": 104857600}}))
        finally:
            server.sockets.get(client, set()).discard(ws)
        return ws

    return r


@web.middleware
async def origin_check(request, handler):
    # ComfyUI refuses a request to a loopback Host whose Origin names another host (the WebSocket upgrade
    # included); an Origin without a port is compared with the Host's name alone, as ComfyUI does.
    host, origin = request.headers.get("Host"), request.headers.get("Origin")
    if host and origin:
        parsed = urllib.parse.urlparse(origin)
        origin_domain = parsed.netloc.lower()
        host_parsed = urllib.parse.urlsplit("//" + host.lower())
        host_domain = host.lower()
        loopback = host_parsed.hostname in ("localhost", "::1") or (host_parsed.hostname or "").startswith("127.")
        if parsed.port is None:
            host_domain = host_parsed.hostname
        if host_parsed.port is None:
            origin_domain = parsed.hostname
        if loopback and host_domain and origin_domain and host_domain != origin_domain:
            return web.Response(status=403)
    return await handler(request)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--log")
    options = parser.parse_args()
    for folder in ("input", "output", "temp", "models/checkpoints"):
        os.makedirs(os.path.join(options.root, folder), exist_ok=True)
    server = Server(options.root, options.log or os.path.join(options.root, "standin.log"))
    app = web.Application(middlewares=[origin_check], client_max_size=100 * 1024 * 1024)
    app.add_routes(routes(server))

    async def start_worker(app):
        app["worker"] = asyncio.create_task(server.worker())
    app.on_startup.append(start_worker)
    server.say(f"listening on 127.0.0.1:{options.port}")
    web.run_app(app, host="127.0.0.1", port=options.port, print=None, handle_signals=True)


if __name__ == "__main__":
    main()
