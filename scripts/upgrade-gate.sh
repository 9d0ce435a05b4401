#!/usr/bin/env bash
# The upgrade gate: is any pattern's bad… or good… variant slower on another Hibernate version? Builds the suite on
# both versions, measures both builds in interleaved rounds and compares them (dev.ormbench.report.UpgradeGate).
# --help says how; exit 3 when a variant got slower beyond its 99.9 % interval, for CI.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<EOF
usage: scripts/upgrade-gate.sh [--from VERSION] [--to VERSION] [--rounds N] [--dataset small|medium|large]
                               [PATTERN-REGEX] [extra JMH args]

Builds the suite on two Hibernate versions (a hibernate-core version, e.g. 6.6.13.Final) into two jars, then
measures every pattern's bad… and good… variants on both, interleaved: in each round both jars run one after the
other in random order, one JMH run each with one short fork per benchmark (-f 1 -wi 3 -i 3 -w 500ms -r 500ms
-bm avgt), at rtt=0 and each pattern's default params. Then, per pattern, params and variant: the time on each
version, the change TO/FROM with its 99.9 % interval (a bootstrap over the rounds, then the iterations), and
statements and bytes received per operation where the versions differ.

  --from VERSION   the version upgraded from (default 6.6.13.Final)
  --to VERSION     the version upgraded to (default the pom's, $(pom_hibernate))
  --rounds N       rounds (default 4)
  --dataset NAME   small, medium or large (default large)
  PATTERN-REGEX    only these patterns, e.g. 'JoinFetch|NPlusOne' (default every pattern)
  extra JMH args   go to every run; -f, -wi, -i, -w, -r or -bm given here replace the default

Writes into \$ORMBENCH_OUT (default results/tmp/gate-<date>/): from/round-N/ and to/round-N/ (each JMH run's JSON,
environment and plans), order.txt (who ran first in each round) and GATE.md, the tables it prints (every variant's
change, then each pattern's headline on both versions), linking each of those files: the folder can be committed
as it is. The two jars (about 75 MB each) go to benchmarks/target/gate/.

Time on 2 cores: the committed gate (results/latest-hibernate, every pattern at large, 4 rounds) took 58 minutes
with both builds, about 7 minutes per run (42 and 5 on a steadier host); at medium or small, less. Each of the 8
runs starts 40 forks (variant x params, about 4 s each to start) and measures 6 iterations in each; at large,
Reporting's and Streaming's bad variants take 4-6 s per operation. One pattern takes a few minutes: narrow the gate
with PATTERN-REGEX where time matters, or to re-run a flagged pattern with more rounds.

Exit 0: no variant slower; 3: a variant slower beyond its interval (GATE.md names it); 2: bad arguments, or a
run that could not start; 1: a build or a benchmark failed (the table still covers what finished).
EOF
}

pom_hibernate() { ORMBENCH_HIBERNATE="" hibernate_version; }

fail() { echo "ormbench: $*" >&2; exit 2; }

from=6.6.13.Final to="" rounds=4 dataset=large pattern=""
jmh=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --from|--to|--rounds|--dataset)
      [ $# -ge 2 ] || fail "$1 needs a value (see --help)"
      case "$1" in --from) from=$2 ;; --to) to=$2 ;; --rounds) rounds=$2 ;; --dataset) dataset=$2 ;; esac
      shift 2 ;;
    -*) jmh=("$@"); break ;;
    *) [ -z "$pattern" ] || fail "one PATTERN-REGEX at a time (got '$pattern' and '$1'); see --help"
       pattern=$1; shift ;;
  esac
done
to=${to:-$(pom_hibernate)}
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || fail "--rounds takes a whole number of rounds, 1 or more (got '$rounds')"
case "$dataset" in small|medium|large) ;; *) fail "--dataset is small, medium or large (got '$dataset')" ;; esac
[[ "$from" =~ ^[0-9A-Za-z._-]+$ && "$to" =~ ^[0-9A-Za-z._-]+$ ]] \
  || fail "--from and --to take hibernate-core versions such as 6.6.13.Final (got '$from' and '$to')"
if [ -n "$pattern" ]; then bench="(${pattern})[^.]*\.(bad|good)[A-Z]"; else bench='Benchmark\.(bad|good)[A-Z]'; fi

# The short-fork profile, each part unless the extra JMH args set it (JMH refuses an option given twice).
given() { local a; for a in "${jmh[@]}"; do [ "$a" = "$1" ] && return 0; done; return 1; }
profile=()
for d in "-f 1" "-wi 3" "-i 3" "-w 500ms" "-r 500ms" "-bm avgt"; do
  # shellcheck disable=SC2206
  given "${d%% *}" || profile+=(${d})
done

find_jdk
out="${ORMBENCH_OUT:-$ROOT/results/tmp/gate-$(date -u +%Y%m%d-%H%M%S)}"
# A gate replaces its rounds whole: no round of an earlier gate in the same folder is compared.
rm -rf "$out/from" "$out/to" "$out/order.txt" "$out/GATE.md"
mkdir -p "$out"
jars="$ROOT/benchmarks/target/gate"
mkdir -p "$jars"
# The work tree has one target folder: each build is copied out before the next one replaces it.
for v in "$from" "$to"; do
  echo "ormbench: building the suite on Hibernate $v" >&2
  ORMBENCH_HIBERNATE="$v" build_jar
  cp "$ROOT/benchmarks/target/benchmarks.jar" "$jars/$v.jar"
done

status=0
started=$(date +%s)
: > "$out/order.txt"
for r in $(seq 1 "$rounds"); do
  sides=(from to)
  if [ $((RANDOM % 2)) -eq 1 ]; then sides=(to from); fi
  echo "round-$r: ${sides[*]}" >> "$out/order.txt"
  for side in "${sides[@]}"; do
    if [ "$side" = from ]; then v=$from; else v=$to; fi
    mkdir -p "$out/$side/round-$r"
    echo "ormbench: gate round $r of $rounds, Hibernate $v ($side): $bench" >&2
    # JMH's console output goes to stderr: stdout is the table alone, for CI to keep.
    # shellcheck disable=SC2046,SC2086
    java $(java_flags) ${JAVA_OPTS:-} -jar "$jars/$v.jar" "$bench" "${profile[@]}" -p dataset="$dataset" -p rtt=0 \
      -rf json -rff "$out/$side/round-$r/jmh-result.json" "${jmh[@]}" >&2 || status=$?
    # Exit 2 is the launcher's one line on bad JMH arguments, a regexp that matches nothing or no database: the
    # next runs would say the same.
    [ "$status" -ne 2 ] || { echo "ormbench: the run above could not start (see its line); no gate" >&2; exit 2; }
  done
done
echo "ormbench: measured in $(( ($(date +%s) - started) / 60 )) minutes; comparing" >&2

gate=0
# shellcheck disable=SC2046
java $(java_flags) -cp "$jars/$to.jar" dev.ormbench.report.UpgradeGate "$out/from" "$out/to" "$out" || gate=$?
echo "ormbench: $out/GATE.md" >&2
if [ "$gate" -eq 0 ] && [ "$status" -ne 0 ]; then
  echo "ormbench: a JMH run failed (exit $status): the table covers only what finished" >&2
  exit 1
fi
exit "$gate"
