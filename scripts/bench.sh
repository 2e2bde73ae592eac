#!/usr/bin/env bash
# Runs the benchmarks under tests/bench in a Release build (build-release/). Each prints its
# measurements and a ratio against a baseline measured in the same run; none fails on timing.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LIFELINE_BUILD_DIR=${LIFELINE_BUILD_DIR:-$repo_root/build-release}
"$repo_root/scripts/install-deps.sh"
"$repo_root/scripts/build.sh" -DCMAKE_BUILD_TYPE=Release
cd "$LIFELINE_BUILD_DIR"
ctest --verbose --timeout 900 -L bench "$@"
