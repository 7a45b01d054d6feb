#!/usr/bin/env bash
# End-to-end figures of `clinval run`, `gate` and `report` (issues 4, 5, 6 and 11), measured on the
# release binary with GNU time (`/usr/bin/time -v`: wall clock, CPU and maximum resident set).
#
# Usage, from the package root, after `swift build -c release --product clinval`:
#   Benchmarks/run-benchmarks.sh [WORK-FOLDER]
# Environment: CLINVAL (default .build/release/clinval), REPEAT (default 2: each timing is taken
# this many times), SIZES (default "25000 100000": the synthesized bank sizes).
set -euo pipefail

CLINVAL=${CLINVAL:-.build/release/clinval}
WORK=${1:-${TMPDIR:-/tmp}/clinval-benchmarks}
REPEAT=${REPEAT:-2}
SIZES=${SIZES:-25000 100000}
MODEL=models/ddxplus-noisy-or-1.0.0.json
POLICY=workflows/release-gate.yaml
LARGEST=${SIZES##* }
mkdir -p "$WORK"
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# measure LABEL COMMAND…: runs the command under GNU time and prints one line. Exit status 1 (the
# gate failed) is a valid outcome; the status is printed.
measure() {
    local label=$1
    shift
    /usr/bin/time -v "$@" >"$WORK/$label.out" 2>"$WORK/$label.err" || true
    awk -v label="$label" -F': ' '
        /Elapsed \(wall clock\)/ { wall = $2 }
        /User time/ { user = $2 }
        /System time/ { sys = $2 }
        /Maximum resident/ { rss = $2 }
        /Exit status/ { status = $2 }
        END { printf "%-34s wall %8s  user %6ss  sys %5ss  max RSS %5.0f MiB  exit %s\n", label, wall, user, sys, rss / 1024, status }
    ' "$WORK/$label.err"
}

# The answering rate the run logged at the end ("rate.per_second=…").
rate() { grep -o 'rate.per_second=[0-9]*' "$WORK/$1.err" | tail -1 | cut -d= -f2; }

# 1. Banks synthesized from the DDXPlus model (deterministic).
for size in $SIZES; do
    bank="$WORK/synthetic-$size.jsonl"
    [ -f "$bank" ] || "$CLINVAL" synthesize --model "$MODEL" --count "$size" --seed 20261129 --out "$bank" 2>/dev/null
done

# 2. Load, run, store (built-in model, top-10 differentials): a one-shard run stops after storing.
echo "## load, run and store (run --shard 1/1)"
for size in $SIZES; do
    for jobs in 1 2; do
        for round in $(seq "$REPEAT"); do
            label="store-$size-jobs$jobs-$round"
            rm -f "$WORK/$label.sqlite"*
            measure "$label" "$CLINVAL" run --model "$MODEL" --casebank "$WORK/synthetic-$size.jsonl" --policy "$POLICY" \
                --db "$WORK/$label.sqlite" --run-id "$label" --shard 1/1 --jobs "$jobs" --no-progress
        done
    done
done

# 3. The whole run (load, run, store, metrics with 1000 resamples on every breakdown, gate,
#    outputs), then the gate decided again on the stored run (metrics, gate, outputs) and the
#    outputs written again (report).
echo "## whole run, gate and report (shipped policy)"
for size in $SIZES; do
    label="run-$size"
    rm -rf "$WORK/$label.sqlite"* "$WORK/$label"
    measure "$label" "$CLINVAL" run --model "$MODEL" --casebank "$WORK/synthetic-$size.jsonl" --policy "$POLICY" \
        --db "$WORK/$label.sqlite" --run-id "$label" --out "$WORK/$label" --jobs 2 --no-progress
    for round in $(seq "$REPEAT"); do
        measure "gate-$size-$round" "$CLINVAL" gate --db "$WORK/$label.sqlite" --run "$label" --policy "$POLICY" \
            --out "$WORK/$label-gate"
        measure "report-$size-$round" "$CLINVAL" report --db "$WORK/$label.sqlite" --run "$label" \
            --out "$WORK/$label-report"
    done
    ls -l "$WORK/$label-report" | awk 'NR > 1 { printf "  %-14s %9d bytes\n", $9, $5 }'
    for file in summary.json junit.xml report.html; do
        cmp -s "$WORK/$label-gate/$file" "$WORK/$label-report/$file" && echo "  $file: report wrote the same bytes as gate"
    done
done

# 3b. Cost grows with the work (issue 11): the shipped demo on its defaults (1,019 vignettes),
#     and whole runs on 1,000 and 20,000 synthesized vignettes; a small bank must not cost more
#     than a large one (the 1,000-vignette run at most a quarter of the 20,000-vignette run).
echo "## the shipped demo, and whole runs on 1,000 and 20,000 vignettes"
for round in $(seq "$REPEAT"); do
    rm -rf "$WORK/demo-$round.sqlite"* "$WORK/demo-$round"
    measure "demo-$round" "$CLINVAL" run --db "$WORK/demo-$round.sqlite" --out "$WORK/demo-$round" --no-progress
done
for size in 1000 20000; do
    bank="$WORK/synthetic-$size.jsonl"
    [ -f "$bank" ] || "$CLINVAL" synthesize --model "$MODEL" --count "$size" --seed 20261129 --out "$bank" 2>/dev/null
    for round in $(seq "$REPEAT"); do
        label="whole-$size-$round"
        rm -rf "$WORK/$label.sqlite"* "$WORK/$label"
        measure "$label" "$CLINVAL" run --model "$MODEL" --casebank "$bank" --policy "$POLICY" \
            --db "$WORK/$label.sqlite" --run-id "$label" --out "$WORK/$label" --jobs 2 --no-progress
    done
done

# 4. The process adapter with a trivial Python model, 2 workers (the run stores too).
echo "## process adapter: trivial Python model, 2 workers"
cat >"$WORK/trivial_model.py" <<'PY'
import json, sys
out = sys.stdout
for line in sys.stdin:
    request_id = json.loads(line)["id"]
    out.write('{"id":%s,"differential":[{"condition":"pneumonia","probability":0.5}],"triage":"routine"}\n' % json.dumps(request_id))
    out.flush()
PY
cat >"$WORK/trivial-model.yaml" <<'YAML'
model: trivial
version: 1.0.0
vocabulary: ddxplus
kind: process
command: [python3, trivial_model.py]
workers: 2
timeout_seconds: 30
YAML
for round in $(seq "$REPEAT"); do
    label="process-$LARGEST-$round"
    rm -f "$WORK/$label.sqlite"*
    measure "$label" "$CLINVAL" run --model "$WORK/trivial-model.yaml" --casebank "$WORK/synthetic-$LARGEST.jsonl" \
        --policy "$POLICY" --db "$WORK/$label.sqlite" --run-id "$label" --shard 1/1 --jobs 2 --no-progress
    echo "  answering rate logged by the run: $(rate "$label") vignettes/s"
done

# 5. The HTTP adapter with a trivial model on Python's threading HTTP server (keep-alive), on
#    loopback, concurrency 4; the first 25,000 vignettes (Python's server is the slow side).
echo "## HTTP adapter: trivial Python HTTP model on loopback, concurrency 4"
cat >"$WORK/trivial_http_model.py" <<'PY'
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # as model servers do; otherwise each answer waits 40 ms for an ACK
    def log_message(self, *arguments):
        pass
    def do_POST(self):
        request_id = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["id"]
        body = ('{"id":%s,"differential":[{"condition":"pneumonia","probability":0.5}],"triage":"routine"}'
                % json.dumps(request_id)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
python3 "$WORK/trivial_http_model.py" >"$WORK/http-port.txt" &
HTTP_SERVER=$!
trap 'kill $HTTP_SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$WORK/http-port.txt" ] && break; sleep 0.1; done
cat >"$WORK/trivial-http-model.yaml" <<YAML
model: trivial-http
version: 1.0.0
vocabulary: ddxplus
kind: http
url: http://127.0.0.1:$(head -1 "$WORK/http-port.txt")/predict
concurrency: 4
timeout_seconds: 30
YAML
head -25001 "$WORK/synthetic-$LARGEST.jsonl" >"$WORK/synthetic-http.jsonl"
for round in $(seq "$REPEAT"); do
    label="http-25000-$round"
    rm -f "$WORK/$label.sqlite"*
    measure "$label" "$CLINVAL" run --model "$WORK/trivial-http-model.yaml" --casebank "$WORK/synthetic-http.jsonl" \
        --policy "$POLICY" --db "$WORK/$label.sqlite" --run-id "$label" --shard 1/1 --jobs 2 --no-progress
    echo "  answering rate logged by the run: $(rate "$label") vignettes/s"
done
