#!/usr/bin/env bash
# bench_setup.sh REPO BUILD_DIR VERSION — see CMakeLists.txt. Talks only to 127.0.0.1.
# LIFELINE_BENCH_SKIP_SOURCE_BUILD=1 leaves out the (slow) source build.
set -euo pipefail
repo=$1 build_dir=$2 version=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/lifeline-bench-setup.XXXXXX")
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s.%N; }
seconds() { echo "$2 - $1" | bc; }

# The release as scripts/package.sh makes it, served as <base-url>/v<version>/<asset>.
mkdir -p "$work/www/v$version"
"$repo/scripts/package.sh" --build-dir "$build_dir" --no-build --no-deb --out "$work/www/v$version" \
    >"$work/package.log" 2>&1 || { tail -20 "$work/package.log"; exit 1; }
tarball=$(ls "$work/www/v$version"/lifeline-*.tar.gz)
size=$(stat -c %s "$tarball")

python3 -m http.server 0 --bind 127.0.0.1 --directory "$work/www" >"$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 100); do
    port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$work/server.log" | head -1)
    [[ -n "$port" ]] && break
    sleep 0.05
done
[[ -n "$port" ]] || { echo "bench_setup: the local HTTP server did not start"; exit 1; }

install_cold() {  # one install into an empty tool cache; prints its seconds
    local cache=$work/cache-$1 start end
    mkdir -p "$cache" "$work/temp-$1"
    start=$(now)
    INPUT_VERSION=$version INPUT_BASE_URL=http://127.0.0.1:$port INPUT_VERIFY_ATTESTATION=false \
        RUNNER_TOOL_CACHE=$cache RUNNER_TEMP=$work/temp-$1 GITHUB_PATH=$work/path-$1 \
        GITHUB_OUTPUT=$work/output-$1 bash "$repo/actions/setup/install-release.sh" \
        >"$work/install-$1.log" 2>&1 || { cat "$work/install-$1.log" >&2; exit 1; }
    end=$(now)
    seconds "$start" "$end"
}
runs=()
for i in 1 2 3 4 5; do runs+=("$(install_cold "$i")"); done
median=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p)
printf 'setup from a release (cold cache, local server): median %.2f s of 5 (%s)\n' "$median" \
    "$(printf '%.2f ' "${runs[@]}")"
printf 'tarball: %s, %.1f MB (goal < 15 MB)\n' "$(basename "$tarball")" "$(echo "$size / 1000000" | bc -l)"

if [[ "${LIFELINE_BENCH_SKIP_SOURCE_BUILD:-0}" == 1 ]]; then
    echo "source build: skipped (LIFELINE_BENCH_SKIP_SOURCE_BUILD=1)"
    exit 0
fi
generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi
start=$(now)
cmake -S "$repo" -B "$work/source-build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DLIFELINE_BUILD_TESTS=OFF -DLIFELINE_BUILD_BENCH=OFF >/dev/null
cmake --build "$work/source-build" --parallel "$(nproc)" --target probe-endpoint pick-provider \
    run-with-failover failover-proxy budget-check rotate-keys provider-sim >/dev/null
end=$(now)
source_seconds=$(seconds "$start" "$end")
printf 'setup from source (configure + build the seven tools, %s cores): %.1f s\n' "$(nproc)" "$source_seconds"
printf 'release install is %.0fx faster than the source build (goal: under 10 s)\n' \
    "$(echo "$source_seconds / $median" | bc -l)"
