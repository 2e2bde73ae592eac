#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz (one per parser) in a Clang fuzz build (build-fuzz/:
# LIFELINE_FUZZ=ON, ASan + UBSan, -O1). Configures and builds that tree when needed, then
# fuzzes each target from a fresh copy of its committed corpus (tests/fuzz/corpus/<target>/ and
# regressions/<target>/) with its dictionary (tests/fuzz/dict/). The committed corpus is only
# written with --merge-into-corpus: the run's corpus, minimised (-merge=1), replaces it.
#
#   scripts/fuzz.sh --smoke                  # every target a few seconds (CI)
#   scripts/fuzz.sh sse_parser --seconds 600
#   scripts/fuzz.sh --jobs 2 --seconds 60    # every target, two at a time
#
# Options: TARGET... (names as in tests/fuzz/CMakeLists.txt, with or without fuzz_; default
# all), --seconds N (per target; default 60, --smoke 5), --smoke, --build-dir DIR (default
# build-fuzz, or $LIFELINE_FUZZ_BUILD_DIR), --jobs N (targets fuzzed at once; default 1),
# --merge-into-corpus, --no-build (run the binaries DIR holds), --list. Compiler: $FUZZ_CC / $FUZZ_CXX (clang-15 / clang++-15).
# Prints one line per target (executions, exec/s, cov/ft, corpus size, FOUND <artifact>);
# logs and crash artifacts go to DIR/logs/<target>.log and DIR/artifacts/<target>/.
# Exit 0 nothing found, 1 a target crashed, hung, leaked or tripped a sanitizer, 2 usage or
# build problem, or a target that could not run (another run in the same DIR is fuzzing it).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fuzz_dir="$repo_root/tests/fuzz"
build_dir=${LIFELINE_FUZZ_BUILD_DIR:-$repo_root/build-fuzz}
seconds="" smoke=0 jobs=1 merge=0 list=0 build=1
targets=()

say() { printf 'fuzz: %s\n' "$*" >&2; }
usage() { say "$*"; say "usage: scripts/fuzz.sh [TARGET...] [--seconds N] [--smoke] [--build-dir DIR] [--jobs N] [--merge-into-corpus] [--no-build] [--list]"; exit 2; }

# The targets, in the order of tests/fuzz/CMakeLists.txt.
all_targets() {
    sed -n '/^set(lifeline_fuzz_names/,/)/p' "$fuzz_dir/CMakeLists.txt" |
        sed 's/set(lifeline_fuzz_names//; s/)//' | tr -s ' \n' '\n' | sed '/^$/d'
}

# The dictionary of a target (tests/fuzz/dict/<kind>.dict); none for TOML.
dictionary_of() {
    case $1 in
        config_yaml | rotate_spec) echo yaml ;;
        sim_scenario) echo scenario ;;
        state_rows | budget_ledger | proxy_trail) echo state ;;
        sse_parser | stream_translator) echo sse ;;
        http_classifier | wait_hint | proxy_request) echo http ;;
        codex_toml) echo "" ;;
        *) echo json ;;
    esac
}

while (($# > 0)); do
    case $1 in
        --seconds)
            [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || usage "--seconds needs a whole number of seconds > 0"
            seconds=$2; shift ;;
        --smoke) smoke=1 ;;
        --build-dir)
            [[ $# -ge 2 && -n "$2" ]] || usage "--build-dir needs a directory"
            build_dir=$2; shift ;;
        --jobs)
            [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || usage "--jobs needs a whole number > 0"
            jobs=$2; shift ;;
        --merge-into-corpus) merge=1 ;;
        --no-build) build=0 ;;
        --list) list=1 ;;
        -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) usage "unknown option '$1'" ;;
        *) targets+=("${1#fuzz_}") ;;
    esac
    shift
done

mapfile -t known < <(all_targets)
if ((list)); then printf '%s\n' "${known[@]}"; exit 0; fi
if ((${#targets[@]} == 0)); then targets=("${known[@]}"); fi
for target in "${targets[@]}"; do
    [[ " ${known[*]} " == *" $target "* ]] || usage "unknown target '$target' (known: ${known[*]})"
done
if [[ -z "$seconds" ]]; then
    if ((smoke)); then seconds=5; else seconds=60; fi
fi
[[ "$build_dir" == /* ]] || build_dir="$PWD/$build_dir"

configure_and_build() {
    local generator=() cache="$build_dir/CMakeCache.txt" log="$build_dir/fuzz-build.log"
    if command -v ninja >/dev/null; then generator=(-G Ninja); fi
    if [[ ! -f "$cache" ]]; then
        local cc=${FUZZ_CC:-clang-15} cxx=${FUZZ_CXX:-clang++-15}
        command -v "$cxx" >/dev/null || { say "$cxx not found (scripts/install-deps.sh installs clang-15 and libfuzzer-15-dev)"; exit 2; }
        mkdir -p "$build_dir"
        say "configuring $build_dir ($cxx, LIFELINE_FUZZ=ON)"
        CC=$cc CXX=$cxx cmake -S "$repo_root" -B "$build_dir" "${generator[@]}" \
            -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
            -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" -DLIFELINE_FUZZ=ON -DLIFELINE_BUILD_TESTS=OFF \
            -DLIFELINE_BUILD_BENCH=OFF -DLIFELINE_PORTABLE=OFF >"$log" 2>&1 ||
            { cat "$log" >&2; say "configure failed"; exit 2; }
    elif ! grep -q '^LIFELINE_FUZZ:BOOL=ON' "$cache"; then
        say "$build_dir is not a fuzz build (LIFELINE_FUZZ is not ON): use another --build-dir"
        exit 2
    fi
    say "building ${targets[*]/#/fuzz_}"
    cmake --build "$build_dir" --parallel "$(nproc)" --target "${targets[@]/#/fuzz_}" >"$log" 2>&1 ||
        { tail -40 "$log" >&2; say "build failed (log: $log)"; exit 2; }
}

# libFuzzer's last "cov: N ft: M" pair in a log, as "cov=N ft=M".
coverage_of() {
    grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$1" | tail -1 | sed 's/cov: \([0-9]*\) ft: \([0-9]*\)/cov=\1 ft=\2/'
}
stat_of() { sed -n "s/^stat::$2: *//p" "$1" | tail -1; }

# Fuzzes one target; writes its summary line to $build_dir/logs/<target>.summary.
# Returns 1 when libFuzzer found something or the target could not run.
fuzz_one() {
    local target=$1 binary="$build_dir/tests/fuzz/fuzz_$1" work="$build_dir/corpus/$1"
    local artifacts="$build_dir/artifacts/$1" log="$build_dir/logs/$1.log" dict status=0
    local options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
    mkdir -p "$build_dir/logs"
    # Two runs of one target in one build dir would share its corpus and log: the second stops.
    local lock
    exec {lock}>"$build_dir/logs/$target.lock"
    if ! flock -n "$lock"; then
        printf '%-20s not run: another run in %s is fuzzing it\n' "$target" "$build_dir" \
            >"$build_dir/logs/$target.summary"
        return 1
    fi
    rm -f "$build_dir/logs/$target.summary"
    rm -rf "$work"
    mkdir -p "$work" "$artifacts" "$build_dir/logs"
    local source
    for source in "$fuzz_dir/corpus/$target" "$fuzz_dir/regressions/$target"; do
        if [[ -d "$source" ]]; then find "$source" -maxdepth 1 -type f -exec cp -t "$work" {} +; fi
    done
    dict=$(dictionary_of "$target")
    if [[ -n "$dict" ]]; then options+=(-dict="$fuzz_dir/dict/$dict.dict"); fi
    local marker="$build_dir/logs/$target.started"
    touch "$marker"
    local started=$SECONDS
    "$binary" "${options[@]}" -artifact_prefix="$artifacts/" "$work" >"$log" 2>&1 || status=$?
    local elapsed=$((SECONDS - started))

    local runs rate cov found="" corpus
    runs=$(stat_of "$log" number_of_executed_units)
    rate=$(stat_of "$log" average_exec_per_sec)
    cov=$(coverage_of "$log")
    corpus=$(find "$work" -maxdepth 1 -type f | wc -l)
    if ((status != 0)); then
        found=$(find "$artifacts" -maxdepth 1 -type f -newer "$marker" | head -1)
        found="FOUND ${found:-(no artifact; exit $status, see $log)}"
    fi
    if ((merge)) && ((status == 0)); then
        merge_corpus "$target" "$binary" "$work" || found="merge failed (see $log.merge)"
    fi
    printf '%-20s %10s execs %7s exec/s  %-22s corpus %5s files  %ss  %s\n' "$target" \
        "${runs:-?}" "${rate:-?}" "${cov:-cov=? ft=?}" "$corpus" "$elapsed" "$found" \
        >"$build_dir/logs/$target.summary"
    ((status == 0))
}

# Replaces tests/fuzz/corpus/<target>/ with the minimal set of inputs (-merge=1) that covers
# what the committed corpus and the run's corpus cover together.
merge_corpus() {
    local target=$1 binary=$2 work=$3 committed="$fuzz_dir/corpus/$1" merged="$build_dir/merged/$1"
    rm -rf "$merged"
    mkdir -p "$merged" "$committed"
    "$binary" -merge=1 -timeout=10 -rss_limit_mb=2048 "$merged" "$committed" "$work" \
        >"$build_dir/logs/$target.log.merge" 2>&1 || return 1
    find "$committed" -maxdepth 1 -type f -delete
    find "$merged" -maxdepth 1 -type f -exec cp -t "$committed" {} +
}

if ((build)); then configure_and_build; fi
for target in "${targets[@]}"; do
    [[ -x "$build_dir/tests/fuzz/fuzz_$target" ]] || { say "$build_dir/tests/fuzz/fuzz_$target is not built"; exit 2; }
done
say "fuzzing ${#targets[@]} target(s), ${seconds}s each, $jobs at a time"
failed=0
running=()
# An interrupted run stops its fuzzers too (each runs under a subshell of this script).
stop_running() {
    local pid
    for pid in "${running[@]}"; do pkill -TERM -P "$pid" 2>/dev/null || true; done
    exit 130
}
trap stop_running INT TERM
wait_one() {
    # wait -n returns the status of whichever job finished first, and -p names it.
    local finished="" status=0 pid kept=()
    wait -n -p finished || status=$?
    ((status == 0)) || failed=1
    for pid in "${running[@]}"; do [[ "$pid" == "$finished" ]] || kept+=("$pid"); done
    running=("${kept[@]}")
}
for target in "${targets[@]}"; do
    while ((${#running[@]} >= jobs)); do wait_one; done
    fuzz_one "$target" &
    running+=("$!")
done
while ((${#running[@]} > 0)); do wait_one; done

found=0
for target in "${targets[@]}"; do
    cat "$build_dir/logs/$target.summary"
    if grep -q ' FOUND ' "$build_dir/logs/$target.summary"; then found=1; fi
done
if ((found)); then
    say "a target found a crash, hang, leak or sanitizer report: see the FOUND lines"
    exit 1
elif ((failed)); then
    say "a target could not run (see its line)"
    exit 2
fi
