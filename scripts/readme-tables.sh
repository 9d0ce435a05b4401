#!/usr/bin/env bash
# Copies tables of the committed reports into README.md: the summary of results/<run>/REPORT.md between its
# <!-- results:start/end --> markers, the headline by round-trip time of results/<run>-rtt/REPORT.md between
# <!-- results-rtt:start/end -->, and the headlines on both Hibernate lines of results/<run>-hibernate/GATE.md
# between <!-- results-hibernate:start/end -->. A summary row's anchor becomes a link to that row in its report.
# Run by scripts/results.sh and scripts/upgrade-gate.sh's committed run. Plain shell, sed and awk: nothing to install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run="${1:-latest}"

section() { # REPORT SECTION: the table lines of the "## SECTION" section of a REPORT.md
  awk -v title="## $2" '/^## /{inside = ($0 == title)} inside && /^\|/' "$1"
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

for spec in "results:$run:REPORT.md:Summary" "results-rtt:$run-rtt:REPORT.md:Headline by round-trip time" \
            "results-hibernate:$run-hibernate:GATE.md:Headlines on both lines"; do
  IFS=: read -r marker folder file title <<< "$spec"
  report="$ROOT/results/$folder/$file"
  if [ ! -f "$report" ]; then
    echo "ormbench: no $report: README's $marker table left as it is" >&2
    continue
  fi
  table=$(mktemp)
  # | <a id="x"></a>NPlusOne | … → | [NPlusOne](results/<folder>/REPORT.md#x) | …
  section "$report" "$title" | sed -E "s#^\| <a id=\"([^\"]+)\"></a>([^|]*[^ |]) \|#| [\2](results/$folder/$file\#\1) |#" > "$table"
  if [ ! -s "$table" ]; then
    rm -f "$table"
    echo "ormbench: $report has no \"$title\" table" >&2
    exit 1
  fi
  if grep -qF "<!-- $marker:start -->" "$ROOT/README.md" && grep -qF "<!-- $marker:end -->" "$ROOT/README.md"; then
    replace "$marker" "$table"
  fi
  rm -f "$table"
done
echo "ormbench: README headline tables updated from results/$run, results/$run-rtt and results/$run-hibernate"
