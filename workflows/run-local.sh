#!/usr/bin/env bash
# Runs the clinval-gate workflow (workflows/clinval-gate.yaml) on one machine, without a cluster:
# the same DAG with the same container commands and arguments. The N shards run as parallel
# processes, each in its own folder with its own database (as each pod has its own), their
# databases are gathered into merge/shards/ (as the artifact repository does), then the merge
# step runs the template's merge script. Tests/workflows/check_workflows.py checks that the
# commands here and in the template stay the same.
#
# usage: workflows/run-local.sh [--model PATH] [--casebank PATH] [--policy PATH] [--shards N]
#                               [--jobs N] [--baseline RUN-ID|latest-pass] [--history DB]
#                               [--run-id ID] [--work DIR]
#
#   --model, --casebank, --policy, --shards, --jobs, --baseline: the template's parameters, with
#       the same defaults (paths relative to the current folder instead of /usr/local/share/clinval).
#   --history DB: the database of earlier runs (the template's history-key): the merged run is
#       added to it when the gate decides. Without it, the run goes into WORK/merge/clinval.sqlite.
#   --run-id ID: the run id every shard carries (the template uses the workflow name);
#       default clinval-gate-local-<UTC time>.
#   --work DIR: where the shards and the merge work (default reports/<run-id>); the outputs end
#       in DIR/merge/out (summary.json, junit.xml, report.html) and DIR/merge/argo (one file per
#       output parameter).
#
# The clinval binary is $CLINVAL_BIN (default .build/debug/clinval). Exit code: the merge
# step's (0 gate passed, 1 gate failed, 2 invalid input, 3 runtime failure); if a shard fails,
# its exit code (at least 2), without merging. Unlike Argo, nothing is retried.
set -euo pipefail

model=models/ddxplus-noisy-or-1.0.0.json
casebank=casebanks
policy=workflows/release-gate.yaml
shards=4
jobs=2
baseline=""
history=""
run_id=""
work=""

fail_usage() {
    echo "run-local.sh: $1" >&2
    echo "usage: workflows/run-local.sh [--model PATH] [--casebank PATH] [--policy PATH] [--shards N] [--jobs N] [--baseline RUN-ID|latest-pass] [--history DB] [--run-id ID] [--work DIR]" >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case "$1" in
        --model|--casebank|--policy|--shards|--jobs|--baseline|--history|--run-id|--work)
            [ $# -ge 2 ] || fail_usage "$1 needs a value"
            case "$1" in
                --model) model=$2 ;;
                --casebank) casebank=$2 ;;
                --policy) policy=$2 ;;
                --shards) shards=$2 ;;
                --jobs) jobs=$2 ;;
                --baseline) baseline=$2 ;;
                --history) history=$2 ;;
                --run-id) run_id=$2 ;;
                --work) work=$2 ;;
            esac
            shift 2
            ;;
        -h|--help)
            sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
            exit 0
            ;;
        *) fail_usage "unknown argument '$1'" ;;
    esac
done

case "$shards" in ''|*[!0-9]*|0*) fail_usage "--shards must be a whole number of 1 or more, found '$shards'" ;; esac
case "$jobs" in ''|*[!0-9]*|0*) fail_usage "--jobs must be a whole number of 1 or more, found '$jobs'" ;; esac

absolute() { case "$1" in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$PWD" "$1" ;; esac; }

bin=$(absolute "${CLINVAL_BIN:-.build/debug/clinval}")
[ -x "$bin" ] || fail_usage "no clinval binary at $bin (build it, or set CLINVAL_BIN)"
model=$(absolute "$model")
casebank=$(absolute "$casebank")
policy=$(absolute "$policy")
[ -z "$history" ] || history=$(absolute "$history")
run_id=${run_id:-clinval-gate-local-$(date -u +%Y%m%d-%H%M%S)}
work=$(absolute "${work:-reports/$run_id}")

if [ -e "$work" ] && [ -n "$(ls -A "$work" 2>/dev/null)" ]; then
    fail_usage "the work folder $work exists and is not empty"
fi
mkdir -p "$work/bin" "$work/merge/shards"
# Every step calls `clinval` by name, as in the image.
ln -s "$bin" "$work/bin/clinval"
export PATH="$work/bin:$PATH"

# --- The merge step's script: the same text as the merge template's command in
# --- workflows/clinval-gate.yaml (checked by Tests/workflows/check_workflows.py).
merge_script=$(cat <<'SCRIPT'
if [ -f history-in/clinval.sqlite ]; then cp history-in/clinval.sqlite clinval.sqlite || exit 3; fi
if [ -n "$CLINVAL_BASELINE" ]; then set -- "$@" --baseline "$CLINVAL_BASELINE"; fi
clinval merge "$@" shards/*.sqlite
status=$?
if [ "$status" -le 1 ]; then mkdir -p history-out && cp clinval.sqlite history-out/clinval.sqlite || exit 3; fi
exit "$status"
SCRIPT
)

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
seconds_since() { local ms=$(( $(now_ms) - $1 )); printf '%d.%03d' $((ms / 1000)) $((ms % 1000)); }

pids=()
stop_shards() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap 'stop_shards; exit 130' INT TERM

# --- Task "shards": shard K of N, each in its own folder (the pod's /data).
echo "run $run_id: $shards shards, $jobs jobs each, in $work"
started=$(now_ms)
for ((k = 1; k <= shards; k++)); do
    mkdir -p "$work/shard-$k"
    (
        cd "$work/shard-$k"
        exec clinval run --model "$model" --casebank "$casebank" --policy "$policy" \
            --db shard.sqlite --shard "$k/$shards" --run-id "$run_id" --jobs "$jobs" --no-progress
    ) >"$work/shard-$k/log.txt" 2>&1 &
    pids+=("$!")
done

worst=0
for ((k = 1; k <= shards; k++)); do
    code=0
    wait "${pids[k - 1]}" || code=$?
    echo "shard $k/$shards: exit $code"
    if [ "$code" -ne 0 ]; then
        sed 's/^/  | /' "$work/shard-$k/log.txt" >&2
        [ "$code" -ge 2 ] || code=3
        [ "$code" -le "$worst" ] || worst=$code
    fi
done
trap - INT TERM
echo "shards: ${shards} done in $(seconds_since "$started") s"
if [ "$worst" -ne 0 ]; then
    echo "run $run_id: a shard failed (exit $worst); not merging" >&2
    exit "$worst"
fi

# --- Artifacts: each shard's database to the key <run>/shards/shard-K.sqlite, which the merge
# --- step receives as the folder shards/; the history database as history-in/clinval.sqlite.
for ((k = 1; k <= shards; k++)); do
    cp "$work/shard-$k/shard.sqlite" "$work/merge/shards/shard-$k.sqlite"
done
if [ -n "$history" ] && [ -f "$history" ]; then
    mkdir -p "$work/merge/history-in"
    cp "$history" "$work/merge/history-in/clinval.sqlite"
fi

# --- Task "merge".
merge_started=$(now_ms)
status=0
(
    cd "$work/merge"
    export CLINVAL_BASELINE="$baseline"
    exec /bin/sh -c "$merge_script" clinval-merge \
        --db clinval.sqlite --policy "$policy" --out out --argo-outputs argo
) || status=$?

if [ -n "$history" ] && [ -f "$work/merge/history-out/clinval.sqlite" ]; then
    cp "$work/merge/history-out/clinval.sqlite" "$history"
fi
verdict=none
[ ! -f "$work/merge/argo/verdict" ] || verdict=$(cat "$work/merge/argo/verdict")
echo "merge: exit $status in $(seconds_since "$merge_started") s; total $(seconds_since "$started") s"
echo "run $run_id: verdict $verdict; outputs in $work/merge/out"
exit "$status"
