#!/bin/sh
# budget-check vs ccusage on the same synthetic Claude Code log folder: prints MB/s of each,
# the ratio, and checks the token totals are equal. A measurement, not a timed test: it fails
# only when the totals differ. Use a Release build for meaningful numbers:
#   cmake -B build-release -DCMAKE_BUILD_TYPE=Release && cmake --build build-release --target budget-check
#   tests/bench/budget-check/bench_budget_check.sh build-release/tools/budget-check/budget-check 300
# usage: bench_budget_check.sh BUDGET_CHECK [MB=300] [CCUSAGE]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
budget_check=$1
mb=${2:-300}
ccusage=${3:-${LIFELINE_CCUSAGE:-$here/../../../.deps/npm/node_modules/.bin/ccusage}}
generator=$here/../../integration/budget-check/gen_claude_logs.py

work=$(mktemp -d "${TMPDIR:-/tmp}/budget-check-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$generator" "$work/claude" --mb "$mb" --seed 11
bytes=$(du -sb "$work/claude/projects" | cut -f1)
cat "$work"/claude/projects/*/*.jsonl >/dev/null  # both tools read from the page cache

now() { date +%s.%N; }
rate() { python3 -c "import sys; b,s=float(sys.argv[1]),float(sys.argv[2]); print('%.1f' % (b/1048576/s))" "$@"; }

best=""
for run in 1 2 3; do
    start=$(now)
    "$budget_check" --from-claude-projects "$work/claude/projects" >"$work/budget.json" 2>/dev/null
    end=$(now)
    t=$(python3 -c "import sys; print(float(sys.argv[1]) - float(sys.argv[2]))" "$end" "$start")
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $t < $best else 1)"; then best=$t; fi
done
echo "budget-check: $(printf %.3f "$best") s, $(rate "$bytes" "$best") MB/s on $(( bytes / 1048576 )) MB (best of 3)"

if [ ! -x "$ccusage" ] || ! command -v node >/dev/null 2>&1; then
    echo "ccusage not found ($ccusage): no ratio"
    [ "${LIFELINE_REQUIRE_E2E:-0}" = 1 ] && exit 1
    exit 77
fi
start=$(now)
TZ=UTC CLAUDE_CONFIG_DIR="$work/claude" "$ccusage" daily --json --offline --timezone UTC >"$work/ccusage.json"
end=$(now)
cc=$(python3 -c "import sys; print(float(sys.argv[1]) - float(sys.argv[2]))" "$end" "$start")
echo "ccusage $("$ccusage" --version 2>/dev/null | tail -1): $(printf %.3f "$cc") s, $(rate "$bytes" "$cc") MB/s"
python3 -c "print('ratio: budget-check is %.1fx faster' % ($cc / $best))"

python3 - "$work/ccusage.json" "$work/budget.json" <<'PY'
import json, sys
cc = json.load(open(sys.argv[1]))["totals"]
bc = json.load(open(sys.argv[2]))["data"]["totals"]
pairs = [("inputTokens", "input_tokens"), ("outputTokens", "output_tokens"),
         ("cacheCreationTokens", "cache_creation_tokens"), ("cacheReadTokens", "cache_read_tokens"),
         ("totalTokens", "total_tokens")]
diff = [(c, cc[c], bc[b]) for c, b in pairs if cc[c] != bc[b]]
print("totals equal:", not diff, "(total_tokens %d)" % bc["total_tokens"])
sys.exit(1 if diff else 0)
PY
