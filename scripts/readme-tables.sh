#!/usr/bin/env bash
# Copies the summary tables of results/<run>/REPORT.md and results/<run>-rtt1ms/REPORT.md into README.md,
# between its <!-- results:start/end --> and <!-- results-rtt:start/end --> markers. Run by scripts/results.sh.
# Plain shell and awk: nothing to install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run="${1:-latest}"

summary() { # the table lines of the "## Summary" section of a REPORT.md
  awk '/^## /{inside = ($0 == "## Summary")} inside && /^\|/' "$1"
}

# replace MARKER TABLEFILE: the lines between <!-- MARKER:start --> and <!-- MARKER:end --> of README.md become TABLEFILE.
replace() {
  local tmp
  tmp=$(mktemp)
  awk -v start="<!-- $1:start -->" -v end="<!-- $1:end -->" -v table="$2" '
    $0 == start { print; while ((getline line < table) > 0) print line; skipping = 1; next }
    $0 == end   { skipping = 0 }
    !skipping' "$ROOT/README.md" > "$tmp"
  cat "$tmp" > "$ROOT/README.md"
  rm -f "$tmp"
}

for pair in "results:$run" "results-rtt:$run-rtt1ms"; do
  marker=${pair%%:*}
  report="$ROOT/results/${pair#*:}/REPORT.md"
  if [ ! -f "$report" ]; then
    echo "ormbench: no $report: README's $marker table left as it is" >&2
    continue
  fi
  table=$(mktemp)
  summary "$report" > "$table"
  if [ ! -s "$table" ]; then
    rm -f "$table"
    echo "ormbench: $report has no summary table" >&2
    exit 1
  fi
  if grep -qF "<!-- $marker:start -->" "$ROOT/README.md" && grep -qF "<!-- $marker:end -->" "$ROOT/README.md"; then
    replace "$marker" "$table"
  fi
  rm -f "$table"
done
echo "ormbench: README headline tables updated from results/$run and results/$run-rtt1ms"
