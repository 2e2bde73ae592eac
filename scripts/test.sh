#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, integration, e2e) with CTest.
#
#   scripts/test.sh                 # everything
#   scripts/test.sh -R sqlite       # extra arguments go to ctest
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${LIFELINE_BUILD_DIR:-$repo_root/build}

"$repo_root/scripts/install-deps.sh"
# A tree the drill configured (scripts/demo.sh builds only the drill's tools) gets the tests.
configure=()
if grep -qs '^LIFELINE_BUILD_TESTS:BOOL=OFF' "$build_dir/CMakeCache.txt"; then
    configure=(-DLIFELINE_BUILD_TESTS=ON)
fi
"$repo_root/scripts/build.sh" "${configure[@]}"
# The e2e tests drive real agent CLIs installed by install-deps.sh: here they must run, not skip.
export LIFELINE_REQUIRE_E2E=${LIFELINE_REQUIRE_E2E:-1}
cd "$build_dir"
# Benchmarks (label "bench") print measurements rather than pass or fail, and soaks (label
# "soak") take minutes: both are scripts/bench.sh's.
ctest --output-on-failure --parallel "$(nproc)" --timeout 300 -LE 'bench|soak' "$@"
