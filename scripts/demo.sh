#!/usr/bin/env bash
# The failover drill: lifeline's main job, end to end, on this machine only (127.0.0.1).
#
#   scripts/demo.sh                              # in a source tree
#   <unpacked release>/share/lifeline/demo.sh    # from a release tarball
#
# Starts a provider-sim fleet (a rate-limited primary, a secondary in an outage, a
# region-blocked third, one healthy), then runs
#   probe-endpoint -> pick-provider -> run-with-failover -> budget-check
# with run-with-failover twice: restarting the step on the next candidate (--via direct), then
# with the agent behind a failover-proxy sidecar that fails each request over inside one
# attempt (--via proxy). It drives the real Codex CLI when it is installed (CODEX_BIN, else
# .deps/npm in a source tree), else the small bundled agent drill/agent.sh. Prints what
# happened at each step.
#
# In a source tree it first gets the binaries, installing and building only what the drill
# needs (scripts/install-deps.sh --drill; the test command installs and builds the rest):
#   - the packaged binaries when a release tarball is there: LIFELINE_PACKAGE=<tarball>, or
#     dist/lifeline-<version>-linux-<arch>.tar.gz from scripts/package.sh (unpacked into
#     .deps/; LIFELINE_PACKAGE=none ignores it);
#   - else the drill's six tools built from source into build/ (or $LIFELINE_BUILD_DIR).
# LIFELINE_SKIP_INSTALL=1 skips the install step, LIFELINE_SKIP_BUILD=1 the build (tests run
# the drill on an existing build); LIFELINE_DRILL_AGENT=bundled forces the bundled agent.
# Exit status: run-with-failover's (0 when the drill failed over).
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
drill_dir=$script_dir/drill
drill_tools=(provider-sim probe-endpoint pick-provider run-with-failover failover-proxy budget-check)
say() { printf 'demo: %s\n' "$*" >&2; }

if [[ -f "$script_dir/../CMakeLists.txt" ]]; then
    repo_root=$(cd "$script_dir/.." && pwd)
    scenarios=$repo_root/tools/provider-sim/scenarios
    codex_default=$repo_root/.deps/npm/node_modules/.bin/codex
    version=$(sed -n 's/^project(lifeline VERSION \([0-9][0-9.]*\).*/\1/p' "$repo_root/CMakeLists.txt")
    package=${LIFELINE_PACKAGE:-}
    if [[ -z "$package" && -z "${LIFELINE_BUILD_DIR:-}" ]]; then
        candidate=$repo_root/dist/lifeline-$version-linux-$(uname -m).tar.gz
        [[ -f "$candidate" ]] && package=$candidate
    fi
    [[ "$package" == none ]] && package=""
    if [[ -n "$package" ]]; then
        [[ -f "$package" ]] || { say "LIFELINE_PACKAGE=$package: no such file"; exit 2; }
        say "using the packaged binaries of $package (LIFELINE_PACKAGE=none builds from source)"
        if [[ "${LIFELINE_SKIP_INSTALL:-0}" != 1 ]]; then
            "$repo_root/scripts/install-deps.sh" --drill --runtime
        fi
        unpacked=$repo_root/.deps/$(basename "$package" .tar.gz)
        stamp=$(sha256sum "$package" | cut -d' ' -f1)
        if [[ "$(cat "$unpacked/.unpacked-from" 2>/dev/null)" != "$stamp" ]]; then
            rm -rf "$unpacked"
            mkdir -p "$repo_root/.deps"
            tar -C "$repo_root/.deps" -xzf "$package"
            [[ -x "$unpacked/bin/run-with-failover" ]] || { say "$package has no $(basename "$unpacked")/bin/"; exit 2; }
            echo "$stamp" >"$unpacked/.unpacked-from"
        fi
        tool_path() { echo "$unpacked/bin/$1"; }
    else
        build_dir=${LIFELINE_BUILD_DIR:-$repo_root/build}
        if [[ "${LIFELINE_SKIP_INSTALL:-0}" != 1 ]]; then
            "$repo_root/scripts/install-deps.sh" --drill
        fi
        if [[ "${LIFELINE_SKIP_BUILD:-0}" != 1 ]]; then
            say "building ${drill_tools[*]} (the first build takes a few minutes)..."
            if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
                generator=()
                if command -v ninja >/dev/null; then generator=(-G Ninja); fi
                cmake -S "$repo_root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
                    -DLIFELINE_BUILD_TESTS=OFF -DLIFELINE_BUILD_BENCH=OFF >/dev/null
            fi
            cmake --build "$build_dir" --parallel "$(nproc)" --target "${drill_tools[@]}" >/dev/null
        fi
        tool_path() { echo "$build_dir/tools/$1/$1"; }
    fi
else
    # Installed: <prefix>/share/lifeline/demo.sh beside <prefix>/bin.
    prefix=$(cd "$script_dir/../.." && pwd)
    scenarios=$script_dir/provider-sim/scenarios
    codex_default=$(command -v codex || true)
    tool_path() { echo "$prefix/bin/$1"; }
fi
for tool in "${drill_tools[@]}"; do
    [[ -x "$(tool_path "$tool")" ]] || { say "$(tool_path "$tool") is missing"; exit 2; }
done

sim=$(tool_path provider-sim)
work=$(mktemp -d "${TMPDIR:-/tmp}/lifeline-drill.XXXXXX")
sim_pid=""
cleanup() {
    if [[ -n "$sim_pid" ]]; then kill -TERM "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }

step "1. provider-sim: a fleet of four providers on 127.0.0.1"
"$sim" --fleet "$scenarios/drill-fleet.yaml" --listen 127.0.0.1:0 \
    --ready-file "$work/ports" --quiet 2>"$work/sim.log" &
sim_pid=$!
for _ in $(seq 1 100); do [[ -s "$work/ports" ]] && break; sleep 0.05; done
[[ -s "$work/ports" ]] || { cat "$work/sim.log" >&2; echo "demo: provider-sim did not start" >&2; exit 1; }
sed 's/^/   /' "$work/ports"
address() { awk -v name="$1" '$1 == name { print $2 }' "$work/ports"; }
sed -e "s/@PRIMARY@/$(address primary)/" -e "s/@SECONDARY@/$(address secondary)/" \
    -e "s/@TERTIARY@/$(address tertiary)/" -e "s/@HEALTHY@/$(address healthy)/" \
    "$drill_dir/lifeline.yaml.template" >"$work/lifeline.yaml"

# The sim's test keys; lifeline reads them from the environment at the last moment.
export DRILL_PRIMARY_KEY=sk-sim-primary DRILL_SECONDARY_KEY=sk-sim-secondary
export DRILL_TERTIARY_KEY=sk-sim-tertiary-any DRILL_HEALTHY_KEY=sk-sim-healthy-any
export LIFELINE_CONFIG="$work/lifeline.yaml" LIFELINE_STATE="sqlite://$work/state.db"
export LIFELINE_SESSION=drill

step "2. probe-endpoint: which providers answer, and why the others do not"
"$(tool_path probe-endpoint)" --format text || true

step "3. pick-provider: the chain for lane \"code\", from what the probe saw"
"$(tool_path pick-provider)" --lane code --format text || true

codex="${CODEX_BIN:-$codex_default}"
if [[ "${LIFELINE_DRILL_AGENT:-}" != bundled && -n "$codex" && -x "$codex" ]]; then
    agent_name="Codex CLI $("$codex" --version 2>/dev/null | awk '{print $NF}')"
    mkdir -p "$work/codex-home" "$work/project"
    agent=(--agent codex -- "$codex" exec --skip-git-repo-check --json --sandbox read-only
           "Reply with one short sentence: the drill reached you.")
    export CODEX_HOME="$work/codex-home"
else
    agent_name="the bundled agent (drill/agent.sh)"
    mkdir -p "$work/project"
    agent=(--agent generic -- "$drill_dir/agent.sh" "Say hello.")
fi
show_run() {
    python3 - "$1" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for attempt in doc["data"].get("attempts", []):
    what = attempt.get("class") or "ok"
    code = attempt.get("exit_code")
    label = f"{attempt['provider']}/{attempt['model']}"
    print(f"   attempt {attempt['number']}: {label:<26} {what:<14} exit {code}  -> "
          f"{attempt.get('next') or attempt.get('reason', '')}")
    proxy = attempt.get("proxy")
    if proxy:
        print(f"     inside it, failover-proxy served {proxy['requests']} request(s), "
              f"{proxy['failed_over']} failed over:")
        for row in proxy["attempts"]:
            print(f"       {row['candidate']:<28} {row['class']:<14} x{row['count']}")
print(f"   outcome: {doc['status']} (exit {doc['exit_code']}): {doc['summary']}")
PY
}

step "4. run-with-failover --via direct: $agent_name, the step restarted on each candidate"
set +e
(cd "$work/project" && "$(tool_path run-with-failover)" --lane code --via direct \
    --status-file "$work/run.json" --attempt-timeout 60s "${agent[@]}" \
    </dev/null >"$work/agent.out" 2>"$work/agent.err")
run_status=$?
set -e
show_run "$work/run.json"

step "4b. run-with-failover --via proxy: the same step, its requests failed over inside one attempt"
set +e
(cd "$work/project" && "$(tool_path run-with-failover)" --lane code --via proxy \
    --status-file "$work/run-proxy.json" --attempt-timeout 60s "${agent[@]}" \
    </dev/null >"$work/agent-proxy.out" 2>"$work/agent-proxy.err")
proxy_status=$?
set -e
show_run "$work/run-proxy.json"
printf '   exit status: %d\n' "$proxy_status"

step "5. budget-check: what the session spent, and on what"
"$(tool_path budget-check)" --session drill --format text || true

printf '\nrun-with-failover exit status: %d\n' "$run_status"
exit "$run_status"
