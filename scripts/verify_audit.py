#!/usr/bin/env python3
"""Verifies clinval's hash-chained audit trail independently of clinval (docs/database.md).

    python3 scripts/verify_audit.py reports/clinval.sqlite     # the database itself
    clinval audit export --db reports/clinval.sqlite > a.jsonl
    python3 scripts/verify_audit.py a.jsonl                     # or its export

Each entry's sha256 is SHA-256 over the netstrings (LENGTH:BYTES, with LENGTH the decimal count of
the UTF-8 bytes) of prev_sha256, at, actor, action, run_id ("" when null) and payload_json, in that
order; the first prev_sha256 is 64 zeros, and seq counts 1, 2, 3, ... An export carries the payload
as a JSON object, which is written back in its canonical form (sorted keys, no spaces, UTF-8).
Prints "intact: N entries, head H" and exits 0, or "entry S: PROBLEM" and exits 1, the first bad
entry, as `clinval audit verify` does. Python 3 standard library only.
"""
import hashlib
import json
import sqlite3
import sys


def entries(path):
    """(seq, at, actor, action, run_id, payload_json, prev_sha256, sha256) in order."""
    with open(path, "rb") as file:
        is_database = file.read(16) == b"SQLite format 3\x00"
    if is_database:
        connection = sqlite3.connect(path)
        yield from connection.execute(
            "SELECT seq, at, actor, action, run_id, payload_json, prev_sha256, sha256 FROM audit_log ORDER BY seq")
        connection.close()
        return
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            e = json.loads(line)
            payload = json.dumps(e["payload"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            yield e["seq"], e["at"], e["actor"], e["action"], e["run_id"], payload, e["prev_sha256"], e["sha256"]


def netstring(text):
    data = (text or "").encode("utf-8")
    return str(len(data)).encode("ascii") + b":" + data + b","


def main(path):
    expected, head = 1, "0" * 64
    for seq, at, actor, action, run_id, payload, prev, sha256 in entries(path):
        digest = hashlib.sha256(b"".join(map(netstring, (prev, at, actor, action, run_id, payload)))).hexdigest()
        problem = ("a gap in seq" if seq != expected else "broken link to the previous entry" if prev != head
                   else "digest mismatch" if digest != sha256 else None)
        if problem:
            print(f"entry {seq}: {problem}")
            return 1
        expected, head = expected + 1, sha256
    count = expected - 1
    print(f"intact: {count} {'entry' if count == 1 else 'entries'}, head {head if count else 'none'}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: verify_audit.py DATABASE-OR-EXPORT")
    sys.exit(main(sys.argv[1]))
