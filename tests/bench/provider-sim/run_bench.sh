#!/usr/bin/env bash
# provider-sim throughput: small non-streaming chat completions vs. the cheapest endpoint
# (/_sim/health) of the same server, both measured in this run with wrk. Prints req/s and the
# ratio; not a pass/fail test. The issue's bar is >= 20,000 chat req/s on 2 cores.
#   run_bench.sh <provider-sim binary> [duration, default 5s] [connections, default 50]
set -eu
sim="$1"; duration="${2:-5s}"; connections="${3:-50}"
here="$(cd "$(dirname "$0")" && pwd)"
command -v wrk >/dev/null || { echo "wrk not installed (apt-get install wrk)" >&2; exit 77; }
work="$(mktemp -d)"; pid=""
cleanup() { [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

rps() {  # wrk's "Requests/sec:" value
    wrk -t2 -c"$connections" -d"$duration" "$@" | awk '/Requests\/sec/ {print $2}'
}

measure() {  # $1 = label, $2.. = extra provider-sim flags
    local label="$1"; shift
    rm -f "$work/ready"
    "$sim" --listen 127.0.0.1:0 --ready-file "$work/ready" "$@" 2>"$work/log" &
    pid=$!
    for _ in $(seq 1 100); do [[ -s "$work/ready" ]] && break; sleep 0.05; done
    local address; address="$(head -n1 "$work/ready")"
    local base chat
    base="$(rps "http://$address/_sim/health")"
    chat="$(rps -s "$here/chat.lua" "http://$address/v1/chat/completions")"
    kill -TERM "$pid"; wait "$pid" || true; pid=""
    printf '%-22s baseline /_sim/health %10.0f req/s   chat/completions %10.0f req/s   ratio %.2f\n' \
        "$label" "$base" "$chat" "$(echo "$chat / $base" | bc -l)"
    echo "$chat" >"$work/last"
}

echo "provider-sim benchmark: wrk -t2 -c$connections -d$duration, $(nproc) cores"
measure "quiet (--quiet)" --quiet
quiet="$(cat "$work/last")"
measure "with request log" 
awk -v q="$quiet" 'BEGIN { printf "bar: >= 20000 chat req/s (quiet): %s\n", (q >= 20000 ? "met" : "NOT met") }'
