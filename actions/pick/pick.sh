#!/usr/bin/env bash
# The pick action: pick-provider with the action's inputs (INPUT_* variables) as flags. The tool
# itself writes the step outputs and exports LIFELINE_* to GITHUB_ENV for later steps.
set -euo pipefail
source "$GITHUB_ACTION_PATH/../lib/inputs.sh"

lifeline_value --config "${INPUT_CONFIG-}"
lifeline_value --state "${INPUT_STATE-}"
lifeline_value --lane "${INPUT_LANE-}"
lifeline_value --chain "${INPUT_CHAIN-}"
lifeline_value --min-context "${INPUT_MIN_CONTEXT-}"
lifeline_value --need "${INPUT_NEED-}"
lifeline_value --deny-jurisdiction "${INPUT_DENY_JURISDICTION-}"
lifeline_value --region "${INPUT_REGION-}"
lifeline_value --max-price "${INPUT_MAX_PRICE-}"
lifeline_value --strategy "${INPUT_STRATEGY-}"
lifeline_value --probe-results "${INPUT_PROBE_RESULTS-}"
lifeline_switch --probe probe "${INPUT_PROBE-}"
lifeline_value --probe-timeout "${INPUT_PROBE_TIMEOUT-}"
lifeline_switch --no-state no-state "${INPUT_NO_STATE-}"
lifeline_value --emit "${INPUT_EMIT-}"
lifeline_value --codex-home "${INPUT_CODEX_HOME-}"
lifeline_value --profile-name "${INPUT_PROFILE_NAME-}"
lifeline_value --codex-config "${INPUT_CODEX_CONFIG-}"
lifeline_value --stream-idle-timeout "${INPUT_STREAM_IDLE_TIMEOUT-}"
lifeline_value --review-of "${INPUT_REVIEW_OF-}"
lifeline_value --avoid-vendor "${INPUT_AVOID_VENDOR-}"
lifeline_value --review-fallback "${INPUT_REVIEW_FALLBACK-}"

document=$(lifeline_document_path pick "${INPUT_DOCUMENT-}")
lifeline_run_tool "$document" pick-provider --format json "${args[@]}"
