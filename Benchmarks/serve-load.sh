#!/usr/bin/env bash
# Load on the review server: wrk against the runs page, a run's page, its review queue and a
# vignette's page of a 100,000-vignette run, signed in (Benchmarks/README.md, Review server).
#
#   Benchmarks/serve-load.sh              # from the repository root
#   COUNT=20000 DURATION=10s Benchmarks/serve-load.sh
#   EXTRA_PATHS="/runs/bench-100k/compare" Benchmarks/serve-load.sh
#
# Needs wrk and curl (Debian packages wrk, curl). Builds clinval in release, makes the database
# under .build-serve-bench/ once (a synthesized bank run by the shipped model; minutes), then
# starts `clinval serve` on loopback, signs in with curl and runs wrk on each path.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in wrk curl; do
    command -v "$tool" >/dev/null || { echo "missing tool: $tool (apt-get install $tool)" >&2; exit 2; }
done

COUNT=${COUNT:-100000}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-16}
WORK=${WORK:-.build-serve-bench}
RUN_ID=bench-$((COUNT / 1000))k
PORT=${PORT:-18080}
PASSWORD="a long enough benchmark password"

swift build -c release --product clinval >/dev/null
CLINVAL=.build/release/clinval
mkdir -p "$WORK"
DB="$WORK/serve-bench-$COUNT.sqlite"

if [ ! -f "$DB" ]; then
    echo "== making a $COUNT-vignette run (once)"
    "$CLINVAL" synthesize --model models/ddxplus-noisy-or-1.0.0.json --count "$COUNT" --seed 7 \
        --out "$WORK/bench-$COUNT.jsonl" --casebank-id bench
    "$CLINVAL" run --model models/ddxplus-noisy-or-1.0.0.json --casebank "$WORK/bench-$COUNT.jsonl" \
        --policy workflows/release-gate.yaml --db "$DB.part" --out "$WORK/out" --run-id "$RUN_ID" \
        --jobs 2 --no-progress || [ $? -eq 1 ]
    printf '%s\n' "$PASSWORD" | "$CLINVAL" users add --db "$DB.part" bench --role approver \
        --signing-role clinical-safety-officer
    mv "$DB.part" "$DB"
fi

"$CLINVAL" serve --db "$DB" --port "$PORT" 2>"$WORK/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/signin" && break; sleep 0.1; done

# Sign in as a browser would: the sign-in page's cookie and CSRF token, then the form.
JAR="$WORK/cookies.txt"
rm -f "$JAR"
CSRF=$(curl -fs -c "$JAR" "http://127.0.0.1:$PORT/signin" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -fs -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "csrf=$CSRF" --data-urlencode "name=bench" \
    --data-urlencode "password=$PASSWORD" "http://127.0.0.1:$PORT/signin"
COOKIE="clinval_session=$(awk '$6 == "clinval_session" { print $7 }' "$JAR")"

# VIGNETTE stands for a vignette of the queue's first page (looked up once the queue is built).
PATHS="/ /runs/$RUN_ID /runs/$RUN_ID/queue /runs/$RUN_ID/queue?category=sample&page=2 VIGNETTE ${EXTRA_PATHS:-}"
echo "== $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $COUNT vignettes, wrk -t2 -c$CONNECTIONS -d$DURATION"
printf '%-48s %10s %10s %10s %10s\n' path "first (s)" "requests/s" "p50" "p99"
for path in $PATHS; do
    if [ "$path" = VIGNETTE ]; then
        path=$(curl -fs -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/runs/$RUN_ID/queue" \
            | sed -n 's/.*href="\(\/runs\/[^"]*\/vignettes\/[^"]*\)".*/\1/p' | head -1)
    fi
    # One request first, alone: it builds the run's report model or queue when the path needs it.
    timing=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$path")
    status=${timing% *}
    first=${timing#* }
    [ "$status" = 200 ] || { echo "GET $path answered $status" >&2; exit 1; }
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$path")
    rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
    p50=$(echo "$out" | awk '$1 == "50%" { print $2 }')
    p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
    errors=$(echo "$out" | awk '/Non-2xx/ { print $NF }')
    printf '%-48s %10s %10s %10s %10s%s\n' "$path" "$first" "$rps" "$p50" "$p99" "${errors:+  non-2xx: $errors}"
done
