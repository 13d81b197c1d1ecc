#!/usr/bin/env bash
# Sets up, builds and runs the tests. Without a mode option: every ctest label except `slow`.
#   bash tools/run_tests.sh               # unit, gradcheck, e2e (build/)
#   bash tools/run_tests.sh --slow        # also the longer real-MNIST reference runs
#   bash tools/run_tests.sh --sanitize    # AddressSanitizer + UBSan build (build-asan/), unit tests
#   bash tools/run_tests.sh --fuzz 30     # libFuzzer targets (clang, build-fuzz/), 30 s each
# --sanitize and --fuzz may be combined; they then replace the normal suite. Build folders:
# $DENDRITE_BUILD_DIR, $DENDRITE_ASAN_BUILD_DIR, $DENDRITE_FUZZ_BUILD_DIR. A fuzz target that
# crashes leaves its input under <fuzz build>/crashes/<target>/ (turn it into a tests/corpus file).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DENDRITE_BUILD_DIR:-$repo/build}
asan_build=${DENDRITE_ASAN_BUILD_DIR:-$repo/build-asan}
fuzz_build=${DENDRITE_FUZZ_BUILD_DIR:-$repo/build-fuzz}
jobs=${DENDRITE_JOBS:-$(nproc)}
label_args=(-LE slow)
sanitize=0 fuzz_seconds=""
while [ $# -gt 0 ]; do
  case "$1" in
    --slow) label_args=() ;;
    --sanitize) sanitize=1 ;;
    --fuzz)
      fuzz_seconds=${2:-}
      [[ "$fuzz_seconds" =~ ^[1-9][0-9]*$ ]] || { echo "run_tests.sh: --fuzz needs a number of seconds, e.g. --fuzz 30" >&2; exit 2; }
      shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "run_tests.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

# ctest runs tests side by side, each with OpenMP threads: threads that spin while they wait
# (libgomp's default) then steal the cores the others need and runs get 10-50x slower. Waiting
# threads sleep instead (a caller's own setting wins). No test checks a time.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}

if [ "$sanitize" = 0 ] && [ -z "$fuzz_seconds" ]; then
  bash "$repo/tools/build.sh"
  ctest --test-dir "$build" --output-on-failure -j "$(nproc)" "${label_args[@]}"
  exit 0
fi
if [ "${DENDRITE_SKIP_SETUP:-0}" != 1 ]; then bash "$repo/third_party/setup.sh"; fi

# Runs a build step quietly; its output is shown only when it fails.
quietly() {  # log-file command...
  local log=$1
  shift
  if ! "$@" >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "run_tests.sh: failed: $* (full log: $log)" >&2
    exit 1
  fi
}

if [ "$sanitize" = 1 ]; then
  echo "== AddressSanitizer + UndefinedBehaviorSanitizer build ($asan_build), unit tests"
  mkdir -p "$asan_build"
  # -O1 and line tables only (-g1): the sanitizers' reports keep file and line, and compiling and
  # linking some 300 targets takes far less than at -O2 with full debug information (-g).
  quietly "$asan_build/configure.log" cmake -S "$repo" -B "$asan_build" -G Ninja -DCMAKE_BUILD_TYPE=None \
    -DDENDRITE_BUILD_BENCHMARKS=OFF \
    "-DCMAKE_CXX_FLAGS=-O1 -g1 -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
  # Only the unit test executables (dendrite_add_test(NAME LABEL unit ...)) and what they use; the
  # Python package's tests are left out (Debian's interpreter cannot load a sanitized module unless
  # libasan is preloaded, and the C++ they reach is covered by the C++ unit tests).
  mapfile -t unit_targets < <(grep -rhoP 'dendrite_add_test\(\K[A-Za-z0-9_]+(?=\s+LABEL\s+unit)' "$repo/tests")
  quietly "$asan_build/build.log" cmake --build "$asan_build" -j "$jobs" --target dendrite "${unit_targets[@]}"
  # The sanitizers stop a process at the first finding; suppressions name third-party leaks only.
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
  LSAN_OPTIONS="suppressions=$repo/tests/common/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}" \
    ctest --test-dir "$asan_build" --output-on-failure -j "$(nproc)" -L unit -LE python
fi

if [ -n "$fuzz_seconds" ]; then
  echo "== libFuzzer targets ($fuzz_build), $fuzz_seconds s each"
  mkdir -p "$fuzz_build"
  # clang compiles no OpenMP code against GCC's libgomp (the OpenMP runtime oneDNN uses): the
  # parallel loops run serially, which is what fuzzing wants, and no second runtime is loaded.
  quietly "$fuzz_build/configure.log" env CC=clang CXX=clang++ cmake -S "$repo" -B "$fuzz_build" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDENDRITE_FUZZ=ON -DDENDRITE_BUILD_TESTS=OFF -DDENDRITE_BUILD_BENCHMARKS=OFF \
    -DOpenMP_CXX_FLAGS=-fopenmp=libgomp -DOpenMP_CXX_LIB_NAMES=gomp \
    "-DOpenMP_gomp_LIBRARY=$(g++ -print-file-name=libgomp.so)"
  quietly "$fuzz_build/build.log" cmake --build "$fuzz_build" -j "$jobs" --target dendrite_fuzzers
  failed=()
  # Every target of the dendrite_fuzzers group, as fuzz/CMakeLists.txt lists them.
  mapfile -t fuzz_targets < <(grep -hoP '^dendrite_add_fuzzer\(\K[A-Za-z0-9_]+' "$repo/fuzz/CMakeLists.txt")
  for target in "${fuzz_targets[@]}"; do
    # New inputs go to a scratch corpus; the committed seeds (fuzz/corpus/<target>) stay as they are.
    work="$fuzz_build/corpus/$target" crashes="$fuzz_build/crashes/$target" log="$fuzz_build/$target.log"
    mkdir -p "$work" "$crashes"
    if (cd "$fuzz_build" && "./fuzz/$target" "$work" "$repo/fuzz/corpus/$target" -max_total_time="$fuzz_seconds" \
          -timeout=10 -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$crashes/" -print_final_stats=1 \
          >"$log" 2>&1); then
      echo "$target: $(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$') runs, no crash"
    else
      tail -n 40 "$log" >&2
      echo "$target: CRASH (input saved under $crashes/, log: $log)" >&2
      failed+=("$target")
    fi
  done
  if [ ${#failed[@]} -gt 0 ]; then
    echo "run_tests.sh: fuzz targets failed: ${failed[*]}" >&2
    exit 1
  fi
fi
