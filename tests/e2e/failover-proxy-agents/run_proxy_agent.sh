#!/usr/bin/env bash
# failover-proxy + a real agent CLI + provider-sim, on 127.0.0.1 only.
#   run_proxy_agent.sh <failover-proxy> <provider-sim> <case> <search dir> [<run-with-failover>]
# Every upstream's scripted reply is a shell tool call, then "Done." once the request carries
# the tool's result; each case runs in a fresh HOME.
# The proxy started by hand, the agent pointed at it:
#   codex-429-to-anthropic  Codex CLI (Responses) on lane code = [openai-kind, anthropic-kind];
#                           the openai upstream answers the first request and returns 429 from
#                           then on: the tool's result goes to the anthropic upstream in the
#                           same session and Codex exits 0
#   claude-to-openai        Claude Code (Messages) on an openai-kind (Chat Completions) upstream
#   claude-to-gemini        Claude Code on a gemini-kind upstream
#   gemini-to-responses     Gemini CLI on an openai-kind upstream reached with the Responses API
# Through run-with-failover --via auto (it starts the proxy as a sidecar):
#   rwf-codex-429-to-anthropic   as above: exit 0 in ONE step attempt, the attempt's proxy trail
#                                shows the failover, the ledger has rows of both candidates, and
#                                budget-check's total for the run = the ledger's = the trail's
#   rwf-claude-outage-to-chat    lane [anthropic-kind in an outage (529), openai-compatible chat]
#   rwf-gemini-region-to-responses  lane [gemini-kind region-blocked, openai Responses]
#   rwf-codex-auth-everywhere    401 from every candidate: exit 77
#   rwf-codex-5xx-everywhere     500 from every candidate: exit 75
# Pass: the expected exit, the tool's proof file (when the task can succeed), the upstream APIs
# that served it, and no key or token in any output. Exit 0 pass, 1 fail, 77 skip.
set -u
proxy="$1"; sim="$2"; case_name="$3"; search_dir="$4"; rwf="${5:-}"; budget="${6:-}"

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
through=proxy
scenario="$case_name"
if [[ "$case_name" == rwf-* ]]; then through=rwf; scenario="${case_name#rwf-}"; fi
agent="${scenario%%-*}"
e2e_find_agent "$agent" "$search_dir"
e2e_work_dir "proxy-$case_name-e2e"
mkdir -p "$work/home" "$work/project"

proxy_pid=""
stop_proxy() {
    if [[ -n "$proxy_pid" ]]; then kill -TERM "$proxy_pid" 2>/dev/null; wait "$proxy_pid" 2>/dev/null; fi
    e2e_cleanup
}
trap stop_proxy EXIT

# The tool also records the environment the agent gave it: no provider key may be in it.
proof='env > agent-env.txt; echo lifeline-ok > proof.txt'
case "$agent" in
    codex) tool="{name: exec_command, arguments: '{\"cmd\": \"$proof\"}'}" ;;
    claude) tool="{name: Bash, arguments: '{\"command\": \"$proof\", \"description\": \"Write the proof file\"}'}" ;;
    gemini) tool="{name: run_shell_command, arguments: '{\"command\": \"$proof\", \"description\": \"Write the proof file\"}'}" ;;
esac
reply="{text: Done., tool_call: $tool}"

oa_rules="[]"; an_rules="[]"; ge_rules="[]"; keys_rule=""; expect_exit=0
case "$scenario" in
    codex-429-to-anthropic)
        oa_rules="[{match: {requests: 2-}, fault: rate_limited, retry_after: 60s}]"
        lane="[gpt, claude]"; expect_apis="responses messages" ;;
    claude-to-openai) lane="[chat]"; expect_apis="chat" ;;
    claude-to-gemini) lane="[gem]"; expect_apis="gemini" ;;
    gemini-to-responses) lane="[gpt]"; expect_apis="responses" ;;
    claude-outage-to-chat)
        an_rules="[{fault: overloaded, status: 529}]"; lane="[claude, chat]"; expect_apis="chat" ;;
    gemini-region-to-responses)
        ge_rules="[{fault: region_blocked}]"; lane="[gem, gpt]"; expect_apis="responses" ;;
    codex-auth-everywhere)
        keys_rule=", keys: [sk-sim-the-only-valid-key-0000]"; lane="[gpt, claude]"; expect_apis=""
        expect_exit=77 ;;
    codex-5xx-everywhere)
        oa_rules="[{fault: server_error}]"; an_rules="[{fault: server_error}]"
        lane="[gpt, claude]"; expect_apis=""; expect_exit=75 ;;
    *) echo "unknown case $case_name" >&2; exit 1 ;;
esac
[[ "$through" == rwf && ! -x "$rwf" ]] && { echo "FAIL: run-with-failover binary not given" >&2; exit 1; }
cat >"$work/fleet.yaml" <<YAML
version: 1
providers:
  oa: {reply: $reply, rules: $oa_rules$keys_rule}
  an: {reply: $reply, rules: $an_rules$keys_rule}
  ge: {reply: $reply, rules: $ge_rules$keys_rule}
YAML
e2e_start_sim "$sim" --fleet "$work/fleet.yaml"
oa="$(awk '$1=="oa"{print $2}' "$work/ready")"
an="$(awk '$1=="an"{print $2}' "$work/ready")"
ge="$(awk '$1=="ge"{print $2}' "$work/ready")"

cat >"$work/lifeline.yaml" <<YAML
version: 1
providers:
  oa: {kind: openai, base_url: "http://$oa/v1", auth: {env: SIM_OPENAI_KEY}}
  oc: {kind: openai-compatible, base_url: "http://$oa/v1", auth: {env: SIM_OPENAI_KEY}}
  an: {kind: anthropic, base_url: "http://$an", auth: {env: SIM_ANTHROPIC_KEY}}
  ge: {kind: gemini, base_url: "http://$ge/v1beta", auth: {env: SIM_GEMINI_KEY}}
models:
  gpt: {provider: oa, id: gpt-5.5, context_window: 400000, capabilities: [tools, streaming, responses]}
  chat: {provider: oc, id: qwen3-coder, context_window: 256000}
  claude: {provider: an, id: claude-sonnet-4-6, context_window: 200000}
  gem: {provider: ge, id: gemini-3-pro, context_window: 1000000}
lanes:
  code: $lane
default_lane: code
retry:
  backoff: {initial: 50ms, max: 200ms}
YAML

keys=(SIM_OPENAI_KEY=sk-sim-openai-not-a-real-key-0001 SIM_ANTHROPIC_KEY=sk-sim-anthropic-not-a-real-key-1
      SIM_GEMINI_KEY=sk-sim-gemini-not-a-real-key-0001)
env -i PATH="$PATH" HOME="$work/home" "${keys[@]}" \
    "$proxy" --config "$work/lifeline.yaml" --state memory: --listen 127.0.0.1:0 \
    --ready-file "$work/proxy.env" --access-log "$work/access.log" 2>"$work/proxy.log" &
proxy_pid=$!
for _ in $(seq 1 100); do [[ -s "$work/proxy.env" ]] && break; sleep 0.05; done
[[ -s "$work/proxy.env" ]] || { echo "FAIL: proxy not ready" >&2; cat "$work/proxy.log" >&2; exit 1; }
source "$work/proxy.env"  # LIFELINE_PROXY_URL, LIFELINE_PROXY_TOKEN

# The agents never see a provider key: only the proxy's token.
base_env=(PATH="$PATH" HOME="$work/home" TERM=dumb LANG=C.UTF-8 CI=true
          HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9
          NO_PROXY=127.0.0.1,localhost)
prompt="Run the shell command that writes proof.txt, then say Done."

# Through run-with-failover: it starts the proxy, hides the provider keys from the agent and
# hands it the per-run token.
if [[ "$through" == rwf ]]; then
    case "$agent" in
        codex) command=("$agent_bin" exec --json --skip-git-repo-check
                        --dangerously-bypass-approvals-and-sandbox "$prompt") ;;
        claude) command=("$agent_bin" -p "$prompt" --output-format json --allowedTools Bash) ;;
        gemini) command=("$agent_bin" -p "$prompt" --output-format json --yolo) ;;
    esac
    started_ms=$(date +%s%3N)
    mkdir -p "$work/tmp"
    (cd "$work/project" && env -i "${base_env[@]}" "${keys[@]}" LIFELINE_PROXY_BIN="$proxy" TMPDIR="$work/tmp" \
        timeout 200 "$rwf" --config "$work/lifeline.yaml" --state "sqlite://$work/state.db" \
        --lane code --status-file "$work/status.json" --attempt-timeout 120s -- "${command[@]}" \
        </dev/null >"$work/out.txt" 2>"$work/err.txt")
    status=$?
    echo "run-with-failover exit status: $status ($(( $(date +%s%3N) - started_ms )) ms)"
    rwf_fail() {
        echo "FAIL: $*" >&2
        echo "--- stderr" >&2; tail -n 30 "$work/err.txt" >&2
        echo "--- status" >&2; cat "$work/status.json" >&2
        exit 1
    }
    [[ $status -eq $expect_exit ]] || rwf_fail "exit $status, expected $expect_exit"
    field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["data"]; print(eval(sys.argv[2]))' "$work/status.json" "$1"; }
    [[ "$(field 'd["via"]')" == proxy ]] || rwf_fail "the step did not run through the proxy"
    grep -q 'sk-sim-' "$work/out.txt" "$work/err.txt" "$work/status.json" &&
        rwf_fail "a provider key leaked into the output"
    if [[ -f "$work/project/agent-env.txt" ]] && grep -q 'sk-sim-' "$work/project/agent-env.txt"; then
        rwf_fail "the agent's environment held a provider key"
    fi
    if [[ $expect_exit -eq 0 ]]; then
        [[ "$(cat "$work/project/proof.txt" 2>/dev/null)" == lifeline-ok ]] ||
            rwf_fail "the agent did not run the tool call (no proof.txt)"
        [[ -f "$work/project/agent-env.txt" ]] || rwf_fail "no agent-env.txt"
        [[ "$(field 'len(d["attempts"])')" == 1 ]] || rwf_fail "expected one step attempt"
        failed_over="$(field 'd["attempts"][0]["proxy"]["failed_over"]')"
        (( failed_over >= 1 )) || rwf_fail "the proxy trail shows no failover"
        # The proxy's ledger rows carry the step's run id; the served candidate has tokens.
        rows="$(sqlite3 "$work/state.db" "select provider || ':' || input_tokens from ledger where provider != 'lifeline-proxy' and input_tokens > 0")"
        [[ -n "$rows" ]] || rwf_fail "no ledger row with tokens from the proxy"
        runs="$(sqlite3 "$work/state.db" "select count(distinct run_id) from ledger")"
        [[ "$runs" == 1 ]] || rwf_fail "ledger rows carry $runs run ids, expected the step's one"
        echo "ledger: $rows"
        # One usage writer: budget-check's totals for the step's run are the proxy's tokens,
        # counted once; the step's own row carries none.
        step_tokens="$(sqlite3 "$work/state.db" "select coalesce(sum(input_tokens + output_tokens), 0) from ledger where provider = 'lifeline-proxy'")"
        [[ "$step_tokens" == 0 ]] || rwf_fail "the step's own ledger row counts $step_tokens tokens"
        ledger_total="$(sqlite3 "$work/state.db" "select sum(input_tokens + output_tokens) from ledger")"
        trail_total="$(field 'sum(v["input"] + v["output"] for v in d["attempts"][0]["proxy"]["tokens"].values())')"
        budget_total="$("$budget" --config "$work/lifeline.yaml" --state "sqlite://$work/state.db" \
            --run-id "$(field 'd["run_id"]')" --format json |
            python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["totals"]["total_tokens"])')"
        [[ "$budget_total" == "$ledger_total" && "$budget_total" == "$trail_total" ]] ||
            rwf_fail "budget-check counts $budget_total tokens, the ledger $ledger_total, the proxy trail $trail_total"
        echo "budget-check total for the run: $budget_total tokens (= ledger, = proxy trail)"
    fi
    # The sidecar's files live under $TMPDIR/lifeline-agent-<run>-proxy: nothing may still run there.
    pgrep -f -- "$work/tmp/lifeline-agent" >/dev/null && rwf_fail "the failover-proxy sidecar outlived the step"
    echo "PASS: $case_name"
    exit 0
fi
case "$agent" in
    codex)
        agent_env=(LIFELINE_PROXY_TOKEN="$LIFELINE_PROXY_TOKEN")
        command=("$agent_bin" exec --json --skip-git-repo-check --dangerously-bypass-approvals-and-sandbox
                 -c "model_providers.lifeline={name=\"lifeline\", base_url=\"$LIFELINE_PROXY_URL/v1\", wire_api=\"responses\", env_key=\"LIFELINE_PROXY_TOKEN\"}"
                 -c model_provider=lifeline -c model=code -c model_context_window=200000
                 -c analytics.enabled=false "$prompt") ;;
    claude)
        agent_env=(ANTHROPIC_BASE_URL="$LIFELINE_PROXY_URL" ANTHROPIC_AUTH_TOKEN="$LIFELINE_PROXY_TOKEN"
                   ANTHROPIC_MODEL=code ANTHROPIC_SMALL_FAST_MODEL=code CLAUDE_CODE_MAX_RETRIES=1
                   CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_TELEMETRY=1 DISABLE_AUTOUPDATER=1
                   DISABLE_ERROR_REPORTING=1)
        command=("$agent_bin" -p "$prompt" --output-format json --allowedTools Bash) ;;
    gemini)
        mkdir -p "$work/gemini-home/.gemini"
        cat >"$work/gemini-home/.gemini/settings.json" <<JSON
{"security": {"auth": {"selectedType": "gemini-api-key"}},
 "general": {"maxAttempts": 2, "enableAutoUpdate": false, "enableAutoUpdateNotification": false},
 "privacy": {"usageStatisticsEnabled": false}, "telemetry": {"enabled": false}}
JSON
        agent_env=(GOOGLE_GEMINI_BASE_URL="$LIFELINE_PROXY_URL" GEMINI_API_KEY="$LIFELINE_PROXY_TOKEN"
                   GEMINI_CLI_HOME="$work/gemini-home" GEMINI_CLI_TRUST_WORKSPACE=true)
        command=("$agent_bin" -p "$prompt" -m code --output-format json --yolo) ;;
esac

started_ms=$(date +%s%3N)
(cd "$work/project" && env -i "${base_env[@]}" "${agent_env[@]}" timeout 180 "${command[@]}" \
    </dev/null >"$work/out.txt" 2>"$work/err.txt")
status=$?
echo "$agent exit status: $status ($(( $(date +%s%3N) - started_ms )) ms)"

fail() {
    echo "FAIL: $*" >&2
    echo "--- stdout" >&2; tail -c 3000 "$work/out.txt" >&2
    echo "--- stderr" >&2; tail -n 30 "$work/err.txt" >&2
    echo "--- proxy log" >&2; tail -n 30 "$work/proxy.log" >&2
    echo "--- access log" >&2; tail -n 20 "$work/access.log" >&2
    exit 1
}
[[ $status -eq 0 ]] || fail "$agent exited $status"
[[ "$(cat "$work/project/proof.txt" 2>/dev/null)" == lifeline-ok ]] ||
    fail "the agent did not run the tool call (no proof.txt)"
grep -q 'sk-sim-' "$work/out.txt" "$work/err.txt" "$work/proxy.log" "$work/access.log" &&
    fail "a provider key leaked into the output"
grep -q "$LIFELINE_PROXY_TOKEN" "$work/out.txt" "$work/proxy.log" "$work/access.log" &&
    fail "the proxy token leaked into the output"
apis="$(python3 - "$work/access.log" <<'PY'
import json, sys
seen = []
for line in open(sys.argv[1]):
    record = json.loads(line)
    for attempt in record["attempts"]:
        if attempt["class"] is None and attempt["upstream_api"] not in seen:
            seen.append(attempt["upstream_api"])
print(" ".join(seen))
PY
)"
for api in $expect_apis; do
    [[ " $apis " == *" $api "* ]] || fail "no successful attempt over the $api API (served over: $apis)"
done
if [[ "$case_name" == codex-429-to-anthropic ]]; then
    grep -q '"class":"rate_limited"' "$work/access.log" || fail "the 429 was not seen"
    sessions="$(python3 -c 'import json,sys; print(len({json.loads(l)["session"] for l in open(sys.argv[1])}))' "$work/access.log")"
    [[ "$sessions" == 1 ]] || fail "expected one session, saw $sessions"
fi
echo "access log:"; cat "$work/access.log"
echo "PASS: $case_name through failover-proxy (served over: $apis)"
