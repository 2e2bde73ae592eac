#!/usr/bin/env bash
# Runs the start-up stop tests of provider-sim (Process.SigtermAndSigintStopCleanlyWithExitZero)
# and failover-proxy (FailoverProxyStart.*) RUNS times each while 2 x nproc busy loops keep the
# CPUs saturated, and prints how many runs failed. Exits 1 when any did.
#
#   soak_stop_signals.sh INTEGRATION_PROVIDER_SIM INTEGRATION_FAILOVER_PROXY [RUNS]
#
# Every run is bounded (timeout 60 s); the busy loops end with the script (trap) and, should
# it be killed outright, on their own once the script is gone or after an hour.
set -euo pipefail

sim_tests=$1
proxy_tests=$2
runs=${3:-200}

script_pid=$$
load_pids=()
stop_load() {
    for pid in "${load_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop_load EXIT

busy_loop() {
    local end=$((SECONDS + 3600)) i
    while ((SECONDS < end)) && kill -0 "$script_pid" 2>/dev/null; do
        for ((i = 0; i < 20000; i++)); do :; done
    done
}
for ((n = 0; n < 2 * $(nproc); n++)); do
    busy_loop &
    load_pids+=($!)
done

failed_total=0
# soak NAME BINARY FILTER: RUNS runs of one gtest filter; the output of a failed run is shown.
soak() {
    local name=$1 binary=$2 filter=$3 failed=0 run output started=$SECONDS
    for ((run = 1; run <= runs; run++)); do
        if ! output=$(timeout 60 "$binary" --gtest_filter="$filter" 2>&1); then
            failed=$((failed + 1))
            echo "--- $name: run $run failed:"
            echo "$output" | tail -n 30
        fi
    done
    echo "$name ($filter): $runs runs under load, $failed failed, $((SECONDS - started)) s"
    failed_total=$((failed_total + failed))
}

soak provider-sim "$sim_tests" 'Process.SigtermAndSigintStopCleanlyWithExitZero'
soak failover-proxy "$proxy_tests" 'FailoverProxyStart.*'
((failed_total == 0))
