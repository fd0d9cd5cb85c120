#!/usr/bin/env python3
"""A webhook receiver for Gaffer's notification tests: refuses the first N deliveries (503, as a receiver that is
down), then accepts. Every request is appended to a JSON-lines log: delivery id, event, job, the status it was
answered with, and whether its X-Gaffer-Signature is the HMAC-SHA256 of the body under $WEBHOOK_SECRET. GET / names
the receiver and its pid, so a test knows it is this process that listens.

    webhook_receiver.py --port P --log FILE [--fail-first N]
"""
import argparse
import hashlib
import hmac
import json
import os

from aiohttp import web


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--fail-first", type=int, default=0)
    args = parser.parse_args()
    secret = os.environ.get("WEBHOOK_SECRET", "").encode()
    state = {"seen": 0}

    async def hook(request):
        body = await request.read()
        state["seen"] += 1
        status = 503 if state["seen"] <= args.fail_first else 200
        expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest() if secret else None
        try:
            document = json.loads(body)
        except ValueError:
            document = {}
        entry = {
            "delivery_id": request.headers.get("X-Gaffer-Delivery"),
            "event": request.headers.get("X-Gaffer-Event"),
            "body_delivery_id": document.get("delivery_id"),
            "job_id": document.get("job_id"),
            "state": document.get("state"),
            "status": status,
            "signature_ok": expected is not None and hmac.compare_digest(expected, request.headers.get("X-Gaffer-Signature", "")),
        }
        with open(args.log, "a") as log:
            log.write(json.dumps(entry) + "\n")
            log.flush()
            os.fsync(log.fileno())
        return web.json_response({"ok": status == 200}, status=status)

    async def identity(_request):
        # Who answers on this port: the tests wait for this process, not for any server that took the port.
        return web.json_response({"receiver": "gaffer-webhook-test", "pid": os.getpid()})

    app = web.Application()
    app.router.add_post("/{tail:.*}", hook)
    app.router.add_get("/", identity)
    web.run_app(app, host="127.0.0.1", port=args.port, print=lambda *_: print(f"listening on {args.port}", flush=True))


if __name__ == "__main__":
    main()
