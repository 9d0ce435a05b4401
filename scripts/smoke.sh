#!/usr/bin/env bash
# Smoke run: every benchmark once on the small dataset (one fork, no warm-up, one 200 ms iteration), then a
# check that the JSON holds every benchmark of `-l` with a positive score, statement count and wire metrics, that
# the report of it has a table and a headline for every pattern, and that every chart under results/ is linked
# from the REPORT.md beside it. The checks are dev.ormbench.report.Check: a JDK is all they need.
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
# The forks start fast (C1 only, the serial collector, the JVM's own heap, iterations of 200 ms): the quick profile.
# shellcheck disable=SC2046
java $(java_flags) ${JAVA_OPTS:-} -jar "$jar" -p dataset=small -f 1 -wi 0 -i 1 -r 200ms -foe true \
  -jvmArgsAppend "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" \
  -rf json -rff "$out/jmh-result.json" "$@" > "$out/run.log" 2>&1 \
  || { tail -n 40 "$out/run.log" >&2; echo "ormbench: smoke run failed (log: $out/run.log)" >&2; exit 1; }
check() {
  # shellcheck disable=SC2046
  java $(java_flags) -cp "$jar" dev.ormbench.report.Check "$@"
}
check results "$out/jmh-result.json" "$out/expected.txt"
# The report of that JSON: every pattern class has its table and a non-empty headline in the summary.
"$ROOT/scripts/report.sh" "$out/jmh-result.json" --out "$out/report"
check report "$out/report/REPORT.md" "$out/expected.txt"
# No stale chart under results/ (results/tmp, a scratch area, aside): each is linked from the REPORT.md beside it.
check charts "$ROOT/results"
