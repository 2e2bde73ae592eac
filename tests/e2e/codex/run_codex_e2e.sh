#!/usr/bin/env bash
# Codex CLI against provider-sim, on 127.0.0.1 only.
#   run_codex_e2e.sh <provider-sim binary> <scenarios dir> <case: healthy|rate-limited> <codex search dir>
# Exit 0 pass, 1 fail, 77 skip (codex not installed and LIFELINE_REQUIRE_E2E != 1).
set -u
sim="$1"; scenarios="$2"; case_name="$3"; search_dir="$4"

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
e2e_find_codex "$search_dir"

e2e_work_dir codex-e2e
mkdir -p "$work/home" "$work/project"

case "$case_name" in
    healthy) scenario="$scenarios/healthy.yaml" ;;
    rate-limited) scenario="$scenarios/rate-limited.yaml" ;;
    *) echo "unknown case $case_name" >&2; exit 1 ;;
esac

e2e_start_sim "$sim" --scenario "$scenario"
address="$(head -n1 "$work/ready")"

# A custom provider only; Codex's own retries kept at zero so the 429 case is fast.
cat >"$work/home/config.toml" <<TOML
model = "gpt-5.5"
model_provider = "sim"
[model_providers.sim]
name = "provider-sim"
base_url = "http://$address/v1"
env_key = "SIM_API_KEY"
wire_api = "responses"
request_max_retries = 0
stream_max_retries = 0
TOML

# A clean environment: no real keys, and any attempt to reach beyond loopback goes to a dead
# proxy (port 9, discard) instead of the internet.
(cd "$work/project" && env -i PATH="$PATH" HOME="$work" CODEX_HOME="$work/home" \
    SIM_API_KEY=sk-sim-e2e-not-a-real-key \
    HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9 \
    NO_PROXY=127.0.0.1,localhost \
    timeout 120 "$codex" exec --skip-git-repo-check --json --sandbox read-only \
    "Say hello." </dev/null >"$work/out.jsonl" 2>"$work/err.txt")
status=$?
echo "codex exit status: $status"
cat "$work/out.jsonl"

fail() { echo "FAIL: $*" >&2; echo "--- codex stderr" >&2; tail -n 20 "$work/err.txt" >&2; echo "--- provider-sim log" >&2; cat "$work/sim.log" >&2; exit 1; }

case "$case_name" in
    healthy)
        [[ $status -eq 0 ]] || fail "codex exited $status on a healthy provider"
        grep -q '"type":"turn.completed"' "$work/out.jsonl" || fail "no turn.completed event"
        grep -q '"input_tokens":[1-9]' "$work/out.jsonl" || fail "turn.completed carries no input usage"
        grep -q '"output_tokens":[1-9]' "$work/out.jsonl" || fail "turn.completed carries no output usage"
        grep -q 'Hello from provider-sim' "$work/out.jsonl" || fail "the reply text did not arrive"
        ;;
    rate-limited)
        [[ $status -ne 0 ]] || fail "codex exited 0 although every request got 429"
        grep -q '"type":"turn.failed"' "$work/out.jsonl" || fail "no turn.failed event"
        grep -q '429' "$work/out.jsonl" || fail "the failure does not mention 429"
        ;;
esac
grep -q "POST /v1/responses" "$work/sim.log" || fail "provider-sim saw no /v1/responses request"
echo "PASS: codex $case_name"
