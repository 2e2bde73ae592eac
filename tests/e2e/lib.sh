# Shared by the e2e scripts that drive the real agent CLIs against provider-sim (source it).
#
#   e2e_find_agent NAME SEARCH_DIR   sets $agent_bin to the CLI NAME (codex, claude, gemini):
#                               $<NAME>_BIN (e.g. CLAUDE_BIN), SEARCH_DIR/.deps/npm, then PATH;
#                               exits 77 (skip) when none, or 1 under LIFELINE_REQUIRE_E2E=1
#   e2e_find_codex SEARCH_DIR   the same for codex, into $codex
#   e2e_work_dir PREFIX         sets $work (removed on exit, after provider-sim is stopped)
#   e2e_start_sim SIM ARGS...   starts provider-sim on 127.0.0.1:0 with ARGS, waits for
#                               $work/ready (its addresses); its log is $work/sim.log

e2e_find_agent() {
    local name="$1" search_dir="$2" override
    override="$(echo "$name" | tr '[:lower:]' '[:upper:]')_BIN"
    agent_bin="${!override:-}"
    if [[ -z "$agent_bin" && -x "$search_dir/.deps/npm/node_modules/.bin/$name" ]]; then
        agent_bin="$search_dir/.deps/npm/node_modules/.bin/$name"
    fi
    [[ -z "$agent_bin" ]] && agent_bin="$(command -v "$name" || true)"
    if [[ -z "$agent_bin" ]]; then
        if [[ "${LIFELINE_REQUIRE_E2E:-0}" == "1" ]]; then
            echo "FAIL: $name CLI not installed (scripts/install-deps.sh puts it in .deps/npm)" >&2
            exit 1
        fi
        echo "SKIP: $name CLI not installed" >&2
        exit 77
    fi
}

e2e_find_codex() {
    e2e_find_agent codex "$1"
    codex="$agent_bin"
}

e2e_sim_pid=""
e2e_cleanup() {
    if [[ -n "$e2e_sim_pid" ]]; then
        kill -TERM "$e2e_sim_pid" 2>/dev/null
        wait "$e2e_sim_pid" 2>/dev/null
    fi
    [[ -n "${work:-}" ]] && rm -rf "$work"
}

e2e_work_dir() {
    work="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
    trap e2e_cleanup EXIT
}

e2e_start_sim() {
    local sim="$1"
    shift
    "$sim" --listen 127.0.0.1:0 --ready-file "$work/ready" "$@" 2>"$work/sim.log" &
    e2e_sim_pid=$!
    for _ in $(seq 1 100); do [[ -s "$work/ready" ]] && break; sleep 0.05; done
    if [[ ! -s "$work/ready" ]]; then
        echo "FAIL: provider-sim did not become ready" >&2
        cat "$work/sim.log" >&2
        exit 1
    fi
}
