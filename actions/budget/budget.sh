#!/usr/bin/env bash
# The budget action: budget-check with the action's inputs (INPUT_* variables) as flags. Exit 1
# (a limit exceeded, a reservation refused) fails the step: the budget gate.
set -euo pipefail
source "$GITHUB_ACTION_PATH/../lib/inputs.sh"

lifeline_value --config "${INPUT_CONFIG-}"
lifeline_value --state "${INPUT_STATE-}"
lifeline_lines --from-claude-projects "${INPUT_FROM_CLAUDE_PROJECTS-}"
lifeline_lines --from-codex "${INPUT_FROM_CODEX-}"
lifeline_lines --from-gemini "${INPUT_FROM_GEMINI-}"
lifeline_switch --from-ledger from-ledger "${INPUT_FROM_LEDGER-}"
lifeline_value --session "${INPUT_SESSION-}"
lifeline_value --run-id "${INPUT_RUN_ID-}"
lifeline_value --since "${INPUT_SINCE-}"
lifeline_value --until "${INPUT_UNTIL-}"
lifeline_value --model "${INPUT_MODEL-}"
lifeline_value --session-tokens "${INPUT_SESSION_TOKENS-}"
lifeline_value --request-tokens "${INPUT_REQUEST_TOKENS-}"
lifeline_value --max-turns "${INPUT_MAX_TURNS-}"
lifeline_value --max-retries-per-request "${INPUT_MAX_RETRIES_PER_REQUEST-}"
lifeline_value --cost-session "${INPUT_COST_SESSION-}"
lifeline_value --cost-daily "${INPUT_COST_DAILY-}"
lifeline_value --cost-monthly "${INPUT_COST_MONTHLY-}"
lifeline_value --soft-threshold "${INPUT_SOFT_THRESHOLD-}"
lifeline_value --reserve "${INPUT_RESERVE-}"
lifeline_value --limit "${INPUT_LIMIT-}"
lifeline_value --hold "${INPUT_HOLD-}"
lifeline_value --settle "${INPUT_SETTLE-}"
lifeline_value --actual "${INPUT_ACTUAL-}"
lifeline_value --release "${INPUT_RELEASE-}"
lifeline_value --prometheus "${INPUT_PROMETHEUS-}"
lifeline_value --jobs "${INPUT_JOBS-}"
lifeline_value --top "${INPUT_TOP-}"

document=$(lifeline_document_path budget "${INPUT_DOCUMENT-}")
lifeline_run_tool "$document" budget-check --format json "${args[@]}"
