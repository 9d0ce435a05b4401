#!/usr/bin/env bash
# Copies the summary tables of results/<run>/REPORT.md and results/<run>-rtt1ms/REPORT.md into README.md,
# between its <!-- results:start/end --> and <!-- results-rtt:start/end --> markers. Run by scripts/results.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run="${1:-latest}"
python3 - "$ROOT/README.md" "$ROOT/results/$run/REPORT.md" "$ROOT/results/$run-rtt1ms/REPORT.md" <<'PY'
import sys
readme_path, *reports = sys.argv[1:]
def summary(path):
    text = open(path).read()
    section = text.split("## Summary", 1)[1]
    table = [l for l in section.split("\n## ", 1)[0].splitlines() if l.startswith("|")]
    return "\n".join(table)
readme = open(readme_path).read()
for marker, path in zip(("results", "results-rtt"), reports):
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    if start in readme and end in readme:
        head, rest = readme.split(start, 1)
        readme = head + start + "\n" + summary(path) + "\n" + end + rest.split(end, 1)[1]
open(readme_path, "w").write(readme)
print("ormbench: README headline tables updated from", ", ".join(reports))
PY
