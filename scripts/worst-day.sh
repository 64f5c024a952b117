#!/usr/bin/env bash
# Runs the worst-day suite (tests tagged Suite=WorstDay: hostile input, security, concurrency, faults) and prints one
# table of its figures summed per area, then the test line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

figures=$(mktemp --suffix=.jsonl)
log=$(mktemp)
trap 'rm -f "$figures" "$log"' EXIT

WORSTDAY_FIGURES="$figures" dotnet test tests/PaySessions.Pos.Tests --filter "Suite=WorstDay" 2>&1 | tee "$log" | grep -E '^\s+Failed |^(Passed|Failed)!'
status=${PIPESTATUS[0]}

echo
echo "Worst day — figures"
# Each line of the figures file: {"area": "...", "figure": "...", "value": N, "at": "..."}; sum value per (area, figure).
node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).map(l => JSON.parse(l));
const sums = new Map();
for (const { area, figure, value } of lines) {
  const key = area + "\u0000" + figure;
  sums.set(key, (sums.get(key) || 0) + value);
}
const rows = [...sums].map(([key, value]) => [...key.split("\u0000"), String(value)]).sort((a, b) => a[0].localeCompare(b[0]));
const width = [0, 1].map(i => Math.max(6, ...rows.map(r => r[i].length)));
console.log("area".padEnd(width[0]) + "  " + "figure".padEnd(width[1]) + "  value");
let last = "";
for (const [area, figure, value] of rows) {
  console.log((area === last ? "" : area).padEnd(width[0]) + "  " + figure.padEnd(width[1]) + "  " + value.padStart(5));
  last = area;
}
if (rows.length === 0) console.log("(no figures: did any worst-day test run?)");
' "$figures"

read -r passed failed skipped < <(grep -E '^(Passed|Failed)! +- Failed:' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo
echo "$passed passed, $failed failed$([ "$skipped" -gt 0 ] && echo ", $skipped skipped")"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
