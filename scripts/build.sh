#!/usr/bin/env bash
# Configures and builds lifeline into build/ (or $LIFELINE_BUILD_DIR). Extra arguments are
# passed to the CMake configure step, e.g. scripts/build.sh -DLIFELINE_SANITIZE=ON.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${LIFELINE_BUILD_DIR:-$repo_root/build}
generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi
if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
    cmake -S "$repo_root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
elif (($# > 0)); then
    cmake -S "$repo_root" -B "$build_dir" "$@" >/dev/null
fi
cmake --build "$build_dir" --parallel "$(nproc)"
