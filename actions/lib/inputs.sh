# shellcheck shell=bash
# Shared by the lifeline composite actions: turns INPUT_* environment variables (mapped from the
# action's inputs in action.yml, never interpolated into shell code) into tool flags.
# Source it, then call the helpers; the flags collect in the array `args`.

args=()

# --flag VALUE when the input is not empty.
lifeline_value() {
    local flag=$1 value=${2-}
    if [[ -n "$value" ]]; then args+=("$flag" "$value"); fi
}

# --flag VALUE once per non-blank line of a multi-line input (repeatable flags, file lists).
lifeline_lines() {
    local flag=$1 value=${2-} line
    while IFS= read -r line; do
        line=${line%$'\r'}
        line=${line#"${line%%[![:space:]]*}"}
        line=${line%"${line##*[![:space:]]}"}
        if [[ -n "$line" ]]; then args+=("$flag" "$line"); fi
    done <<<"$value"
}

# --flag when a boolean input is "true"; "false" or empty adds nothing; anything else is a
# usage error (exit 2), as the tools treat a bad flag.
lifeline_switch() {
    local flag=$1 name=$2 value=${3-}
    case "$value" in
        true | True | TRUE) args+=("$flag") ;;
        false | False | FALSE | "") ;;
        *)
            echo "::error title=lifeline::input ${name} must be true or false, got '${value}'"
            exit 2
            ;;
    esac
}

# Reads a multi-line input into the array named by $1, one element per non-blank line, with
# no shell parsing: quotes, $ and backticks stay literal.
lifeline_argv() {
    local -n into=$1
    local value=${2-} line
    into=()
    while IFS= read -r line; do
        line=${line%$'\r'}
        if [[ -n "${line//[[:space:]]/}" ]]; then
            line=${line#"${line%%[![:space:]]*}"}
            line=${line%"${line##*[![:space:]]}"}
            into+=("$line")
        fi
    done <<<"$value"
}

# Where a tool's status document goes: the input, else a fresh file under RUNNER_TEMP.
lifeline_document_path() {
    local tool=$1 given=${2-}
    if [[ -n "$given" ]]; then
        printf '%s\n' "$given"
        return
    fi
    local dir=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
    mktemp "$dir/lifeline-${tool}.XXXXXX.json"
}

# Fails early (exit 2) with a clear annotation when a tool is not on PATH.
lifeline_require_tool() {
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "::error title=lifeline::$1 not found on PATH; run the lifeline setup action first"
        exit 2
    fi
}

# Runs TOOL ARGS... with stdout into DOCUMENT, shows the document in a collapsed log group,
# writes the document and exit-code step outputs, and exits with the tool's exit code.
lifeline_run_tool() {
    local document=$1
    shift
    lifeline_require_tool "$1"
    local code=0
    "$@" >"$document" || code=$?
    echo "::group::$1 status document"
    cat "$document"
    echo
    echo "::endgroup::"
    {
        echo "document=$document"
        echo "exit-code=$code"
    } >>"${GITHUB_OUTPUT:-/dev/null}"
    exit "$code"
}
