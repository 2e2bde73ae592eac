# Failure signatures of real agent CLIs, as they print them. Sourced by the fake agents.
#   plan_for MODEL  -> the signature FAKE_PLAN gives MODEL ("m1=rate_limited m2=ok"), else "ok"
# Every fake appends "<model> <signature>" to $FAKE_LOG (when set) so tests can count attempts.

plan_for() {
    local model="$1" entry
    for entry in ${FAKE_PLAN:-}; do
        if [[ "${entry%%=*}" == "$model" ]]; then echo "${entry#*=}"; return; fi
    done
    echo ok
}

log_attempt() {
    [[ -n "${FAKE_LOG:-}" ]] && echo "$1 $2" >>"$FAKE_LOG"
    return 0
}

# Behaviours every agent shares: a task failure, hangs, signal handling.
common_signature() {
    case "$1" in
        task_failed)
            echo "FAILED tests/test_api.py::test_login - AssertionError: 401 != 200"
            echo "1 failed, 41 passed in 3.2s" >&2
            exit 3 ;;
        hang)
            sleep 600 ;;
        hang_grandchild)
            # A grandchild that ignores SIGTERM: only the group kill (SIGKILL) ends it.
            sh -c 'trap "" TERM; echo $$ >"$FAKE_PIDFILE"; while :; do sleep 1; done' &
            trap '' TERM
            while :; do sleep 1; done ;;
        trap_term)
            trap 'echo got-term >"$FAKE_MARK"; exit 143' TERM
            echo ready >"$FAKE_READY"
            while :; do sleep 0.1; done ;;
        print_key)
            echo "debug: using key $OPENAI_API_KEY"
            exit 0 ;;
        *) return 1 ;;
    esac
}
