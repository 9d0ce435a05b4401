#!/usr/bin/env bash
# Builds benchmarks.jar and runs it: every argument is an ordinary JMH argument (a benchmark regexp,
# -p dataset=small, -f, -wi, -i, -t, -prof gc, ...). Writes the JMH JSON and the run's environment to
# $ORMBENCH_OUT (default results/tmp/run-<date>/), then the report beside them (REPORT.md, results.csv, charts). The database is embedded unless ORMBENCH_JDBC_URL or PG*
# variables (or -Dormbench.jdbcUrl in JAVA_OPTS) point at a server.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_jdk
build_jar
out="${ORMBENCH_OUT:-$ROOT/results/tmp/run-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
# shellcheck disable=SC2046,SC2086
java $(java_flags) ${JAVA_OPTS:-} -jar "$ROOT/benchmarks/target/benchmarks.jar" \
  -rf json -rff "$out/jmh-result.json" "$@"
# -l, -h and friends run nothing and write no JSON: then there is nothing to report on.
if [ -s "$out/jmh-result.json" ]; then
  echo "ormbench: JMH JSON in $out/jmh-result.json" >&2
  "$ROOT/scripts/report.sh" "$out/jmh-result.json"
else
  rmdir "$out" 2>/dev/null || true
fi
