#!/usr/bin/env python3
"""A loopback stand-in for a hosted generation API, for Gaffer's tests of `engine: http_job` (SPEC §13.3).

Its shape is Replicate's documented predictions API (POST /v1/predictions with a bearer token, GET
/v1/predictions/{id}, POST /v1/predictions/{id}/cancel; statuses starting → processing → succeeded | failed |
canceled; `output` a file URL), plus what the adapter must cope with: an `Idempotency-Key` honoured (a repeated
submit returns the same prediction, and is logged as replayed), 429 with Retry-After on the first N submits
(--rate-limit N), a cost in `metrics.cost_usd`, and a real MP4 (ffmpeg testsrc2) as the output.

Usage: httpjob_standin.py --port P --root DIR [--token T] [--duration S] [--rate-limit N]
Every submit, poll and cancel is a line of DIR/standin.log.
"""
import argparse
import json
import os
import subprocess
import time
import uuid

from aiohttp import web


class Provider:
    def __init__(self, root, token, duration, rate_limit):
        self.root, self.token, self.duration, self.rate_limit = root, token, duration, rate_limit
        self.predictions = {}
        self.by_key = {}
        self.submits = 0

    def say(self, line):
        with open(os.path.join(self.root, "standin.log"), "a") as handle:
            handle.write(f"{time.time():.3f} {line}\n")

    def authorized(self, request):
        return request.headers.get("Authorization") == f"Bearer {self.token}"

    def view(self, request, prediction):
        base = f"http://{request.host}"
        elapsed = time.time() - prediction["created"]
        if prediction["status"] in ("starting", "processing"):
            if prediction["input"].get("fail"):
                if elapsed > self.duration / 2:
                    prediction["status"] = "failed"
                    prediction["error"] = "the model raised RuntimeError: CUDA out of memory (stand-in)"
            elif elapsed > self.duration:
                self.render(prediction)
                prediction["status"] = "succeeded"
            elif elapsed > min(0.3, self.duration / 3):
                prediction["status"] = "processing"
        answer = {
            "id": prediction["id"], "version": prediction["version"], "input": prediction["input"],
            "status": prediction["status"], "error": prediction.get("error"), "logs": "",
            "output": f"{base}/files/{prediction['id']}.mp4" if prediction["status"] == "succeeded" else None,
            "metrics": {"predict_time": round(elapsed, 3), "cost_usd": 0.0042} if prediction["status"] == "succeeded" else {},
            "urls": {"get": f"{base}/v1/predictions/{prediction['id']}", "cancel": f"{base}/v1/predictions/{prediction['id']}/cancel"},
        }
        return answer

    def render(self, prediction):
        path = os.path.join(self.root, "files", prediction["id"] + ".mp4")
        if os.path.exists(path):
            return
        os.makedirs(os.path.dirname(path), exist_ok=True)
        seconds = prediction["input"].get("seconds", 2)
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=s=320x240:r=24:d={seconds}",
                        "-c:v", "libx264", "-pix_fmt", "yuv420p", path], check=True)


def routes(provider):
    r = web.RouteTableDef()

    @r.post("/v1/predictions")
    async def submit(request):
        provider.submits += 1
        if not provider.authorized(request):
            provider.say("submit refused: 401")
            return web.json_response({"detail": "Invalid token."}, status=401)
        if provider.submits <= provider.rate_limit:
            provider.say(f"submit refused: 429 ({provider.submits} of {provider.rate_limit})")
            return web.json_response({"detail": "Request was throttled."}, status=429, headers={"Retry-After": "1"})
        try:
            body = json.loads(await request.text())
        except ValueError:
            return web.json_response({"detail": "not JSON"}, status=400)
        if not isinstance(body.get("input"), dict):
            provider.say("submit refused: 422")
            return web.json_response({"detail": "input is required", "status": 422}, status=422)
        key = request.headers.get("Idempotency-Key")
        if key and key in provider.by_key:
            prediction = provider.predictions[provider.by_key[key]]
            provider.say(f"submit {prediction['id']} replayed key={key}")
            return web.json_response(provider.view(request, prediction), status=200)
        prediction = {"id": uuid.uuid4().hex[:20], "version": body.get("version", "stand-in"), "input": body["input"],
                      "status": "starting", "created": time.time()}
        provider.predictions[prediction["id"]] = prediction
        if key:
            provider.by_key[key] = prediction["id"]
        provider.say(f"submit {prediction['id']} new key={key} input={json.dumps(body['input'], sort_keys=True)}")
        return web.json_response(provider.view(request, prediction), status=201)

    @r.get("/v1/predictions/{id}")
    async def poll(request):
        if not provider.authorized(request):
            return web.json_response({"detail": "Invalid token."}, status=401)
        prediction = provider.predictions.get(request.match_info["id"])
        if prediction is None:
            return web.json_response({"detail": "Not found."}, status=404)
        answer = provider.view(request, prediction)
        provider.say(f"poll {prediction['id']} {answer['status']}")
        return web.json_response(answer)

    @r.post("/v1/predictions/{id}/cancel")
    async def cancel(request):
        if not provider.authorized(request):
            return web.json_response({"detail": "Invalid token."}, status=401)
        prediction = provider.predictions.get(request.match_info["id"])
        if prediction is None:
            return web.json_response({"detail": "Not found."}, status=404)
        if prediction["status"] in ("starting", "processing"):
            prediction["status"] = "canceled"
        provider.say(f"cancel {prediction['id']} → {prediction['status']}")
        return web.json_response(provider.view(request, prediction))

    @r.get("/files/{name}")
    async def files(request):
        path = os.path.join(provider.root, "files", os.path.basename(request.match_info["name"]))
        if not os.path.isfile(path):
            return web.Response(status=404)
        return web.FileResponse(path)

    return r


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--token", default="stand-in-token")
    parser.add_argument("--duration", type=float, default=1.5)
    parser.add_argument("--rate-limit", type=int, default=0)
    options = parser.parse_args()
    os.makedirs(options.root, exist_ok=True)
    provider = Provider(options.root, options.token, options.duration, options.rate_limit)
    app = web.Application()
    app.add_routes(routes(provider))
    provider.say(f"listening on 127.0.0.1:{options.port}")
    web.run_app(app, host="127.0.0.1", port=options.port, print=None)


if __name__ == "__main__":
    main()
