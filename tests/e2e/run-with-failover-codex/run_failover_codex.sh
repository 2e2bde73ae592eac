#!/usr/bin/env bash
# run-with-failover + the real Codex CLI + provider-sim, on 127.0.0.1 only.
#   run_failover_codex.sh <run-with-failover> <provider-sim> <case> <codex search dir>
# cases: rate-limited-then-healthy (exit 0, two attempts), auth-everywhere (77),
#        server-errors-everywhere (75).
# Exit 0 pass, 1 fail, 77 skip (codex not installed and LIFELINE_REQUIRE_E2E != 1).
set -u
rwf="$1"; sim="$2"; case_name="$3"; search_dir="$4"

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
e2e_find_codex "$search_dir"

e2e_work_dir rwf-codex-e2e
mkdir -p "$work/home" "$work/project"
touch "$work/home/config.toml"

case "$case_name" in
    rate-limited-then-healthy)
        fleet='primary: {rules: [{fault: rate_limited, retry_after: 30s}]}
  secondary: {}'
        expect_exit=0 ;;
    auth-everywhere)
        fleet='primary: {keys: [sk-sim-the-only-valid-key-0000]}
  secondary: {keys: [sk-sim-the-only-valid-key-0000]}'
        expect_exit=77 ;;
    server-errors-everywhere)
        fleet='primary: {rules: [{fault: server_error}]}
  secondary: {rules: [{fault: server_error}]}'
        expect_exit=75 ;;
    *) echo "unknown case $case_name" >&2; exit 1 ;;
esac
printf 'version: 1\nproviders:\n  %s\n' "$fleet" >"$work/fleet.yaml"

e2e_start_sim "$sim" --fleet "$work/fleet.yaml"
primary="$(awk '$1=="primary"{print $2}' "$work/ready")"
secondary="$(awk '$1=="secondary"{print $2}' "$work/ready")"

# Codex speaks the Responses API: kind openai, models with the responses capability. A short
# max_wait makes the 30s Retry-After skip straight to the secondary.
cat >"$work/lifeline.yaml" <<YAML
version: 1
providers:
  primary:   {kind: openai, base_url: "http://$primary/v1", auth: {env: PRIMARY_KEY}}
  secondary: {kind: openai, base_url: "http://$secondary/v1", auth: {env: SECONDARY_KEY}}
models:
  gpt-5.5:      {provider: primary, capabilities: [responses]}
  gpt-5.5-mini: {provider: secondary, capabilities: [responses]}
lanes:
  code: [gpt-5.5, gpt-5.5-mini]
retry:
  max_wait: 5s
  rate_limited: {retries: 0}   # Codex does not print the Retry-After: fall back at once
  backoff: {initial: 50ms, max: 200ms}
YAML

(cd "$work/project" && env -i PATH="$PATH" HOME="$work" CODEX_HOME="$work/home" \
    PRIMARY_KEY=sk-sim-primary-not-a-real-key-01 SECONDARY_KEY=sk-sim-secondary-not-a-real-key \
    HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9 \
    NO_PROXY=127.0.0.1,localhost \
    timeout 200 "$rwf" --config "$work/lifeline.yaml" --state memory: --lane code --via direct \
        --status-file "$work/status.json" --attempt-timeout 60s -- \
        "$codex" exec --skip-git-repo-check --json --sandbox read-only "Say hello." \
        </dev/null >"$work/out.jsonl" 2>"$work/err.txt")
status=$?
echo "run-with-failover exit status: $status"
cat "$work/status.json" 2>/dev/null

fail() {
    echo "FAIL: $*" >&2
    echo "--- stderr" >&2; tail -n 30 "$work/err.txt" >&2
    echo "--- provider-sim log" >&2; cat "$work/sim.log" >&2
    exit 1
}
[[ -s "$work/status.json" ]] || fail "no status file"
[[ $status -eq $expect_exit ]] || fail "exit $status, expected $expect_exit"
attempts="$(grep -c '"number":' "$work/status.json")"
grep -q 'sk-sim-' "$work/status.json" "$work/out.jsonl" "$work/err.txt" && fail "a key leaked into the output"
case "$case_name" in
    rate-limited-then-healthy)
        [[ $attempts -eq 2 ]] || fail "expected a two-attempt trail, got $attempts"
        grep -q '"class": "rate_limited"' "$work/status.json" || fail "first attempt not rate_limited"
        grep -q '"result": "succeeded"' "$work/status.json" || fail "outcome not succeeded"
        grep -q '"type":"turn.completed"' "$work/out.jsonl" || fail "codex output not passed through"
        ;;
    auth-everywhere)
        grep -q '"class": "auth"' "$work/status.json" || fail "no auth class in the trail"
        ;;
    server-errors-everywhere)
        # Codex reports a 5xx as "We're currently experiencing high demand": overloaded.
        grep -Eq '"class": "(server_error|overloaded)"' "$work/status.json" ||
            fail "no server_error/overloaded in the trail"
        ;;
esac
echo "PASS: run-with-failover + codex $case_name ($attempts attempts)"
