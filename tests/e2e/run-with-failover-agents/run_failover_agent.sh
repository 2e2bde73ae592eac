#!/usr/bin/env bash
# run-with-failover + the real Claude Code or Gemini CLI + provider-sim, on 127.0.0.1 only.
#   run_failover_agent.sh <run-with-failover> <provider-sim> <agent> <case> <search dir>
# agent: claude | gemini. Every case runs in a fresh HOME with no agent settings.
# cases:
#   healthy                    one candidate; the agent runs a shell tool call (provider-sim's
#                              scripted reply), then finishes: exit 0, the tool's file exists
#   rate-limited-then-healthy  429 on the first candidate: exit 0, served by the second
#   overloaded-first           503 on the first: at most 1 + the policy's retries requests reach
#                              it, and the second is reached within the backoff cap + 5 s
#   auth-everywhere            401 on every candidate: exit 77
# Exit 0 pass, 1 fail, 77 skip (the CLI is not installed and LIFELINE_REQUIRE_E2E != 1).
set -u
rwf="$1"; sim="$2"; agent="$3"; case_name="$4"; search_dir="$5"

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
e2e_find_agent "$agent" "$search_dir"

e2e_work_dir "rwf-$agent-e2e"
mkdir -p "$work/home" "$work/project"

# The policy under test: overloaded gets one same-candidate retry, which the agent makes
# itself (CLAUDE_CODE_MAX_RETRIES / Gemini's retry setting); backoff capped at 200 ms.
overloaded_retries=1
backoff_cap_ms=200

case "$agent" in
    claude)
        kind=anthropic; base_path=""
        tool='{name: Bash, arguments: "{\"command\": \"echo lifeline-ok > proof.txt\", \"description\": \"Write the proof file\"}"}'
        command=("$agent_bin" -p "Run the shell command that writes proof.txt, then say Done."
                 --output-format json --allowedTools Bash)
        ;;
    gemini)
        kind=gemini; base_path=""
        tool='{name: run_shell_command, arguments: "{\"command\": \"echo lifeline-ok > proof.txt\", \"description\": \"Write the proof file\"}"}'
        command=("$agent_bin" -p "Run the shell command that writes proof.txt, then say Done."
                 --output-format json --yolo)
        # The user's own Gemini settings: a run must leave them byte for byte as they were.
        mkdir -p "$work/.gemini"
        printf '{"ui": {"theme": "Default"}, "general": {"vimMode": true}}\n' >"$work/.gemini/settings.json"
        ;;
    *) echo "unknown agent $agent" >&2; exit 1 ;;
esac
reply="{text: Done., tool_call: $tool}"

case "$case_name" in
    healthy)
        fleet="primary: {reply: $reply}
  secondary: {reply: $reply}"
        expect_exit=0 ;;
    rate-limited-then-healthy)
        fleet="primary: {reply: $reply, rules: [{fault: rate_limited, retry_after: 1s}]}
  secondary: {reply: $reply}"
        expect_exit=0 ;;
    overloaded-first)
        fleet="primary: {reply: $reply, rules: [{fault: overloaded, status: 503}]}
  secondary: {reply: $reply}"
        expect_exit=0 ;;
    auth-everywhere)
        fleet="primary: {keys: [sk-sim-the-only-valid-key-0000]}
  secondary: {keys: [sk-sim-the-only-valid-key-0000]}"
        expect_exit=77 ;;
    *) echo "unknown case $case_name" >&2; exit 1 ;;
esac
printf 'version: 1\nproviders:\n  %s\n' "$fleet" >"$work/fleet.yaml"

e2e_start_sim "$sim" --fleet "$work/fleet.yaml"
primary="$(awk '$1=="primary"{print $2}' "$work/ready")"
secondary="$(awk '$1=="secondary"{print $2}' "$work/ready")"

chain="[first, second]"
[[ "$case_name" == healthy ]] && chain="[first]"
cat >"$work/lifeline.yaml" <<YAML
version: 1
providers:
  primary:   {kind: $kind, base_url: "http://$primary$base_path", auth: {env: PRIMARY_KEY}}
  secondary: {kind: $kind, base_url: "http://$secondary$base_path", auth: {env: SECONDARY_KEY}}
models:
  first:  {provider: primary, id: sim-model-first}
  second: {provider: secondary, id: sim-model-second}
lanes:
  code: $chain
retry:
  max_wait: 5s
  rate_limited: {retries: 1}
  overloaded: {retries: $overloaded_retries}
  server_error: {retries: 1}
  backoff: {initial: 50ms, max: ${backoff_cap_ms}ms}
YAML
if [[ "$agent" == gemini ]]; then cp "$work/.gemini/settings.json" "$work/settings.before"; fi

started_ms=$(date +%s%3N)
(cd "$work/project" && env -i PATH="$PATH" HOME="$work" TERM=dumb LANG=C.UTF-8 CI=true \
    PRIMARY_KEY=sk-sim-primary-not-a-real-key-01 SECONDARY_KEY=sk-sim-secondary-not-a-real-key \
    HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9 \
    NO_PROXY=127.0.0.1,localhost \
    timeout 200 "$rwf" --config "$work/lifeline.yaml" --state memory: --lane code --via direct \
        --status-file "$work/status.json" --attempt-timeout 90s -- "${command[@]}" \
        </dev/null >"$work/out.txt" 2>"$work/err.txt")
status=$?
echo "run-with-failover exit status: $status ($(( $(date +%s%3N) - started_ms )) ms)"
cat "$work/status.json" 2>/dev/null

fail() {
    echo "FAIL: $*" >&2
    echo "--- stdout" >&2; tail -c 3000 "$work/out.txt" >&2
    echo "--- stderr" >&2; tail -n 30 "$work/err.txt" >&2
    echo "--- provider-sim log" >&2; tail -n 40 "$work/sim.log" >&2
    cat "$work/stats.json" >&2 2>/dev/null
    exit 1
}
sim_stat() {  # sim_stat INSTANCE FIELD: a field of provider-sim's per-instance stats
    curl -s "http://$primary/_sim/stats" | tee "$work/stats.json" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["instances"][sys.argv[1]][sys.argv[2]])' "$1" "$2"
}
[[ -s "$work/status.json" ]] || fail "no status file"
[[ $status -eq $expect_exit ]] || fail "exit $status, expected $expect_exit"
grep -q 'sk-sim-' "$work/status.json" "$work/out.txt" "$work/err.txt" && fail "a key leaked into the output"
attempts="$(grep -c '"number":' "$work/status.json")"
case "$case_name" in
    healthy)
        [[ "$(cat "$work/project/proof.txt" 2>/dev/null)" == lifeline-ok ]] ||
            fail "the agent did not run the tool call (no proof.txt)"
        [[ $attempts -eq 1 ]] || fail "expected one attempt, got $attempts"
        ;;
    rate-limited-then-healthy)
        # Gemini CLI passes on only the message of a 429, "You exceeded your current quota":
        # a quota to the classifier. Either way the step moves on.
        grep -Eq '"class": "(rate_limited|quota_exhausted)"' "$work/status.json" ||
            fail "first attempt not classified as a 429"
        grep -q '"model": "second"' "$work/status.json" || fail "the second candidate was not reached"
        [[ "$(cat "$work/project/proof.txt" 2>/dev/null)" == lifeline-ok ]] || fail "no proof.txt"
        ;;
    overloaded-first)
        reached="$(sim_stat primary requests)"
        (( reached <= 1 + overloaded_retries )) ||
            fail "$reached requests reached the failing candidate (at most $((1 + overloaded_retries)))"
        grep -q '"class": "overloaded"' "$work/status.json" || fail "first attempt not overloaded"
        # From the failing candidate's last request to the second's first, less the second
        # agent's own start-up (its attempt's start to its first request): the agent giving up,
        # lifeline's decision and its wait.
        gap_ms="$(python3 - "$work/status.json" "$(sim_stat primary last_inference_at)" \
                           "$(sim_stat secondary first_inference_at)" <<'PY'
import json, sys, datetime
def at(text): return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
second_start = at(json.load(open(sys.argv[1]))["data"]["attempts"][1]["started_at"])
last_failed, first_served = at(sys.argv[2]), at(sys.argv[3])
print(int((second_start - last_failed).total_seconds() * 1000),
      int((first_served - second_start).total_seconds() * 1000))
PY
)"
        read -r gap_ms startup_ms <<<"$gap_ms"
        (( gap_ms >= 0 && gap_ms <= backoff_cap_ms + 5000 )) ||
            fail "the second candidate's attempt started ${gap_ms} ms after the first candidate's last request (limit $((backoff_cap_ms + 5000)) ms)"
        echo "requests on the failing candidate: $reached; second attempt started ${gap_ms} ms" \
             "after its last request, and its agent asked the second candidate ${startup_ms} ms later"
        ;;
    auth-everywhere)
        grep -q '"class": "auth"' "$work/status.json" || fail "no auth class in the trail"
        ;;
esac
if [[ "$agent" == gemini ]]; then
    cmp -s "$work/settings.before" "$work/.gemini/settings.json" ||
        fail "the user's ~/.gemini/settings.json changed"
fi
echo "PASS: run-with-failover + $agent $case_name ($attempts attempts)"
