#!/usr/bin/env bash
# The probe action: probe-endpoint with the action's inputs (INPUT_* variables) as flags.
set -euo pipefail
source "$GITHUB_ACTION_PATH/../lib/inputs.sh"

lifeline_value --config "${INPUT_CONFIG-}"
lifeline_value --state "${INPUT_STATE-}"
lifeline_value --provider "${INPUT_PROVIDER-}"
lifeline_value --model "${INPUT_MODEL-}"
lifeline_value --lane "${INPUT_LANE-}"
lifeline_value --probe "${INPUT_PROBE-}"
lifeline_value --timeout "${INPUT_TIMEOUT-}"
lifeline_value --deadline "${INPUT_DEADLINE-}"
lifeline_lines --require "${INPUT_REQUIRE-}"
lifeline_value --require-healthy "${INPUT_REQUIRE_HEALTHY-}"
lifeline_value --junit "${INPUT_JUNIT-}"
lifeline_value --prometheus "${INPUT_PROMETHEUS-}"
lifeline_switch --no-state no-state "${INPUT_NO_STATE-}"

document=$(lifeline_document_path probe "${INPUT_DOCUMENT-}")
lifeline_run_tool "$document" probe-endpoint --format json "${args[@]}"
