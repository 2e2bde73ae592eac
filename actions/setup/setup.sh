#!/usr/bin/env bash
# The setup action's steps, one subcommand each (see action.yml):
#   plan    decide the mode: release (default; install-release.sh downloads the prebuilt
#           tarball), build (build-from-source: true) or deb; for a build, hash the sources for
#           the cache key and pick the prefix
#   deps    Debian/Ubuntu packages via the repo's scripts/install-deps.sh --no-npm
#   build   CMake configure, build and install into the prefix (tests and benchmarks off)
#   deb     apt-get install the given .deb (apt resolves its shared-library dependencies)
#   finish  add the binaries to PATH and check each one runs
# Inputs arrive as INPUT_* / LIFELINE_* variables, never interpolated into shell code.
set -euo pipefail

readonly tools=(probe-endpoint pick-provider run-with-failover failover-proxy budget-check rotate-keys provider-sim)

say() { printf 'lifeline setup: %s\n' "$*" >&2; }
output() { printf '%s=%s\n' "$1" "$2" >>"${GITHUB_OUTPUT:-/dev/null}"; }
as_root() {
    if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# The same inputs hashFiles('CMakeLists.txt', 'cmake/**', 'libcommon/**', 'tools/**') covers,
# computed here because hashFiles only sees GITHUB_WORKSPACE and this action's sources usually
# live in the action's own checkout.
source_hash() {
    local root=$1
    (
        cd "$root"
        find CMakeLists.txt cmake libcommon tools -type f -print0 2>/dev/null |
            LC_ALL=C sort -z | xargs -0 sha256sum
    ) | sha256sum | cut -c1-40
}

plan() {
    local from_source
    case "${INPUT_BUILD_FROM_SOURCE:-false}" in
        true | True | TRUE) from_source=true ;;
        false | False | FALSE) from_source=false ;;
        *)
            echo "::error title=lifeline setup::input build-from-source must be true or false, got '${INPUT_BUILD_FROM_SOURCE}'"
            exit 2
            ;;
    esac
    if [[ -n "${INPUT_DEB-}" ]]; then
        output mode deb
        output bin-dir /usr/bin
        return
    fi
    if [[ "$from_source" == false ]]; then
        if [[ -n "${INPUT_SOURCE_DIR-}${INPUT_PREFIX-}" ]]; then
            echo "::warning title=lifeline setup::source-dir and prefix apply only with build-from-source: true; installing the prebuilt release"
        fi
        output mode release
        return
    fi
    local root=${INPUT_SOURCE_DIR:-$GITHUB_ACTION_PATH/../..}
    root=$(cd "$root" && pwd)
    if [[ ! -f "$root/CMakeLists.txt" || ! -d "$root/libcommon" ]]; then
        echo "::error title=lifeline setup::$root is not a lifeline source tree"
        exit 2
    fi
    local hash build_type=${INPUT_BUILD_TYPE:-Release} os_id=unknown
    hash=$(source_hash "$root")
    if [[ -r /etc/os-release ]]; then
        os_id=$(. /etc/os-release && printf '%s-%s' "${ID:-linux}" "${VERSION_ID:-0}")
    fi
    local prefix=${INPUT_PREFIX:-${RUNNER_TOOL_CACHE:-$HOME/.cache}/lifeline/$hash-$build_type}
    output mode build
    output source-dir "$root"
    output source-hash "$hash"
    output prefix "$prefix"
    output bin-dir "$prefix/bin"
    output cache-key "lifeline-${RUNNER_OS:-Linux}-${RUNNER_ARCH:-$(uname -m)}-$os_id-$build_type-$hash"
    say "build $build_type from $root (sources $hash) into $prefix"
}

deps() {
    "$LIFELINE_SOURCE_DIR/scripts/install-deps.sh" --no-npm
}

build() {
    local build_dir=${RUNNER_TEMP:-/tmp}/lifeline-build
    cmake -S "$LIFELINE_SOURCE_DIR" -B "$build_dir" -G Ninja \
        -DCMAKE_BUILD_TYPE="${INPUT_BUILD_TYPE:-Release}" \
        -DCMAKE_INSTALL_PREFIX="$LIFELINE_PREFIX" \
        -DLIFELINE_BUILD_TESTS=OFF -DLIFELINE_BUILD_BENCH=OFF
    cmake --build "$build_dir" --parallel "$(nproc)"
    cmake --install "$build_dir"
}

deb() {
    local file=$INPUT_DEB
    [[ "$file" == /* ]] || file=$PWD/$file
    if [[ ! -f "$file" ]]; then
        echo "::error title=lifeline setup::no such .deb: $INPUT_DEB"
        exit 2
    fi
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$file"
}

finish() {
    local bin_dir=$LIFELINE_BIN_DIR version="" tool
    for tool in "${tools[@]}"; do
        if [[ ! -x "$bin_dir/$tool" ]]; then
            echo "::error title=lifeline setup::$bin_dir/$tool is missing"
            exit 1
        fi
        version=$("$bin_dir/$tool" --version)
    done
    version=${version##* }
    echo "$bin_dir" >>"${GITHUB_PATH:-/dev/null}"
    output bin-dir "$bin_dir"
    output version "$version"
    say "lifeline $version in $bin_dir"
}

case "${1-}" in
    plan | deps | build | deb | finish) "$1" ;;
    *)
        echo "usage: setup.sh plan|deps|build|deb|finish" >&2
        exit 2
        ;;
esac
