#!/usr/bin/env bash
# Builds benchmarks.jar (when a source is newer than it, or it holds another Hibernate than ORMBENCH_HIBERNATE, default
# the pom's 7.x) and runs it: every argument is an ordinary JMH argument (a benchmark regexp, -p dataset=small, -f,
# -wi, -i, -t, -prof gc, ...). Writes the JMH JSON and the run's environment to $ORMBENCH_OUT (default
# results/tmp/run-<date>/), then the report beside them (REPORT.md, results.csv, charts). The database: a server
# named by ORMBENCH_JDBC_URL or PG* variables (or -Dormbench.jdbcUrl in JAVA_OPTS); else a container when a Docker
# engine answers (ORMBENCH_IMAGE, default postgres:18); else embedded.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_jdk
build_jar
out="${ORMBENCH_OUT:-$ROOT/results/tmp/run-$(date -u +%Y%m%d-%H%M%S)}"
# A folder this script makes goes again when the run leaves no JMH JSON in it (bad input, a failure, Ctrl-C,
# or -l and friends, which run nothing): no empty run folders, no environment.json without results.
if [ ! -d "$out" ]; then
  trap '[ -s "$out/jmh-result.json" ] || rm -rf "$out"' EXIT
fi
mkdir -p "$out"
# A run that ends early (the server went away, a benchmark failed) exits non-zero but keeps the JSON of the
# benchmarks that finished: report on those, then exit with the run's status.
status=0
# shellcheck disable=SC2046,SC2086
java $(java_flags) ${JAVA_OPTS:-} -jar "$ROOT/benchmarks/target/benchmarks.jar" \
  -rf json -rff "$out/jmh-result.json" "$@" || status=$?
# -l, -h and friends run nothing and write no JSON: then there is nothing to report on.
if [ -s "$out/jmh-result.json" ]; then
  echo "ormbench: JMH JSON in $out/jmh-result.json" >&2
  "$ROOT/scripts/report.sh" "$out/jmh-result.json"
fi
exit "$status"
