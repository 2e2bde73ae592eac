#!/usr/bin/env bash
# Soak test of failover-proxy: 10 minutes of steady open-loop load (proxy_loadgen, the bench's
# own generator) on one lane [chaos, healthy] of provider-sim, where "chaos" serves
# tools/provider-sim/scenarios/chaos.yaml (slow start, drip, cut stream, malformed JSON,
# in-stream error, 32 MB body, 30 s hang, 30 s stall after output) and the scenario is re-armed
# every SOAK_REARM_SECONDS so the faults keep coming (the file alone only faults requests 1-8).
# The chaos upstream is first in line and its circuit never opens, so each re-arm's faults
# reach it and the proxy fails over to "healthy" (or, once output has started, reports the
# failure in the stream). Requests alternate between a plain and a streaming Chat
# Completions call.
#
# At minute 2 and at the end (minute 10) the load pauses, the proxy settles (idle keep-alive
# connections closed by the sim are pruned by three sequential requests) and the script
# samples the proxy's VmRSS and open fds. Pass when:
#   - VmRSS at the end is within 5 MB of VmRSS at minute 2;
#   - the proxy holds the same number of open fds at both points;
#   - every request got a response (requests sent = 2xx replies + classified error replies:
#     no broken connection, none unanswered), and the access log (--access-log) has one line
#     with an "outcome" per request sent.
# Exit 0 pass, 1 fail, 2 setup problem (a binary missing, a server not starting). The wall
# time is a little longer than SOAK_SECONDS: each pause waits for the requests in flight (a
# 30 s hang among them).
#
#   scripts/soak-proxy.sh                    # 10 minutes, build dir $LIFELINE_BUILD_DIR or build/
#   SOAK_SECONDS=60 scripts/soak-proxy.sh    # a 1-minute smoke run; the first mark scales (12 s)
# Settings (environment): SOAK_SECONDS (600), SOAK_RATE requests/s (100), SOAK_REARM_SECONDS
# (5; 0 = never), SOAK_SCENARIO (the chaos upstream's scenario file, default chaos.yaml),
# SOAK_STATE (sqlite in the work dir, the proxy's default kind; memory: keeps a ledger row per
# attempt in memory and grows). Run from scripts/bench.sh with --soak or LIFELINE_SOAK=1.
# Everything listens on 127.0.0.1 only.
set -uo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${LIFELINE_BUILD_DIR:-$repo_root/build}
proxy_bin="$build_dir/tools/failover-proxy/failover-proxy"
sim_bin="$build_dir/tools/provider-sim/provider-sim"
loadgen_bin="$build_dir/tests/bench/failover-proxy/proxy_loadgen"
total=${SOAK_SECONDS:-600}
rate=${SOAK_RATE:-100}
rearm=${SOAK_REARM_SECONDS:-5}
first_mark=$((total / 5))  # minute 2 of 10
second_segment=$((total - first_mark))

say() { printf 'soak: %s\n' "$*"; }
for binary in "$proxy_bin" "$sim_bin" "$loadgen_bin"; do
    [[ -x "$binary" ]] || { say "missing $binary (build the targets failover-proxy provider-sim proxy_loadgen)"; exit 2; }
done
command -v curl >/dev/null || { say "curl not installed"; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/lifeline-soak.XXXXXX")
sim_pid=""; proxy_pid=""; rearm_pid=""; sampler_pid=""
cleanup() {
    local pid
    for pid in "$sampler_pid" "$rearm_pid" "$proxy_pid" "$sim_pid"; do
        [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null
    done
    for pid in "$sampler_pid" "$rearm_pid" "$proxy_pid" "$sim_pid"; do
        [[ -n "$pid" ]] && wait "$pid" 2>/dev/null
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# Private copies: the whole soak runs one build even if the build dir is relinked meanwhile.
mkdir "$work/bin" && cp "$proxy_bin" "$sim_bin" "$loadgen_bin" "$work/bin/"
proxy_bin="$work/bin/failover-proxy"; sim_bin="$work/bin/provider-sim"; loadgen_bin="$work/bin/proxy_loadgen"

# Proxy on core 0, sim and load on core 1, when taskset and two cores are there.
proxy_pin=(); load_pin=(); pinning="none (taskset or a second core missing)"
if command -v taskset >/dev/null && (($(nproc) >= 2)); then
    proxy_pin=(taskset -c 0); load_pin=(taskset -c 1)
    pinning="failover-proxy on core 0, provider-sim and proxy_loadgen on core 1 (taskset -c)"
fi

cp "${SOAK_SCENARIO:-$repo_root/tools/provider-sim/scenarios/chaos.yaml}" "$work/chaos.yaml"
cat >"$work/fleet.yaml" <<'YAML'
version: 1
providers:
  chaos: chaos.yaml
  healthy: {reply: "Hello from provider-sim."}
YAML
"${load_pin[@]}" "$sim_bin" --quiet --listen 127.0.0.1:0 --fleet "$work/fleet.yaml" \
    --ready-file "$work/sim.ready" --threads 1024 >"$work/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 1 100); do grep -q '^healthy ' "$work/sim.ready" 2>/dev/null && break; sleep 0.1; done
chaos=$(awk '$1=="chaos"{print $2}' "$work/sim.ready" 2>/dev/null)
healthy=$(awk '$1=="healthy"{print $2}' "$work/sim.ready" 2>/dev/null)
[[ -n "$chaos" && -n "$healthy" ]] || { say "provider-sim did not start:"; cat "$work/sim.log"; exit 2; }

state=${SOAK_STATE:-sqlite://$work/state.db}
cat >"$work/lifeline.yaml" <<YAML
version: 1
providers:
  chaos: {kind: openai-compatible, base_url: "http://$chaos/v1", auth: {env: SIM_KEY}}
  healthy: {kind: openai-compatible, base_url: "http://$healthy/v1", auth: {env: SIM_KEY}}
models:
  flaky: {provider: chaos, id: qwen3-coder}
  steady: {provider: healthy, id: qwen3-coder}
lanes:
  soak: [flaky, steady]
  settle: [steady]
default_lane: soak
# The chaos upstream stays first in line: without this its circuit opens after a few faults
# and the soak would mostly measure healthy traffic.
circuit: {consecutive_failures: 1000, min_calls: 1000, cooldown: 1s}
YAML
env -i PATH=/usr/bin:/bin HOME="$work" SIM_KEY=sk-sim-soak-not-a-real-key-0001 \
    "${proxy_pin[@]}" "$proxy_bin" --config "$work/lifeline.yaml" --state "$state" \
    --listen 127.0.0.1:0 --ready-file "$work/proxy.env" --access-log "$work/access.log" \
    >"$work/proxy.log" 2>&1 &
proxy_pid=$!
for _ in $(seq 1 100); do grep -q TOKEN "$work/proxy.env" 2>/dev/null && break; sleep 0.1; done
grep -q TOKEN "$work/proxy.env" 2>/dev/null || { say "failover-proxy did not start:"; cat "$work/proxy.log"; exit 2; }
# shellcheck disable=SC1091
source "$work/proxy.env"  # LIFELINE_PROXY_URL, LIFELINE_PROXY_TOKEN
proxy_port=${LIFELINE_PROXY_URL##*:}

# Runs "$2..." every $1 seconds until SIGTERM, which also ends the sleep in progress.
every() {
    local period=$1 nap
    shift
    trap 'kill "$nap" 2>/dev/null; exit 0' TERM
    while :; do
        sleep "$period" & nap=$!
        wait "$nap"
        "$@"
    done
}
rss_point() {
    printf '%ss:%s ' "$((SECONDS - load_started))" "$(awk '/^VmRSS:/ {print $2}' "/proc/$proxy_pid/status")"
}
rearm_chaos() {
    curl -s -o /dev/null --max-time 5 -X POST --data-binary @"$work/chaos.yaml" "http://$chaos/_sim/scenario"
}
# VmRSS every tenth of the run, for the trend printed at the end.
load_started=$SECONDS
every "$(( total / 10 > 0 ? total / 10 : 1 ))" rss_point >"$work/rss.trend" 2>/dev/null &
sampler_pid=$!
if ((rearm > 0)); then
    every "$rearm" rearm_chaos &
    rearm_pid=$!
fi

prompt="Summarise the failure modes of a load balancer in front of a flaky upstream."
printf '{"model":"soak","max_tokens":256,"messages":[{"role":"user","content":"%s"}]}' \
    "$prompt" >"$work/plain.json"
printf '{"model":"soak","stream":true,"max_tokens":256,"messages":[{"role":"user","content":"%s"}]}' \
    "$prompt" >"$work/stream.json"

settle_requests=0
# Lets the proxy reach a quiet state: the sim closes idle keep-alives after 3 s; sequential
# requests a second apart make curl prune the dead ones from its connection cache.
settle() {
    sleep 4
    for _ in 1 2 3; do
        curl -s -o /dev/null --max-time 10 -H "Authorization: Bearer $LIFELINE_PROXY_TOKEN" \
            -H 'Content-Type: application/json' -d '{"model":"settle","messages":[{"role":"user","content":"hi"}]}' \
            "$LIFELINE_PROXY_URL/v1/chat/completions"
        settle_requests=$((settle_requests + 1))
        sleep 1.1
    done
}

declare -A totals=()
load() {  # $1 = seconds; adds the generator's counts to totals
    local line key value
    line=$("${load_pin[@]}" "$loadgen_bin" --port "$proxy_port" --path /v1/chat/completions \
        -H "Authorization: Bearer $LIFELINE_PROXY_TOKEN" --body "$work/plain.json" \
        --body "$work/stream.json" --rate "$rate" --seconds "$1" --drain 90 --max-connections 512)
    say "load ${1}s: $line"
    for pair in $line; do
        key=${pair%%=*}; value=${pair#*=}
        [[ "$value" =~ ^[0-9]+$ ]] && totals[$key]=$(( ${totals[$key]:-0} + value ))
    done
}

sample() {  # $1 = label; sets sampled_rss (kB) and sampled_fds
    sampled_rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$proxy_pid/status")
    # shellcheck disable=SC2012  # counting entries, names do not matter
    sampled_fds=$(ls "/proc/$proxy_pid/fd" | wc -l)
    say "$1: VmRSS ${sampled_rss} kB, open fds $sampled_fds"
}

say "pinning: $pinning; rate ${rate}/s for ${total}s, marks at ${first_mark}s and ${total}s; chaos re-armed every ${rearm}s; state $state"
load "$first_mark"
settle
sample "mark 1 (${first_mark}s)"
rss_first=$sampled_rss; fds_first=$sampled_fds
load "$second_segment"
settle
sample "mark 2 (${total}s)"
rss_second=$sampled_rss; fds_second=$sampled_fds
if ! kill -0 "$proxy_pid" 2>/dev/null; then say "FAIL: the proxy died"; tail -20 "$work/proxy.log"; exit 1; fi

sent=${totals[sent]:-0}; ok=${totals[ok]:-0}; non2xx=${totals[non2xx]:-0}
broken=${totals[broken]:-0}; unfinished=${totals[unfinished]:-0}; retried=${totals[retried]:-0}
lines=$(wc -l <"$work/access.log")
with_outcome=$(grep -c '"outcome":"' "$work/access.log")
say "VmRSS trend (kB, seconds since the load began; pauses at the marks included): $(cat "$work/rss.trend")"
say "requests: sent $sent = 2xx $ok + error replies $non2xx; broken $broken, unanswered $unfinished, retried $retried; settle requests $settle_requests"
say "access log: $lines lines ($with_outcome with an outcome); outcomes:"
grep -o '"outcome":"[a-z_]*"' "$work/access.log" | sort | uniq -c | sort -rn | sed 's/^/soak:   /'
say "failed attempts by class (failed over or reported):"
grep -o '"class":"[a-z_]*"' "$work/access.log" | sort | uniq -c | sort -rn | sed 's/^/soak:   /'
say "statuses seen by the client:$(for key in "${!totals[@]}"; do [[ $key == status_* ]] && printf ' %s=%s' "${key#status_}" "${totals[$key]}"; done)"

failures=0
check() {  # $1 = pass?, $2 = what
    if [[ "$1" == 1 ]]; then say "pass: $2"; else say "FAIL: $2"; failures=$((failures + 1)); fi
}
drift=$((rss_second - rss_first))
check "$(( ${drift#-} <= 5120 ))" "VmRSS ${rss_first} kB at ${first_mark}s, ${rss_second} kB at ${total}s (drift ${drift} kB, limit 5120)"
check "$(( fds_first == fds_second ))" "open fds $fds_first at ${first_mark}s, $fds_second at ${total}s"
check "$(( sent > 0 && sent == ok + non2xx && broken == 0 && unfinished == 0 ))" \
    "every request answered: sent $sent = $ok 2xx + $non2xx classified errors"
expected_lines=$((sent + settle_requests))
check "$(( lines == expected_lines && with_outcome == lines ))" \
    "access log: $lines lines with an outcome for $expected_lines requests"
if ((failures > 0)); then
    say "proxy log (tail):"; tail -5 "$work/proxy.log" | sed 's/^/soak:   /'
    exit 1
fi
say "PASS"
