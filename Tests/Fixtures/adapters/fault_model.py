#!/usr/bin/env python3
"""A JSON Lines model for testing clinval's process adapter, with faults chosen by request id.

Normal answer for a request (exact binary fractions, so the tests can compute it too):
  one condition "c-<code>" per present code, with probability 1/2, 1/4, 1/8, ... in order;
  "age-<age>" with probability age/128; "absent" with probability len(absent)/16;
  triage = LEVELS[(age + (1 if female else 0)) % 4].

The vignette id (after the "/") chooses a fault by its prefix:
  crash-      exit at once with status 3, saying so on standard error
  hang-       sleep for an hour
  garbage-    write a line that is not JSON
  noid-       write a response without an id
  wrongid-    answer with an id that was never asked
  prob15-     a probability of 1.5
  nan-        a probability of NaN (Python writes the non-JSON token NaN)
  badtriage-  triage "urgnt"
  repeat-     a condition listed twice
  error-      an error response
  slow-       answer after 0.2 s, at once
  tie-        two conditions with equal probability, written out of code order

Flags:
  --exit-at-start   write a line to standard error and exit with status 1 before reading
  --hang-at-start   sleep for an hour before reading
  --reverse         answer each batch of requests read together in reverse order
  --argv-out PATH   write the arguments, the working directory, the variable CLINVAL_TEST_MARK
                    and the open descriptors to PATH (JSON), then serve
"""
import json
import os
import sys
import time

LEVELS = ["self_care", "routine", "urgent", "emergency"]


def normal(request):
    differential = [
        {"condition": "c-" + code, "probability": 1.0 / (2 ** (index + 1))}
        for index, code in enumerate(request["present"])
    ]
    differential.append({"condition": "age-%d" % request["age"], "probability": request["age"] / 128.0})
    differential.append({"condition": "absent", "probability": len(request["absent"]) / 16.0})
    shift = 1 if request["sex"] == "female" else 0
    return {"id": request["id"], "differential": differential, "triage": LEVELS[(request["age"] + shift) % 4]}


def respond(request, out):
    """Appends the response lines for one request to out; may exit or hang."""
    rid = request["id"]
    kind = rid.split("/", 1)[-1].split("-", 1)[0]
    if kind == "crash":
        flush(out)
        sys.stderr.write("fault model: crashing on request\n")
        sys.stderr.flush()
        os._exit(3)
    if kind == "hang":
        flush(out)
        time.sleep(3600)
    if kind == "slow":
        # A slow model answers each request as soon as it is done.
        flush(out)
        time.sleep(0.2)
        out.append(json.dumps(normal(request)))
        flush(out)
        return
    if kind == "garbage":
        out.append("this is not json at all")
        return
    if kind == "noid":
        out.append(json.dumps({"differential": [], "triage": "routine"}))
        return
    if kind == "wrongid":
        out.append(json.dumps({"id": "nobody/asked", "differential": [], "triage": "routine"}))
        return
    if kind == "error":
        out.append(json.dumps({"id": rid, "error": "cannot handle this vignette"}))
        return
    answer = normal(request)
    if kind == "prob15":
        answer["differential"][0]["probability"] = 1.5
    elif kind == "nan":
        answer["differential"][0]["probability"] = float("nan")
    elif kind == "badtriage":
        answer["triage"] = "urgnt"
    elif kind == "repeat":
        answer["differential"].append(dict(answer["differential"][0]))
    elif kind == "tie":
        answer["differential"] = [
            {"condition": "zeta", "probability": 0.25},
            {"condition": "alpha", "probability": 0.25},
            {"condition": "mid", "probability": 0.5},
        ]
    out.append(json.dumps(answer))


def flush(out):
    if out:
        os.write(1, ("\n".join(out) + "\n").encode())
        out.clear()


def main():
    args = sys.argv[1:]
    if "--exit-at-start" in args:
        sys.stderr.write("fatal: cannot load the model weights\n")
        sys.stderr.flush()
        sys.exit(1)
    if "--hang-at-start" in args:
        time.sleep(3600)
    if "--argv-out" in args:
        path = args[args.index("--argv-out") + 1]
        # Open descriptors (Linux), less the one that lists them.
        fds = sorted(int(fd) for fd in os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
        with open(path, "w") as handle:
            json.dump(
                {"argv": args, "cwd": os.getcwd(), "mark": os.environ.get("CLINVAL_TEST_MARK"), "fds": fds},
                handle)
    reverse = "--reverse" in args
    pending = b""
    while True:
        chunk = os.read(0, 1 << 16)
        if not chunk:
            break
        pending += chunk
        *lines, pending = pending.split(b"\n")
        requests = [json.loads(line) for line in lines if line.strip()]
        if reverse:
            requests.reverse()
        out = []
        for request in requests:
            respond(request, out)
        flush(out)


if __name__ == "__main__":
    main()
