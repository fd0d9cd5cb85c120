#!/usr/bin/env python3
"""A loopback stand-in for an OpenAI-compatible chat-completions server, for Gaffer's advisor tests and for trying
`gaffer advise` by hand. It records every request it receives (one JSON line each) and answers as the first path
segment says, so one server plays every behaviour at once:

  /propose-<ACTION>/v1/chat/completions   a proposal of ACTION (with usage), honouring response_format
  /fenced-<ACTION>/v1/...                 the proposal in prose and a ```json fence (a server that ignores the schema)
  /no-schema-<ACTION>/v1/...              400 when the request carries response_format, else the proposal
  /busy429-<ACTION>/v1/...                429 on the first request, then the proposal
  /hang/v1/...                            answers only after 10 s
  /malformed/v1/...                       200 with a body that is not JSON
  /error500/v1/...                        500, always
  /nonsense/v1/...                        a content that holds no proposal

  python3 scripts/advisor_stand_in.py --port 0 --port-file PORT --log requests.jsonl
"""
import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ACTIONS = {"PROCEED", "RETRY_STAGE", "SWITCH_POLICY", "ESCALATE_USER", "ABORT"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen = {}
    lock = threading.Lock()

    def log_message(self, *args):  # quiet: the request log is the record
        pass

    def reply(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        parts = self.path.strip("/").split("/")
        behaviour = parts[0] if parts else ""
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        with Handler.lock:
            count = Handler.seen.get(behaviour, 0) + 1
            Handler.seen[behaviour] = count
            with open(self.server.log_path, "a") as log:
                log.write(json.dumps({
                    "behaviour": behaviour, "path": self.path, "n": count,
                    "authorization": self.headers.get("Authorization"), "origin": self.headers.get("Origin"),
                    "body": body,
                }) + "\n")
        if not self.path.endswith("/chat/completions") or body is None:
            return self.reply(404, {"error": {"message": "POST {base}/chat/completions with a JSON body"}})

        action = behaviour.rsplit("-", 1)[-1] if "-" in behaviour else None
        if behaviour == "hang":
            time.sleep(10)
            action = "ESCALATE_USER"
        elif behaviour == "malformed":
            return self.reply(200, b'{"choices": [{"message": {"content": "{\\"action\\": ')
        elif behaviour == "error500":
            return self.reply(500, {"error": {"message": "the model server is overloaded"}})
        elif behaviour == "nonsense":
            return self.answer(body, "I would probably retry, but it depends.")
        elif behaviour.startswith("busy429-") and count == 1:
            return self.reply(429, {"error": {"message": "rate limited"}})
        elif behaviour.startswith("no-schema-") and "response_format" in body:
            return self.reply(400, {"error": {"message": "response_format of type json_schema is not supported"}})
        if action not in ACTIONS:
            return self.reply(404, {"error": {"message": f"unknown behaviour {behaviour}"}})
        proposal = {"action": action, "reasoning": f"stand-in proposes {action}"}
        if action == "SWITCH_POLICY":
            proposal["workflow_profile"] = "comfy_identity_safe_v1"
        if action == "RETRY_STAGE":
            proposal["parameter_adjustments"] = {"seed": 4242}
        content = json.dumps(proposal)
        if behaviour.startswith("fenced-"):
            content = "Here is what I propose.\n```json\n" + json.dumps(proposal, indent=2) + "\n```\nLet me know."
        return self.answer(body, content)

    def answer(self, body, content):
        prompt = sum(len(m.get("content", "")) for m in body.get("messages", []))
        return self.reply(200, {
            "id": "chatcmpl-stand-in", "object": "chat.completion", "model": body.get("model", "?"),
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": prompt // 4, "completion_tokens": len(content) // 4,
                      "total_tokens": prompt // 4 + len(content) // 4},
        })


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.log_path = args.log
    open(args.log, "a").close()
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    import os
    os.replace(args.port_file + ".tmp", args.port_file)
    print(f"advisor stand-in on http://127.0.0.1:{server.server_address[1]}", file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
