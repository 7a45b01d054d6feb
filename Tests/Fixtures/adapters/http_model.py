#!/usr/bin/env python3
"""An HTTP model for testing clinval's HTTP adapter, with faults chosen by request id.

Serves on 127.0.0.1 at a free port and prints the port on its first line of standard output.
POST (any path) takes one request body and answers one response body (docs/model-format.md, The HTTP protocol).

Normal answer (the same as fault_model.py's, so the tests can compute it):
  one condition "c-<code>" per present code, with probability 1/2, 1/4, 1/8, ... in order;
  "age-<age>" with probability age/128; "absent" with probability len(absent)/16;
  triage = LEVELS[(age + (1 if female else 0)) % 4].

The vignette id (after the "/") chooses a fault by its prefix:
  error-      an error response (HTTP 200)
  badtriage-  triage "urgnt"
  garbage-    a body that is not JSON
  otherid-    an answer for another id
  empty-      an empty body
  flaky-      HTTP 503 to the first request for this id, then the normal answer
  down-       HTTP 503 always
  reject-     HTTP 422 always
  slow-       the normal answer after 1.5 s

Flags:
  --require-header NAME=VALUE   answer HTTP 401 unless the request has this header
  --always STATUS               answer every request with this HTTP status

GET /stats answers {"requests": n, "max_in_flight": n, "attempts": {id: n}, "content_types": [...]}.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LEVELS = ["self_care", "routine", "urgent", "emergency"]

lock = threading.Lock()
stats = {"requests": 0, "in_flight": 0, "max_in_flight": 0, "attempts": {}, "content_types": []}
required_header = None
always_status = None


def normal(request):
    differential = [
        {"condition": "c-" + code, "probability": 1.0 / (2 ** (index + 1))}
        for index, code in enumerate(request["present"])
    ]
    differential.append({"condition": "age-%d" % request["age"], "probability": request["age"] / 128.0})
    differential.append({"condition": "absent", "probability": len(request["absent"]) / 16.0})
    shift = 1 if request["sex"] == "female" else 0
    return {"id": request["id"], "differential": differential, "triage": LEVELS[(request["age"] + shift) % 4]}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, each answer waits for a delayed ACK.
    disable_nagle_algorithm = True

    def log_message(self, *arguments):
        pass

    def send(self, status, body):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        with lock:
            snapshot = {key: value for key, value in stats.items() if key != "in_flight"}
            self.send(200, snapshot)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        with lock:
            stats["requests"] += 1
            stats["in_flight"] += 1
            stats["max_in_flight"] = max(stats["max_in_flight"], stats["in_flight"])
            stats["content_types"] = sorted(set(stats["content_types"]) | {self.headers.get("Content-Type", "")})
        try:
            self.answer(raw)
        finally:
            with lock:
                stats["in_flight"] -= 1

    def answer(self, raw):
        if always_status is not None:
            return self.send(always_status, {"error": "always %d" % always_status})
        if required_header is not None:
            name, value = required_header
            if self.headers.get(name) != value:
                return self.send(401, {"error": "missing or wrong " + name})
        request = json.loads(raw)
        request_id = request["id"]
        name = request_id.split("/", 1)[1]
        with lock:
            attempt = stats["attempts"].get(request_id, 0) + 1
            stats["attempts"][request_id] = attempt
        # Requests overlap a little, so that the limit on requests in flight shows.
        time.sleep(0.01)
        if name.startswith("error-"):
            return self.send(200, {"id": request_id, "error": "cannot assess this case"})
        if name.startswith("badtriage-"):
            answer = normal(request)
            answer["triage"] = "urgnt"
            return self.send(200, answer)
        if name.startswith("garbage-"):
            return self.send(200, b"this is not json")
        if name.startswith("otherid-"):
            answer = normal(request)
            answer["id"] = "t/someone-else"
            return self.send(200, answer)
        if name.startswith("empty-"):
            return self.send(200, b"")
        if name.startswith("flaky-") and attempt == 1:
            return self.send(503, {"error": "busy"})
        if name.startswith("down-"):
            return self.send(503, {"error": "busy"})
        if name.startswith("reject-"):
            return self.send(422, {"error": "cannot read"})
        if name.startswith("slow-"):
            time.sleep(1.5)
        return self.send(200, normal(request))


def main():
    global required_header, always_status
    arguments = sys.argv[1:]
    while arguments:
        flag = arguments.pop(0)
        if flag == "--require-header":
            name, value = arguments.pop(0).split("=", 1)
            required_header = (name, value)
        elif flag == "--always":
            always_status = int(arguments.pop(0))
        else:
            sys.exit("unknown flag " + flag)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
