#!/bin/sh
# Cross-checks budget-check against ccusage on a generated Claude Code log folder: the token
# totals (and the per-day totals, both in UTC) must be equal.
#   ccusage_crosscheck.sh BUDGET_CHECK GENERATOR CCUSAGE_GUESS [MB]
# ccusage is $LIFELINE_CCUSAGE, else CCUSAGE_GUESS (.deps/npm), else `ccusage` on PATH. Without
# it the test is skipped (exit 77) unless LIFELINE_REQUIRE_E2E=1.
set -eu
budget_check=$1
generator=$2
ccusage=${LIFELINE_CCUSAGE:-$3}
mb=${4:-4}

if [ ! -x "$ccusage" ]; then
    ccusage=$(command -v ccusage || true)
fi
if [ -z "$ccusage" ] || ! command -v node >/dev/null 2>&1; then
    echo "ccusage (npm ccusage@17) or node not found"
    [ "${LIFELINE_REQUIRE_E2E:-0}" = 1 ] && exit 1
    exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/budget-check-ccusage.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$generator" "$work/claude" --mb "$mb" --seed 7
TZ=UTC CLAUDE_CONFIG_DIR="$work/claude" "$ccusage" daily --json --offline --timezone UTC \
    >"$work/ccusage.json"
"$budget_check" --from-claude-projects "$work/claude/projects" --format json \
    >"$work/budget.json" 2>"$work/budget.err" || {
    echo "budget-check failed:"; cat "$work/budget.err"; exit 1; }

python3 - "$work/ccusage.json" "$work/budget.json" <<'PY'
import json, sys
cc = json.load(open(sys.argv[1]))
bc = json.load(open(sys.argv[2]))["data"]
pairs = [("inputTokens", "input_tokens"), ("outputTokens", "output_tokens"),
         ("cacheCreationTokens", "cache_creation_tokens"),
         ("cacheReadTokens", "cache_read_tokens"), ("totalTokens", "total_tokens")]
failures = []
for c, b in pairs:
    if cc["totals"][c] != bc["totals"][b]:
        failures.append("totals %s: ccusage %s, budget-check %s" % (c, cc["totals"][c], bc["totals"][b]))
for day in cc["daily"]:
    mine = bc["by_day"].get(day["date"])
    if mine is None:
        failures.append("day %s missing" % day["date"])
        continue
    for c, b in pairs:
        if day[c] != mine[b]:
            failures.append("%s %s: ccusage %s, budget-check %s" % (day["date"], c, day[c], mine[b]))
print("ccusage totals:     ", {c: cc["totals"][c] for c, _ in pairs})
print("budget-check totals:", {b: bc["totals"][b] for _, b in pairs})
print("days:", len(cc["daily"]), "duplicates dropped:", bc["sources"][0]["duplicates"],
      "malformed lines:", bc["sources"][0]["malformed_lines"])
if failures:
    print("\n".join(failures))
    sys.exit(1)
PY
