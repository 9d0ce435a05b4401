#!/usr/bin/env bash
# Fault tries that a unit test cannot make: kill -9 of a running suite (launcher and forks, with the embedded
# server left running or killed too, or the launcher alone), the server stopped under a benchmark, a second
# launcher on the same database. Each try prints the suite's own lines and, for each, the seconds from the
# fault (or from the start of the next run) to that line. Uses the small dataset and short JMH runs, and the
# large one for a launcher killed while it seeds.
#
#   scripts/faults.sh                    # on the embedded server (data under $ORMBENCH_HOME)
#   FAULTS_JDBC_URL='jdbc:postgresql://127.0.0.1:5432/test?user=postgres' \
#   FAULTS_RESTART='pg_ctlcluster 15 main restart' scripts/faults.sh    # on an explicit server
#
# FAULTS_RESTART is the command that restarts the explicit server (run with the suite in the middle of a
# benchmark); without it that try is skipped. FAULTS_PGDATA is the explicit server's data directory (its
# postmaster.pid names the processes to stop with SIGSTOP); without it the hanging-server try is skipped there.
# The server must be running when the script ends. FAULTS_SERVER_TIMEOUT (default 60) is the suite's
# ormbench.serverTimeout in that try. FAULTS_TRIES="hang seeding" runs only the tries named (kill, alone,
# second, stopped, hang, seeding); all by default.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_jdk
command -v bc >/dev/null 2>&1 || { echo "faults: needs bc (apt-get install bc)" >&2; exit 1; }
jar="${FAULTS_JAR:-$ROOT/benchmarks/target/benchmarks.jar}" # FAULTS_JAR: a copy, so that a build meanwhile does not replace it
[ -f "$jar" ] || build_jar
work="$(mktemp -d)"
# On any end: none of the launchers these tries started is left (their forks stop when they are gone), then the
# scratch folder.
# A server this script stopped with SIGSTOP is resumed.
launched=()
stopped_procs=""
trap 'for p in "${launched[@]}"; do kill -9 "$p" 2>/dev/null || true; done; [ -z "$stopped_procs" ] || kill -CONT $stopped_procs 2>/dev/null; rm -rf "$work"' EXIT
url="${FAULTS_JDBC_URL:-}"
if [ -n "$url" ]; then export ORMBENCH_JDBC_URL="$url"; where="explicit server"; else unset ORMBENCH_JDBC_URL; where="embedded server"; fi
small=(-p dataset=small -f 1 -wi 0 -i 1)
flags="$(java_flags)"
# -Djmh.ignoreLock: these runs measure nothing, and must neither wait for nor block a real run's JMH lock

now() { date +%s.%N; }
# launch NAME ARGS...: starts the suite in the background, its stderr and stdout time-stamped into $work/NAME.log;
# the launcher's pid in $pid
launch() {
  local name=$1; shift
  # The launcher not running before this call: a second launcher is found, not the first one again.
  local known tries=0
  known=" $(pgrep -d ' ' -f -- "-jar $jar" || true) "
  ( java $flags -Djmh.ignoreLock=true -jar "$jar" "$@" 2>&1 | while IFS= read -r l; do printf '%s %s\n' "$(now)" "$l"; done > "$work/$name.log" ) &
  pid=""
  while [ -z "$pid" ]; do
    sleep 0.1
    for p in $(pgrep -f -- "-jar $jar" || true); do case "$known" in *" $p "*) ;; *) pid=$p ;; esac; done
    tries=$((tries + 1))
    [ "$tries" -lt 300 ] || { echo "faults: the launcher $name did not start within 30 s" >&2; exit 1; }
  done
  launched+=("$pid")
}
# wait_for NAME REGEX: until the log has a matching line (at most 180 s)
wait_for() {
  for _ in $(seq 1 360); do grep -Eq "$2" "$work/$1.log" 2>/dev/null && return 0; sleep 0.5; done
  echo "  (gave up waiting for '$2')"; return 1
}
# lines NAME T0: the suite's own lines, with seconds since T0
lines() {
  grep ' ormbench: ' "$work/$1.log" | grep -v ' via ' | while read -r t rest; do
    [ "$(echo "$t >= $2" | bc)" = 1 ] || continue
    printf '  +%5.1f s  %s\n' "$(echo "$t - $2" | bc)" "$rest"
  done
}
# wait_rows NAME TABLE: until the run's benchmark has written to TABLE of the small dataset (psql, when installed;
# else a fixed 25 s), so that the kill lands in the middle of the benchmark, not in its set-up
wait_rows() {
  if ! command -v psql > /dev/null; then sleep 25; return; fi
  local conn; conn=$(psql_conn "$1")
  for _ in $(seq 1 240); do
    [ "$(psql "$conn" -Atc "select count(*) > 0 from ormbench_small.$2" 2>/dev/null)" = t ] && { sleep 1; return 0; }
    sleep 0.5
  done
  echo "  (no rows in $2 after 120 s)"
}
# psql_conn NAME: the libpq URL of the server the run NAME uses
psql_conn() {
  local u="$url"
  [ -n "$u" ] || u="$(grep -o 'jdbc:postgresql://localhost:[0-9]*/postgres' "$work/$1.log" | head -n 1)?user=postgres"
  local base="${u#jdbc:}"; base="${base%%\?*}"
  local user; user=$(echo "$u" | sed -n 's/.*[?&]user=\([^&]*\).*/\1/p')
  echo "${base/:\/\//://${user:+$user@}}"
}
# try NAME: whether FAULTS_TRIES asks for this try
try() { case " ${FAULTS_TRIES:-all} " in *" all "*|*" $1 "*) return 0 ;; *) return 1 ;; esac; }
forks() { pgrep -f -- "$jar.*org.openjdk.jmh.runner.ForkedMain" | tr '\n' ' '; } # this jar's forks only
postmaster() { head -n 1 "${ORMBENCH_HOME:-$HOME/.cache/ormbench}/pg18/postmaster.pid" 2>/dev/null; }
next_run() { # the next run after a fault: how it recovers
  local t0; t0=$(now)
  launch next 'ExistsBenchmark.floorJdbc' "${small[@]}" -p lookup=hit -r 1s
  wait; echo "  next run (seconds from its start):"; lines next "$t0"
  echo "  left behind: forks [$(forks)]"
}

echo "== faults on the $where"

if try kill; then
echo "-- kill -9 of launcher and forks during BulkInsert (embedded server, if any, left running)"
launch a 'BulkInsertBenchmark.goodStateless' "${small[@]}" -p batchSize=1000 -r 60s
wait_for a '# Fork: 1 of 1' && wait_rows a signups # JMH ends its "Iteration" line only when the iteration ends
kill -9 "$pid" $(forks) 2>/dev/null; wait 2>/dev/null
next_run

echo "-- kill -9 of launcher, forks and embedded server during RowLocking"
launch b 'RowLocking' "${small[@]}" -r 60s
wait_for b '# Fork: 1 of 1' && wait_rows b ledger
pm=$(postmaster)
if [ -n "$url" ]; then pm=""; fi
kill -9 "$pid" $(forks) $pm 2>/dev/null; wait 2>/dev/null
sleep 1
next_run
fi

if try alone; then
echo "-- kill -9 of the launcher alone during BulkInsert: its fork stops by itself"
launch c 'BulkInsertBenchmark.goodStateless' "${small[@]}" -p batchSize=1000 -r 60s
wait_for c '# Fork: 1 of 1' && wait_rows c signups
fk=$(forks); t0=$(now); kill -9 "$pid"
for _ in $(seq 1 20); do [ -z "$(forks)" ] && break; sleep 0.25; done
printf '  forks [%s] gone after %.1f s\n' "$fk" "$(echo "$(now) - $t0" | bc)"
wait
next_run
fi

if try second; then
echo "-- a second launcher on the same database"
launch d 'ExistsBenchmark.floorJdbc' "${small[@]}" -p lookup=hit -r 20s
wait_for d '# Fork: 1 of 1'
t0=$(now); launch e 'ExistsBenchmark.floorJdbc' "${small[@]}" -p lookup=hit -r 1s
while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; lines e "$t0"
if [ -z "$url" ]; then # the embedded server of the first run, addressed by URL: the database's run lock answers
  first=$(grep -o 'jdbc:postgresql://localhost:[0-9]*/postgres' "$work/d.log" | head -n 1)
  t0=$(now); ORMBENCH_JDBC_URL="$first?user=postgres" launch g 'ExistsBenchmark.floorJdbc' "${small[@]}" -p lookup=hit -r 1s
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; lines g "$t0"
fi
wait
fi

echo "-- the server stopped (embedded: immediate shutdown; explicit: \$FAULTS_RESTART) under the second benchmark"
if ! try stopped; then
  echo "  not asked for"
elif [ -n "$url" ] && [ -z "${FAULTS_RESTART:-}" ]; then
  echo "  skipped: set FAULTS_RESTART"
else
  launch f 'ExistsBenchmark.(floorJdbc|goodHql)' "${small[@]}" -p lookup=hit -r 8s -rf json -rff "$work/f.json"
  wait_for f 'goodHqlExists$' && sleep 8
  t0=$(now)
  if [ -n "$url" ]; then $FAULTS_RESTART; else kill -QUIT "$(postmaster)"; fi
  wait; lines f "$t0"
  printf '  kept: %s benchmark(s) in the JSON; left behind: forks [%s]\n' "$(grep -c '"benchmark"' "$work/f.json" 2>/dev/null || echo 0)" "$(forks)"
  next_run
fi

echo "-- the server hangs (SIGSTOP of all its processes) under the second benchmark"
timeout_s="${FAULTS_SERVER_TIMEOUT:-60}"
if ! try hang; then
  echo "  not asked for"
elif [ -n "$url" ] && [ -z "${FAULTS_PGDATA:-}" ]; then
  echo "  skipped: set FAULTS_PGDATA"
else
  ORMBENCH_SERVER_TIMEOUT="$timeout_s" launch s 'ExistsBenchmark.(floorJdbc|goodHql)' "${small[@]}" -p lookup=hit -r 8s -rf json -rff "$work/s.json"
  wait_for s 'goodHqlExists$' && sleep 8
  if [ -n "$url" ]; then pm=$(head -n 1 "$FAULTS_PGDATA/postmaster.pid"); else pm=$(postmaster); fi
  stopped_procs="$pm $(pgrep -P "$pm" | tr '\n' ' ')"
  t0=$(now); kill -STOP $stopped_procs
  wait; lines s "$t0"
  printf '  (ormbench.serverTimeout %s s) kept: %s benchmark(s) in the JSON; left behind: forks [%s], stopped server processes [%s]\n' \
    "$timeout_s" "$(grep -c '"benchmark"' "$work/s.json" 2>/dev/null || echo 0)" "$(forks)" \
    "$(ps -o pid= -o stat= -p "$(echo $stopped_procs | tr ' ' ,)" 2>/dev/null | awk '$2 ~ /T/ {printf "%s ", $1}')"
  # An explicit server is left as it is by the suite (listed above): this script resumes it.
  if [ -n "$url" ]; then kill -CONT $stopped_procs 2>/dev/null; fi
  stopped_procs=""
  next_run
fi

echo "-- kill -9 of the launcher while it seeds the large dataset; the next run at once (the server still running)"
if ! try seeding; then
  echo "  not asked for"
elif ! command -v psql > /dev/null; then
  echo "  skipped: needs psql, to take the seeded marker of the large dataset away"
else
  large=(-p dataset=large -f 1 -wi 0 -i 1)
  # A run on the large dataset (seeding it if needed); its marker taken away, so that the next run reseeds.
  launch h 'ExistsBenchmark.floorJdbc' "${large[@]}" -p lookup=hit -r 60s
  wait_for h '# Fork: 1 of 1' && psql "$(psql_conn h)" -qc 'delete from ormbench_large.dataset_info'
  kill -9 "$pid" $(forks) 2>/dev/null; wait 2>/dev/null
  launch i 'ExistsBenchmark.floorJdbc' "${large[@]}" -p lookup=hit -r 1s
  wait_for i 'ormbench:   users '
  t0=$(now); kill -9 "$pid"; wait 2>/dev/null
  echo "  killed while seeding, after:"; grep ' ormbench: ' "$work/i.log" | tail -n 2 | cut -d' ' -f2- | sed 's/^/    /'
  launch j 'ExistsBenchmark.floorJdbc' "${large[@]}" -p lookup=hit -r 1s
  wait; echo "  next run (seconds from the kill):"; lines j "$t0"
  echo "  left behind: forks [$(forks)]"
fi
