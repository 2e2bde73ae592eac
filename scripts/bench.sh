#!/usr/bin/env bash
# Runs the benchmarks under tests/bench in a Release build (build-release/). Each prints its
# measurements and a ratio against a baseline measured in the same run; none fails on timing.
# With --soak (or LIFELINE_SOAK=1) it then runs the soaks: the CTest cases labelled "soak"
# (the stop-signal race check, 200 runs under CPU load) and scripts/soak-proxy.sh, the 10-minute
# failover-proxy soak (SOAK_SECONDS shortens it). Other arguments go to ctest.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LIFELINE_BUILD_DIR=${LIFELINE_BUILD_DIR:-$repo_root/build-release}
soak=${LIFELINE_SOAK:-0}
ctest_args=()
for arg in "$@"; do
    if [[ "$arg" == --soak ]]; then soak=1; else ctest_args+=("$arg"); fi
done
"$repo_root/scripts/install-deps.sh"
"$repo_root/scripts/build.sh" -DCMAKE_BUILD_TYPE=Release
cd "$LIFELINE_BUILD_DIR"
ctest --verbose --timeout 900 -L bench "${ctest_args[@]}"
if [[ "$soak" == 1 ]]; then
    ctest --verbose --timeout 3600 -L soak
    "$repo_root/scripts/soak-proxy.sh"
fi
