#!/usr/bin/env bash
# Regenerates the committed results in three folders, each with its JMH JSON, environment.json and report:
#
#   results/<run>/        every benchmark at the large dataset, loopback (rtt=0), the committed profile
#   results/<run>-rtt/    the round-trip patterns' bad… and good… variants at rtt=0, 0.3ms and 1ms
#   results/<run>-sizes/  every pattern's bad…, good… and floor… variants at the small, medium and large datasets
#
# The headlines of the first two come from each pattern's paired… benchmark (bad and good taking turns in the same
# forks), measured in two trials: one before every other part and one after them on a database seeded anew, each
# fork on a server start of its own, so that the interval holds what a server start changes and the report can say
# whether a headline came out the same twice. The time goes where it buys precision:
# about half of it to the pairs, the rest to the per-variant tables, whose intervals are wider (METHODOLOGY.md).
#
#   scripts/results.sh            # all three, under 2 hours on 2 cores (METHODOLOGY.md gives the time by part)
#   scripts/results.sh --quick    # every benchmark once on the small dataset, a few minutes (not for committing)
#   scripts/results.sh --pairs    # the headline pairs alone, both trials, about 80 minutes (not for committing)
#   scripts/results.sh --again NPlusOne 0   # one pattern's pairs at rtt=0 measured again in both trials, the folders rebuilt
#
# --again PATTERN [0|1ms] is for a headline marked "did not reproduce": it measures that pattern's pairs again (at
# rtt=0 or at 1 ms only, when given), both trials as the run does (the second on a fresh home), into parts named
# PART-again, whose results take the place of those PART measured at the same params, and rebuilds the three
# folders from the parts of the last run. The parts of the first measurement stay in results/tmp/<run>-parts;
# METHODOLOGY.md says which headlines were measured again.
#
# --rebuild measures nothing: it joins each trial's forks again and rebuilds the three folders, their reports and
# README's tables from the parts of the last run (after a change to JoinedForks or to the report).
#
# <run> is $ORMBENCH_RUN, default "latest". The first part runs every benchmark in one fork of 8 warm-up and 4
# measured iterations of half a second with -prof gc. The other two run only what they add (rtt=0.3ms and 1ms; small
# and medium) with a lighter profile of 1 fork and 6 + 4 iterations of half a second, and take their rtt=0 and
# large rows from the first part: jq concatenates the JMH JSON arrays, so each folder's jmh-result.json is JMH's
# own output of that one run, and its environment.json lists the JMH arguments of every part. Each folder's
# plans.txt holds the plans of the parts its rows come from.
# Extra arguments (e.g. -p pageSize=10) go to every part.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_jdk
run="${ORMBENCH_RUN:-latest}"
if [ "${1:-}" = "--quick" ]; then
  shift
  # Not a measurement, so the forks start fast: C1 only, the serial collector, the JVM's own heap (replacing the
  # classes' 4 GB), iterations of 200 ms. About 3.5 minutes on 2 cores (4.5 when the jar is rebuilt).
  exec env ORMBENCH_OUT="$ROOT/results/tmp/quick" "$ROOT/scripts/bench.sh" -p dataset=small -f 1 -wi 0 -i 1 -r 200ms -foe true \
    -jvmArgsAppend "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" "$@"
fi
pairs_only=false
if [ "${1:-}" = "--pairs" ]; then
  shift
  pairs_only=true
fi
again=""
again_rtt=""
if [ "${1:-}" = "--again" ]; then
  again="${2:-}"
  [[ "$again" =~ ^[A-Z][A-Za-z]+$ ]] || { echo "ormbench: --again takes a pattern class's name without 'Benchmark', e.g. NPlusOne" >&2; exit 2; }
  shift 2
  if [ "${1:-}" = 0 ] || [ "${1:-}" = 1ms ]; then again_rtt=$1; shift; fi
fi
rebuild=false
if [ "${1:-}" = "--rebuild" ]; then
  shift
  rebuild=true
fi
command -v jq > /dev/null || { echo "ormbench: results.sh needs jq to combine the parts' JSON (apt-get install jq)" >&2; exit 2; }
started=$(date +%s)
parts="$ROOT/results/tmp/$run-parts"
if { [ -n "$again" ] || [ "$rebuild" = true ]; } && [ ! -s "$parts/main/jmh-result.json" ]; then
  echo "ormbench: --again and --rebuild need the parts of a whole run in $parts" >&2
  exit 2
fi
# A run replaces its folders whole (the committed copy is in git), so no chart of an earlier run stays behind.
[ "$pairs_only" = true ] || rm -rf "$ROOT/results/$run" "$ROOT/results/$run-rtt" "$ROOT/results/$run-sizes"
if [ -n "$again" ]; then
  rm -rf "$parts"/*-again "$parts"/*-again.* "$parts"/*-merged.json
elif [ "$rebuild" = false ]; then
  rm -rf "$parts"
fi
mkdir -p "$parts"
# A failed benchmark leaves a gap in its part (bench.sh reports on what finished and exits non-zero); the other
# parts still run, and this script exits non-zero at the end.
status=0
part() { # NAME ARGS...: one JMH invocation into $parts/NAME (on the embedded server in $home, when set)
  local name=$1
  shift
  echo "ormbench: part $name: $*" >&2
  env ORMBENCH_OUT="$parts/$name" ${home:+ORMBENCH_HOME="$home"} "$ROOT/scripts/bench.sh" "$@" || status=$?
}
home=""
# The per-variant parts: one fork each, their intervals wider than the headlines' (METHODOLOGY.md, Noise): the warm-up
# of 4 s (3 s for the parts that add params), measured in 4 iterations of half a second, so the time goes to the
# headlines.
MAIN=(-f 1 -w 500ms -wi 8 -i 4 -r 500ms -prof gc)
LIGHT=(-f 1 -w 500ms -wi 6 -i 4 -r 500ms -prof gc)

# pairs TRIAL: every pattern's headline pair in turns, at rtt=0 and, for the round-trip patterns, 1 ms; three forks
# for every pattern (the interval resamples trials, then forks, then rounds: with two forks a trial, one fork drawn
# for the whole resample sets the interval's ends), each fork in a JMH invocation of its own, so on a server start of
# its own: a server start draws a speed for the server-heavy variants, which forks sharing a start would all carry,
# and a trial's interval would not hold the next trial's (METHODOLOGY.md, Headlines in turns). At rtt=0, 12 warm-up
# and 8 measured iterations (6 and 4 rounds of two turns) in each fork: the short loopback pairs still speed up
# through their first rounds; turns of half a second (8 rounds a fork in the same time) gave intervals no narrower
# (METHODOLOGY.md, Headlines in turns). Reporting and Streaming, whose bad turn is one operation of several seconds,
# compile in their first operation: 2 warm-up rounds. At 1 ms the network wait dominates and settles sooner: 3
# warm-up rounds.
FORKS=3
PAIRS=(-wi 12 -i 8 -r 1s)
PAIRS_LONG=(-wi 4 -i 8 -r 1s)
PAIRS_RTT=(-wi 6 -i 8 -r 1s)
# forks NAME ARGS...: FORKS one-fork invocations into NAME.1, NAME.2, ..., joined into NAME.
forks() {
  local name=$1 f
  shift
  for f in $(seq 1 "$FORKS"); do part "$name.$f" "$@" -f 1; done
  join_forks "$name"
}
# join_forks NAME: the one-fork results NAME.1, NAME.2, ... joined into NAME as one result per benchmark and params
# with their forks (JoinedForks); NAME's environment.json is the last fork's, with every fork's JMH arguments and CPU
# steadiness reading, and its plans.txt the first fork's.
join_forks() {
  local name=$1 f files=() args=() cpu=()
  for f in $(seq 1 "$FORKS"); do
    [ -s "$parts/$name.$f/jmh-result.json" ] || continue
    files+=("$parts/$name.$f/jmh-result.json")
    args+=("fork $f: $(jq -r .jmhArgs "$parts/$name.$f/environment.json")")
    cpu+=("fork $f: $(jq -r '.cpuSteadiness // "not measured"' "$parts/$name.$f/environment.json")")
  done
  [ ${#files[@]} -gt 0 ] || return 0
  mkdir -p "$parts/$name"
  java -cp "$ROOT/benchmarks/target/benchmarks.jar" dev.ormbench.report.JoinedForks "$parts/$name/jmh-result.json" \
    "${files[@]}" || status=$?
  jq --arg args "$(printf '%s · ' "${args[@]}")" --arg cpu "$(printf '%s · ' "${cpu[@]}")" \
    '.jmhArgs = ($args | rtrimstr(" · ")) | .cpuSteadiness = ($cpu | rtrimstr(" · "))' \
    "$(dirname "${files[-1]}")/environment.json" > "$parts/$name/environment.json"
  cp "$(dirname "${files[0]}")/plans.txt" "$parts/$name/plans.txt" 2>/dev/null || true
}
# pair_part NAME CLASSES ARGS...: the paired benchmarks of CLASSES (a|b|c) into part NAME; with --again PATTERN,
# only that pattern's, into NAME-again, and nothing where CLASSES do not hold it.
pair_part() {
  local name=$1 classes=$2
  shift 2
  if [ -z "$again" ]; then
    forks "$name" "($classes)Benchmark\.paired" "$@"
  elif [[ "|$classes|" == *"|$again|"* ]]; then
    case "$again_rtt:$name" in
      0:*-rtt-*|1ms:pairs-[12]|1ms:pairs-[12]-long) ;;
      *) forks "$name-again" "${again}Benchmark\.paired" "$@" ;;
    esac
  fi
}
pairs() {
  local trial=$1
  shift
  # The second trial on a database home of its own, seeded anew (when the server is the embedded one): a headline
  # that two seedings of the same data would move does not reproduce. Removed when the trial ends.
  if [ "$trial" = 2 ] && [ -z "${ORMBENCH_JDBC_URL:-}${PGHOST:-}${PGPORT:-}${PGDATABASE:-}${ORMBENCH_HOME:-}" ]; then
    home="$parts/home-2"
  fi
  pair_part "pairs-$trial" 'BulkInsert|ConnectionPool|Exists|JoinFetch|NPlusOne|Pagination|ProductionQuery|Projection|RowLocking' \
    -p dataset=large "${PAIRS[@]}" "$@"
  pair_part "pairs-$trial-long" 'Reporting|Streaming' -p dataset=large "${PAIRS_LONG[@]}" "$@"
  pair_part "pairs-$trial-rtt-a" 'NPlusOne|JoinFetch|ConnectionPool|ProductionQuery' \
    -p dataset=large -p rtt=1ms "${PAIRS_RTT[@]}" "$@"
  pair_part "pairs-$trial-rtt-b" 'BulkInsert|Exists|Pagination' \
    -p dataset=large -p rtt=1ms -p batchSize=1000 -p lookup=hit -p depth=first,90pct "${PAIRS_RTT[@]}" "$@"
  if [ -n "$home" ]; then rm -rf "$home"; home=""; fi
}

# plans OUT PARTS...: OUT/plans.txt is the parts' plans.txt, one after the other (a block per benchmark and params).
plans() {
  local out=$1 p
  shift
  for p in "$@"; do
    if [ -s "$parts/$p/plans.txt" ]; then cat "$parts/$p/plans.txt"; fi
  done > "$out/plans.txt"
}

# --pairs: the headlines alone, both trials one after the other, into results/tmp/$run-pairs/ (not for committing):
# how far the headlines reproduce on this machine, in about half the time of the whole run.
if [ "$pairs_only" = true ]; then
  pairs 1 "$@"
  pairs 2 "$@"
  out="$ROOT/results/tmp/$run-pairs"
  rm -rf "$out"
  mkdir -p "$out"
  all=(pairs-1 pairs-1-long pairs-1-rtt-a pairs-1-rtt-b pairs-2 pairs-2-long pairs-2-rtt-a pairs-2-rtt-b)
  jq -s 'add' $(for p in "${all[@]}"; do [ -s "$parts/$p/jmh-result.json" ] && echo "$parts/$p/jmh-result.json"; done) \
    > "$out/jmh-result.json"
  jq --arg args "$(for p in "${all[@]}"; do [ -s "$parts/$p/environment.json" ] \
        && printf '%s: %s · ' "$p" "$(jq -r .jmhArgs "$parts/$p/environment.json")"; done)" \
     '.jmhArgs = ($args | rtrimstr(" · "))' "$parts/pairs-2/environment.json" > "$out/environment.json"
  plans "$out" "${all[@]}"
  "$ROOT/scripts/report.sh" "$out/jmh-result.json" || status=$?
  echo "ormbench: results.sh --pairs took $(( ($(date +%s) - started) / 60 )) minutes" >&2
  exit "$status"
fi

if [ "$rebuild" = true ]; then
  build_jar
  for p in "$parts"/pairs-*.1; do join_forks "$(basename "$p" .1)"; done
else
pairs 1 "$@"

if [ -z "$again" ]; then
part main 'Benchmark\.(bad|pitfall|good|alt|floor)' -p dataset=large "${MAIN[@]}" "$@"

# Round trips: N+1 (both relations), join fetch, exists (hit), inserts (1,000 rows), pooling (both modes),
# pagination (by id and by created_at, first and 90 % deep page) and the production query. Two invocations,
# because -p depth means a page of Pagination and of ProductionQuery alike.
part rtt-a '(NPlusOne|JoinFetch|ConnectionPool|ProductionQuery)Benchmark\.(bad|good)' \
  -p dataset=large -p rtt=0.3ms,1ms "${LIGHT[@]}" "$@"
part rtt-b '(BulkInsert|Exists|Pagination)Benchmark\.(bad|good)' \
  -p dataset=large -p rtt=0.3ms,1ms -p batchSize=1000 -p lookup=hit -p depth=first,90pct "${LIGHT[@]}" "$@"

# Sizes: every pattern, one set of its own params; pooling in sample mode only (its cost is not the data's).
part sizes-a '(NPlusOne|Projection|Streaming|JoinFetch|RowLocking|ProductionQuery)Benchmark\.(bad|good|floor)' \
  -p dataset=small,medium "${LIGHT[@]}" "$@"
part sizes-b '(BulkInsert|Exists|Reporting|Pagination)Benchmark\.(bad|good|floor)' \
  -p dataset=small,medium -p batchSize=1000 -p lookup=hit -p groupBy=month -p sortKey=id -p depth=first,90pct \
  "${LIGHT[@]}" "$@"
part sizes-c 'ConnectionPoolBenchmark\.(bad|good)' -p dataset=small,medium -bm sample "${LIGHT[@]}" "$@"
fi

pairs 2 "$@"
fi

# json PART: the path of PART's results; where PART was measured again (PART-again), a copy with those results in
# place of the ones PART measured at the same benchmark, mode and params, so that the trials stay in run order.
json() {
  local p=$1
  if [ -s "$parts/$p-again/jmh-result.json" ]; then
    jq -s 'def key: {benchmark, mode, params};
      (.[1] | map(key)) as $k | [.[0][] | select(key as $x | $k | index([$x]) == null)] + .[1]' \
      "$parts/$p/jmh-result.json" "$parts/$p-again/jmh-result.json" > "$parts/$p-merged.json"
    echo "$parts/$p-merged.json"
  elif [ -s "$parts/$p/jmh-result.json" ]; then
    echo "$parts/$p/jmh-result.json"
  fi
}
# part_args PART: PART's JMH arguments, and those of PART-again where it was measured again
part_args() {
  printf '%s' "$(jq -r .jmhArgs "$parts/$1/environment.json")"
  if [ -s "$parts/$1-again/environment.json" ]; then
    printf ' · %s-again: %s' "$1" "$(jq -r .jmhArgs "$parts/$1-again/environment.json")"
  fi
}

# The large, loopback results: the main part and both trials of the pairs at rtt=0, in that order.
LOOPBACK_PAIRS="pairs-1 pairs-1-long pairs-2 pairs-2-long"
if [ -s "$parts/main/jmh-result.json" ]; then
  mkdir -p "$parts/main+pairs"
  jq -s 'add' "$parts/main/jmh-result.json" $(for p in $LOOPBACK_PAIRS; do json "$p"; done) \
    > "$parts/main+pairs/jmh-result.json"
  jq --arg args "$(for p in main $LOOPBACK_PAIRS; do [ -s "$parts/$p/environment.json" ] \
        && printf '%s: %s · ' "$p" "$(part_args "$p")"; done)" \
     --arg cpu "$(for p in main $LOOPBACK_PAIRS; do [ -s "$parts/$p/environment.json" ] \
        && printf '%s: %s · ' "$p" "$(jq -r '.cpuSteadiness // "not measured"' "$parts/$p/environment.json")"; done)" \
     '.jmhArgs = ($args | rtrimstr(" · ")) | .cpuSteadiness = ($cpu | rtrimstr(" · "))' \
     "$parts/main/environment.json" > "$parts/main+pairs/environment.json"
  plans "$parts/main+pairs" main $LOOPBACK_PAIRS
fi

# folder OUT BASE-PARAM PARTS...: OUT's JSON is the parts' results, plus those of main+pairs that have the same
# benchmark, mode and params except BASE-PARAM (rtt or dataset), in JMH's order; its environment.json is the
# last part's, with every part's JMH arguments and CPU steadiness reading (each part measures it as it starts).
folder() {
  local out=$1 base=$2
  shift 2
  local files=() args=() cpu=() last=""
  for p in "$@"; do
    [ -s "$parts/$p/jmh-result.json" ] || continue
    files+=("$(json "$p")")
    args+=("$p: $(part_args "$p")")
    cpu+=("$p: $(jq -r '.cpuSteadiness // "not measured"' "$parts/$p/environment.json")")
    last="$parts/$p"
  done
  [ -s "$parts/main+pairs/jmh-result.json" ] && [ ${#files[@]} -gt 0 ] || return 0
  mkdir -p "$out"
  jq -s --arg base "$base" '
    def key: {benchmark, mode, params: (.params | del(.[$base]))};
    (.[1:] | add) as $added
    | ($added | map(key) | unique) as $keys
    | [.[0][] | select(key as $k | $keys | index([$k]) != null)] + $added' \
    "$parts/main+pairs/jmh-result.json" "${files[@]}" > "$out/jmh-result.json"
  jq --arg main "$(jq -r .jmhArgs "$parts/main+pairs/environment.json")" --arg rest "$(printf '%s · ' "${args[@]}")" \
    --arg cpuMain "$(jq -r '.cpuSteadiness // "not measured"' "$parts/main+pairs/environment.json")" \
    --arg cpuRest "$(printf '%s · ' "${cpu[@]}")" \
    '.jmhArgs = ($main + " · " + ($rest | rtrimstr(" · ")))
     | .cpuSteadiness = ($cpuMain + " · " + ($cpuRest | rtrimstr(" · ")))' "$last/environment.json" > "$out/environment.json"
  plans "$out" main+pairs "$@"
  "$ROOT/scripts/report.sh" "$out/jmh-result.json" || status=$?
}
if [ -s "$parts/main+pairs/jmh-result.json" ]; then
  mkdir -p "$ROOT/results/$run"
  cp "$parts/main+pairs/jmh-result.json" "$parts/main+pairs/environment.json" "$parts/main+pairs/plans.txt" \
    "$ROOT/results/$run/"
  "$ROOT/scripts/report.sh" "$ROOT/results/$run/jmh-result.json" || status=$?
fi
folder "$ROOT/results/$run-rtt" rtt rtt-a rtt-b pairs-1-rtt-a pairs-1-rtt-b pairs-2-rtt-a pairs-2-rtt-b
folder "$ROOT/results/$run-sizes" dataset sizes-a sizes-b sizes-c
# README's headline tables are the summaries of the committed reports, copied, never typed.
"$ROOT/scripts/readme-tables.sh" "$run"
echo "ormbench: results.sh took $(( ($(date +%s) - started) / 60 )) minutes" >&2
exit "$status"
