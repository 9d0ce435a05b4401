#!/usr/bin/env bash
# Smoke run: every benchmark once on the small dataset (one fork, no warm-up, one 1 s iteration), then a
# check that the JSON holds every benchmark of `-l` with a positive score and the statement counter, and that
# the report of it has a table and a headline for every pattern.
# Not a measurement: the numbers of a smoke run mean nothing. Extra arguments go to JMH.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_jdk
build_jar
out="${ORMBENCH_OUT:-$ROOT/results/tmp/smoke}"
mkdir -p "$out"
jar="$ROOT/benchmarks/target/benchmarks.jar"
# shellcheck disable=SC2046
java $(java_flags) -jar "$jar" -l | sed -n 's/^\(dev\.ormbench\.[A-Za-z0-9_.]*\)$/\1/p' | sort > "$out/expected.txt"
# shellcheck disable=SC2046
java $(java_flags) ${JAVA_OPTS:-} -jar "$jar" -p dataset=small -f 1 -wi 0 -i 1 -r 1s -foe true \
  -rf json -rff "$out/jmh-result.json" "$@" > "$out/run.log" 2>&1 \
  || { tail -n 40 "$out/run.log" >&2; echo "ormbench: smoke run failed (log: $out/run.log)" >&2; exit 1; }
python3 - "$out/jmh-result.json" "$out/expected.txt" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
expected = [l.strip() for l in open(sys.argv[2]) if l.strip()]
seen, problems = set(), []
for r in results:
    name = r["benchmark"]
    seen.add(name)
    label = name.rsplit(".", 2)[-2] + "." + name.rsplit(".", 1)[-1] + " " + json.dumps(r.get("params", {}))
    if not r["primaryMetric"]["score"] > 0:
        problems.append(f"{label}: score {r['primaryMetric']['score']}")
    statements = r.get("secondaryMetrics", {}).get("statements")
    if statements is None:
        problems.append(f"{label}: no 'statements' counter")
    elif not statements["score"] > 0:
        problems.append(f"{label}: statements {statements['score']}")
missing = sorted(set(expected) - seen)
problems += [f"{m}: missing from the JSON" for m in missing]
if problems:
    print("ormbench: smoke check failed:\n  " + "\n  ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"ormbench: smoke check passed: {len(expected)} benchmarks, {len(results)} runs, all with a score and a statement count")
PY
# The report of that JSON: every pattern class has its table and a non-empty headline in the summary.
"$ROOT/scripts/report.sh" "$out/jmh-result.json" --out "$out/report"
python3 - "$out/report/REPORT.md" "$out/expected.txt" <<'PY'
import re, sys
report = open(sys.argv[1]).read()
patterns = sorted({l.strip().rsplit(".", 2)[-2].removesuffix("Benchmark") for l in open(sys.argv[2]) if l.strip()})
problems = []
for p in patterns:
    if not re.search(rf"^## {re.escape(p)}\s*$", report, re.M):
        problems.append(f"{p}: no table in REPORT.md")
    rows = [l for l in report.splitlines() if l.startswith(f"| {p} |")]
    if not rows or not all(l.rstrip(" |").rsplit("|", 1)[-1].strip() for l in rows):
        problems.append(f"{p}: no headline in the summary")
if problems:
    print("ormbench: report check failed:\n  " + "\n  ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"ormbench: report check passed: {len(patterns)} patterns, each with a table and a headline")
PY
