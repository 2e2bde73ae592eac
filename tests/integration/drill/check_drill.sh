#!/usr/bin/env bash
# Runs scripts/demo.sh against an existing build, or an installed tree's
# share/lifeline/demo.sh, and checks the story it tells:
#   check_drill.sh <repo> <build dir> codex|bundled
#   check_drill.sh --installed <tree> bundled
# Exit 0 pass, 1 fail, 77 skip (codex case without Codex CLI, unless LIFELINE_REQUIRE_E2E=1).
set -u
if [[ "$1" == --installed ]]; then
    demo="$2/share/lifeline/demo.sh"; repo=""; build=""; agent="$3"
else
    repo="$1"; build="$2"; agent="$3"; demo="$repo/scripts/demo.sh"
fi

if [[ "$agent" == codex && ! -x "${CODEX_BIN:-$repo/.deps/npm/node_modules/.bin/codex}" ]]; then
    if [[ "${LIFELINE_REQUIRE_E2E:-0}" == 1 ]]; then
        echo "FAIL: Codex CLI not installed (scripts/install-deps.sh)" >&2
        exit 1
    fi
    echo "SKIP: Codex CLI not installed" >&2
    exit 77
fi
drill_agent=""
[[ "$agent" == bundled ]] && drill_agent=bundled

output=$(LIFELINE_SKIP_INSTALL=1 LIFELINE_SKIP_BUILD=1 LIFELINE_BUILD_DIR="$build" \
    LIFELINE_DRILL_AGENT="$drill_agent" timeout 240 bash "$demo" 2>&1)
status=$?
echo "$output"

fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { grep -Eq -- "$1" <<<"$output" || fail "missing: $1"; }

[[ $status -eq 0 ]] || fail "demo.sh exited $status"
expect '^primary +auth +rate_limited +degraded +429'
expect '^secondary +auth +overloaded +degraded +503'
expect '^tertiary +auth +region_blocked +unhealthy +403'
expect '^healthy +auth +ok +healthy +200'
expect 'probe-endpoint: degraded: 1 of 4 healthy'
expect 'rejected +tertiary/gpt-5.5-blocked: last probe: region_blocked'
expect 'attempt 1: primary/gpt-5.5 +rate_limited'
expect 'attempt 2: secondary/gpt-5.5-eu +overloaded'
expect 'attempt 4: healthy/gpt-5.5-backup +ok +exit 0'
expect 'outcome: degraded \(exit 0\): succeeded after 4 attempts on 3 candidates'
expect 'attempt 1: lifeline-proxy/code +ok +exit 0'
expect 'inside it, failover-proxy served [1-9][0-9]* request'
expect 'outcome: ok \(exit 0\): succeeded after 1 attempt on 1 candidate'
expect 'session_tokens .* ok +drill'
expect 'run-with-failover exit status: 0'
grep -q 'tertiary/gpt-5.5-blocked +region_blocked' <<<"$output" && fail "the rejected candidate was tried"
grep -q 'sk-sim-' <<<"$output" && fail "a key reached the output"
if [[ "$agent" == codex ]]; then
    expect 'run-with-failover --via direct: Codex CLI'
    expect 'Totals: [1-9][0-9,]* tokens'   # Codex's usage reached the ledger
else
    expect 'run-with-failover --via direct: the bundled agent'
fi
echo "PASS: drill ($agent)"
