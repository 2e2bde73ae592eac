#!/usr/bin/env bash
# The rotate-keys action: rotate-keys with the action's inputs (INPUT_* variables) as flags.
# Besides rotated/document/exit-code, rotate-keys writes a <name>-fingerprint step output per
# rotation (not declared by the action: read them from the document).
set -euo pipefail
source "$GITHUB_ACTION_PATH/../lib/inputs.sh"

lifeline_value --spec "${INPUT_SPEC-}"
lifeline_value --config "${INPUT_CONFIG-}"
lifeline_value --state "${INPUT_STATE-}"
lifeline_switch --dry-run dry-run "${INPUT_DRY_RUN-}"
lifeline_switch --resume resume "${INPUT_RESUME-}"
lifeline_switch --abort abort "${INPUT_ABORT-}"
lifeline_value --grace "${INPUT_GRACE-}"
lifeline_value --new-key-env "${INPUT_NEW_KEY_ENV-}"
lifeline_value --old-key-id "${INPUT_OLD_KEY_ID-}"
lifeline_switch --allow-insecure-loopback allow-insecure-loopback "${INPUT_ALLOW_INSECURE_LOOPBACK-}"

names=()
names_text=${INPUT_NAMES-}
lifeline_argv names "${names_text//,/$'\n'}"
document=$(lifeline_document_path rotate-keys "${INPUT_DOCUMENT-}")
if ((${#names[@]} > 0)); then
    lifeline_run_tool "$document" rotate-keys --format json "${args[@]}" -- "${names[@]}"
fi
lifeline_run_tool "$document" rotate-keys --format json "${args[@]}"
