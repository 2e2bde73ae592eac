#!/usr/bin/env bash
# pick-provider --emit codex-profile, then `codex exec --profile` with that profile against
# provider-sim, on 127.0.0.1 only.
#   run_pick_codex_e2e.sh <pick-provider binary> <provider-sim binary> <codex search dir>
# Exit 0 pass, 1 fail, 77 skip (codex not installed and LIFELINE_REQUIRE_E2E != 1).
set -u
pick="$1"; sim="$2"; search_dir="$3"

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
e2e_find_codex "$search_dir"

e2e_work_dir pick-codex-e2e
mkdir -p "$work/home" "$work/project"
key="sk-sim-pick-e2e-not-a-real-key"

cat >"$work/scenario.yaml" <<YAML
version: 1
name: healthy
keys: [$key]
reply: "Hello from provider-sim."
YAML
e2e_start_sim "$sim" --scenario "$work/scenario.yaml"
address="$(head -n1 "$work/ready")"

# The anthropic candidate comes first in the lane but Codex cannot speak its API: pick-provider
# must skip it and emit the simulated OpenAI-compatible provider.
cat >"$work/lifeline.yaml" <<YAML
version: 1
providers:
  anthropic: {kind: anthropic, auth: {env: ANTHROPIC_API_KEY}, jurisdiction: US}
  sim:       {kind: openai-compatible, base_url: "http://$address/v1", auth: {env: SIM_API_KEY}, jurisdiction: EU}
models:
  claude-sonnet-4-6: {provider: anthropic, context_window: 200000}
  sim-gpt:           {provider: sim, id: gpt-5.5, context_window: 272000, capabilities: [tools, responses, streaming]}
lanes:
  code: [claude-sonnet-4-6, sim-gpt]
YAML

fail() { echo "FAIL: $*" >&2; [[ -f "$work/err.txt" ]] && { echo "--- codex stderr" >&2; tail -n 20 "$work/err.txt" >&2; }; echo "--- provider-sim log" >&2; cat "$work/sim.log" >&2; exit 1; }

(cd "$work/project" && env -i PATH="$PATH" HOME="$work" \
    "$pick" --config "$work/lifeline.yaml" --no-state --lane code \
    --emit codex-profile --codex-home "$work/home" --profile-name lifeline-ci \
    >"$work/pick.json" 2>"$work/pick.err") || fail "pick-provider exited $? ($(cat "$work/pick.err"))"
profile="$work/home/lifeline-ci.config.toml"
[[ -f "$profile" ]] || fail "no profile written at $profile"
echo "--- emitted profile"; cat "$profile"
grep -q 'model_provider = "lifeline-sim"' "$profile" || fail "the profile does not select the sim provider"
grep -q 'env_key = "SIM_API_KEY"' "$profile" || fail "the profile does not name the key variable"
grep -q "$key" "$profile" && fail "the key value leaked into the profile"

# A clean environment: no real keys; anything that tries to leave loopback hits a dead proxy.
(cd "$work/project" && env -i PATH="$PATH" HOME="$work" CODEX_HOME="$work/home" \
    SIM_API_KEY="$key" \
    HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9 \
    NO_PROXY=127.0.0.1,localhost \
    timeout 120 "$codex" exec --profile lifeline-ci --skip-git-repo-check --json --sandbox read-only \
    "Say hello." </dev/null >"$work/out.jsonl" 2>"$work/err.txt")
status=$?
echo "codex exit status: $status"
cat "$work/out.jsonl"

[[ $status -eq 0 ]] || fail "codex exited $status with the emitted profile"
grep -q '"type":"turn.completed"' "$work/out.jsonl" || fail "no turn.completed event"
grep -q 'Hello from provider-sim' "$work/out.jsonl" || fail "the reply text did not arrive"
grep -q "POST /v1/responses" "$work/sim.log" || fail "provider-sim saw no /v1/responses request"
echo "PASS: codex completed a turn with the profile pick-provider emitted"
