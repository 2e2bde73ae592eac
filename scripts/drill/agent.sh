#!/usr/bin/env bash
# A minimal coding "agent" for the drill when Codex CLI is not installed: one Chat Completions
# request to $OPENAI_BASE_URL with $OPENAI_API_KEY (run-with-failover's generic adapter sets
# both). Prints the reply; on an HTTP error prints the status and the provider's error body on
# stderr, the way agent CLIs do, and exits 1 so run-with-failover can classify it.
set -euo pipefail
prompt=${1:-"Say hello."}
body=$(printf '{"model":"%s","messages":[{"role":"user","content":"%s"}],"max_tokens":64}' \
    "$OPENAI_MODEL" "$prompt")
response=$(mktemp)
trap 'rm -f "$response"' EXIT
# The key goes in a header read from stdin (-H @-), never in argv.
status=$(printf 'Authorization: Bearer %s\n' "$OPENAI_API_KEY" |
    curl -sS -o "$response" -w '%{http_code}' -H @- -H 'Content-Type: application/json' \
        --max-time 60 -d "$body" "$OPENAI_BASE_URL/chat/completions") || {
    echo "agent: request failed (network)" >&2
    exit 1
}
if [[ "$status" != 2* ]]; then
    echo "agent: unexpected status $status: $(cat "$response")" >&2
    exit 1
fi
python3 -c 'import json,sys; print(json.load(sys.stdin)["choices"][0]["message"]["content"])' <"$response"
