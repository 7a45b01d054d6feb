"""A tiny external model for tests: JSON Lines on stdin and stdout (docs/model-format.md, The JSON Lines protocol).

Each request line is a vignette: {"id", "age", "sex", "present", "absent"}. Each answer is one line
with the same id and a fixed differential, or an error for a request it cannot read. Standard
library only.
"""

import json
import sys

DIFFERENTIAL = [
    {"condition": "possible-nstemi-stemi", "probability": 0.6},
    {"condition": "unstable-angina", "probability": 0.25},
    {"condition": "pneumonia", "probability": 0.1},
]


def answer(line):
    try:
        request = json.loads(line)
    except ValueError:
        return None
    if not isinstance(request, dict) or not isinstance(request.get("id"), str):
        return None
    if not isinstance(request.get("present"), list):
        return {"id": request["id"], "error": "present must be a list"}
    triage = "emergency" if "E_55" in request["present"] else "routine"
    return {"id": request["id"], "differential": DIFFERENTIAL, "triage": triage}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        response = answer(line)
        if response is None:
            # A line that names no vignette cannot be answered; say so on stderr only.
            print("serve.py: ignoring a line that is not a request", file=sys.stderr, flush=True)
            continue
        sys.stdout.write(json.dumps(response, separators=(",", ":")) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
