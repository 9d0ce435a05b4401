#!/usr/bin/env bash
# Turns the JMH JSON of a run into REPORT.md, results.csv and charts (SVG and PNG), by default beside the JSON:
#   scripts/report.sh results/tmp/run-<date>/jmh-result.json [--out DIR] [--baseline OLD.json] [--no-charts]
# With no argument, the newest results/**/jmh-result.json. --help lists the options. Builds benchmarks.jar when it
# is missing or older than the report's sources.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_jdk
jar="$ROOT/benchmarks/target/benchmarks.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$ROOT/benchmarks/src/main/java/dev/ormbench/report" -newer "$jar" -name '*.java' 2>/dev/null | head -n 1)" ]; then
  build_jar
fi
if [ $# -eq 0 ]; then
  latest=$(find "$ROOT/results" -name jmh-result.json -printf '%T@ %p\n' 2>/dev/null | sort -n | tail -n 1 | cut -d' ' -f2-)
  if [ -z "$latest" ]; then
    echo "ormbench: no results/**/jmh-result.json found; give the JMH JSON to report on (see --help)" >&2
    exit 2
  fi
  set -- "$latest"
fi
# shellcheck disable=SC2046
exec java $(java_flags) -Djava.awt.headless=true -cp "$jar" dev.ormbench.report.Report "$@"
