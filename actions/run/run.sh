#!/usr/bin/env bash
# The run action: run-with-failover with the action's inputs (INPUT_* variables) as flags, the
# command taken one argument per line. Ends in exec so run-with-failover is the step's process
# and the runner's SIGINT/SIGTERM on cancellation reach it (it forwards them to the agent).
set -euo pipefail
source "$GITHUB_ACTION_PATH/../lib/inputs.sh"

lifeline_value --config "${INPUT_CONFIG-}"
lifeline_value --state "${INPUT_STATE-}"
lifeline_value --lane "${INPUT_LANE-}"
chain=${INPUT_CHAIN-}
if [[ -z "$chain" && -z "${INPUT_LANE-}" ]]; then
    chain=${LIFELINE_CHAIN-}  # exported by the pick action
fi
lifeline_value --chain "$chain"
lifeline_value --agent "${INPUT_AGENT-}"
lifeline_value --via "${INPUT_VIA-}"
lifeline_value --request "${INPUT_REQUEST-}"
lifeline_value --api "${INPUT_API-}"
lifeline_value --attempt-timeout "${INPUT_ATTEMPT_TIMEOUT-}"
lifeline_value --idle-timeout "${INPUT_IDLE_TIMEOUT-}"
lifeline_value --kill-grace "${INPUT_KILL_GRACE-}"
lifeline_value --deadline "${INPUT_DEADLINE-}"
lifeline_value --max-attempts "${INPUT_MAX_ATTEMPTS-}"
lifeline_value --session-tokens "${INPUT_SESSION_TOKENS-}"
lifeline_value --request-tokens "${INPUT_REQUEST_TOKENS-}"
lifeline_value --max-turns "${INPUT_MAX_TURNS-}"
lifeline_value --max-retries-per-request "${INPUT_MAX_RETRIES_PER_REQUEST-}"
lifeline_value --session "${INPUT_SESSION-}"
lifeline_value --on-context-exceeded "${INPUT_ON_CONTEXT_EXCEEDED-}"
lifeline_value --seed "${INPUT_SEED-}"
lifeline_value --review-of "${INPUT_REVIEW_OF-}"
lifeline_value --avoid-vendor "${INPUT_AVOID_VENDOR-}"
lifeline_value --review-fallback "${INPUT_REVIEW_FALLBACK-}"
status_file=$(lifeline_document_path run "${INPUT_STATUS_FILE-}")
args+=(--status-file "$status_file")

agent_command=()
lifeline_argv agent_command "${INPUT_COMMAND-}"
lifeline_require_tool run-with-failover
if ((${#agent_command[@]} > 0)); then
    exec run-with-failover "${args[@]}" -- "${agent_command[@]}"
fi
exec run-with-failover "${args[@]}"
