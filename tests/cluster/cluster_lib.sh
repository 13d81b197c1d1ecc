# Shared by the cluster tests (sourced): skipping with a reason, waiting with a deadline, reading
# a sweep store read-only, the small data set and grid every cluster test sweeps.

# ctest treats this exit code as "skipped" (SKIP_RETURN_CODE in tests/cluster/CMakeLists.txt).
SKIP=77
skip() { echo "SKIPPED: $*"; exit "$SKIP"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

# wait_for SECONDS DESCRIPTION COMMAND...: runs COMMAND every 0.2 s until it succeeds; fails the
# test naming DESCRIPTION after SECONDS.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || fail "timed out after ${seconds} s waiting for: $what"
    sleep 0.2
  done
}

# stop_processes PID...: SIGTERM, then SIGKILL to whatever is left after 5 s.
stop_processes() {
  [ $# -gt 0 ] || return 0
  kill "$@" 2>/dev/null
  local i
  for i in $(seq 50); do
    kill -0 "$@" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$@" 2>/dev/null
}

# query STORE SQL: one value, read-only (the sweep may be writing).
query() { sqlite3 -readonly "file:$1?mode=ro" "$2" 2>/dev/null; }
count_done() { query "$1" "SELECT count(*) FROM runs WHERE status = 'done'"; }

# make_cluster_data DIR: 3000 training and 200 test samples, and DATA_ARGS for dendrite sweep.
make_cluster_data() {
  /usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/quadrant_data.py" "$1" 3000 200 || fail "cannot write the test data"
  DATA_ARGS=(--train-images "$1/train-images.npy" --train-labels "$1/train-labels.npy"
             --test-images "$1/test-images.npy" --test-labels "$1/test-labels.npy")
}

# The grid of every cluster test: RUNS configurations (one per seed) of a dANN-R, each about a
# second on one core, so that a sweep can be stopped while runs are in flight.
RUNS=10
GRID_ARGS=(--models dann-r --dendrites 16 --somata 128 --synapses 8 --seeds "$(seq -s, 1 "$RUNS")" --epochs 30)

# check_complete STORE: exactly one done row per configuration, nothing else left.
check_complete() {
  local done distinct other
  done=$(count_done "$1")
  distinct=$(query "$1" "SELECT count(DISTINCT run_key) FROM runs WHERE status = 'done'")
  other=$(query "$1" "SELECT count(*) FROM runs WHERE status <> 'done'")
  [ "$done" = "$RUNS" ] || fail "$done done rows in $1, expected $RUNS"
  [ "$distinct" = "$RUNS" ] || fail "$distinct distinct done run keys in $1, expected $RUNS"
  [ "$other" = 0 ] || fail "$other rows of $1 are not done"
}
