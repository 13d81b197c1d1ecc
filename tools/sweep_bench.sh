#!/usr/bin/env bash
# Benchmark of dendrite sweep's execution modes, in one run on the same grid and machine:
#   A  --jobs 2 --threads-per-run 1     (two single-threaded runs at a time)
#   B  --jobs 1 --threads-per-run 2     (one run at a time on two threads)
#   C  mpirun -np 3 (a coordinator and two single-threaded MPI workers)
# Each mode starts on a fresh store; the wall time covers the whole command (data loading, worker
# start, every run). Prints runs per hour and the ratios A/B and C/A.
#
#   bash tools/sweep_bench.sh                                  # the reduced grid on MNIST, seed 1, 3 epochs
#   bash tools/sweep_bench.sh --grid reduced                   # the whole reduced grid (about an hour per mode)
#   bash tools/sweep_bench.sh --grid reduced --seeds 1 --epochs 1 --dataset fashion-mnist
#
# Arguments replace the default grid arguments and go to every mode. DENDRITE names the tool
# (default: build/tools/dendrite), DENDRITE_BENCH_DIR the folder for the stores (default: a
# temporary one, removed afterwards).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dendrite=${DENDRITE:-$repo/build/tools/dendrite}
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--dataset mnist --grid reduced --seeds 1 --epochs 3)
dir=${DENDRITE_BENCH_DIR:-$(mktemp -d)}
[ -n "${DENDRITE_BENCH_DIR:-}" ] || trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir"
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive} OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

echo "grid: ${args[*]}; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) before the first mode"
# run NAME LABEL COMMAND...: times the command on a fresh store; prints and records runs per hour.
declare -A per_hour
run() {
  local name=$1 label=$2; shift 2
  local store="$dir/$name.db"
  rm -f "$store" "$store"-* "$store.lock"
  local start end
  start=$(date +%s.%N)
  "$@" --store "$store" "${args[@]}" > "$dir/$name.log" 2>&1 || { echo "mode $name failed:"; tail -5 "$dir/$name.log"; exit 1; }
  end=$(date +%s.%N)
  local runs
  runs=$(sqlite3 "$store" "SELECT count(*) FROM runs WHERE status = 'done'")
  per_hour[$name]=$(awk -v r="$runs" -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", r * 3600 / (e - s) }')
  printf '%-36s %4d runs  %8.1f s  %8s runs/h  (load %s)\n' "$name  $label" "$runs" \
    "$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')" "${per_hour[$name]}" "$(cut -d' ' -f1 /proc/loadavg)"
}
run A "--jobs 2 --threads-per-run 1" "$dendrite" sweep --jobs 2 --threads-per-run 1
run B "--jobs 1 --threads-per-run 2" "$dendrite" sweep --jobs 1 --threads-per-run 2
run C "mpirun -np 3, 1 thread per rank" mpirun -np 3 --oversubscribe "$dendrite" sweep --threads-per-run 1
awk -v a="${per_hour[A]}" -v b="${per_hour[B]}" -v c="${per_hour[C]}" 'BEGIN {
  printf "jobs 2 x 1 thread / jobs 1 x 2 threads: %.2f\n", a / b
  printf "mpirun -np 3 / local jobs 2:            %.2f\n", c / a }'
