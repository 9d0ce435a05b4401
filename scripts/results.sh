#!/usr/bin/env bash
# Regenerates the committed results: builds, provisions, runs the whole suite with the committed profile,
# writes the JMH JSON and environment.json, and generates the report, into results/<run>/ (default
# results/latest), then the round-trip patterns again at a 1 ms network RTT into results/<run>-rtt1ms/.
#
#   scripts/results.sh            # the full profile, about 55 minutes on 2 cores
#   scripts/results.sh --quick    # every benchmark once on the small dataset, a few minutes (not for committing)
#
# The committed profile: every benchmark at the large dataset, with the forks, warm-up and measurement of each
# class's annotations (2 forks of 6 + 8 one-second iterations for the fast patterns, 1 fork for the slow ones),
# and -prof gc for bytes allocated per operation. Extra arguments (e.g. a pattern regex) go to both runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run="${ORMBENCH_RUN:-latest}"
if [ "${1:-}" = "--quick" ]; then
  shift
  exec env ORMBENCH_OUT="$ROOT/results/tmp/quick" "$ROOT/scripts/bench.sh" -p dataset=small -f 1 -wi 0 -i 1 -r 1s -foe true "$@"
fi
# A run replaces its folders whole (the committed copy is in git), so no chart of an earlier run stays behind.
rm -rf "$ROOT/results/$run" "$ROOT/results/$run-rtt1ms"
# A failed benchmark leaves a gap in its part (bench.sh reports on what finished and exits non-zero); the other
# part still runs, and this script exits non-zero at the end.
status=0
ORMBENCH_OUT="$ROOT/results/$run" "$ROOT/scripts/bench.sh" -p dataset=large -prof gc "$@" || status=$?
# The patterns whose cost is round trips, at a realistic network RTT (see METHODOLOGY.md, "Network latency"):
# N+1 in full, pagination by id at the first and the 90 % deep page.
ORMBENCH_OUT="$ROOT/results/$run-rtt1ms" "$ROOT/scripts/bench.sh" 'NPlusOne|Pagination' \
  -p dataset=large -p rtt=0,1ms -p sortKey=id -p depth=first,90pct -prof gc "$@" || status=$?
# README's headline tables are the summaries of the committed reports, copied, never typed.
"$ROOT/scripts/readme-tables.sh" "$run"
exit "$status"
