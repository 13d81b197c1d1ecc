#!/usr/bin/env bash
# Sets up, builds and runs the test suite: every ctest label except `slow` (add --slow for those).
#   bash tools/run_tests.sh           # unit, gradcheck, e2e
#   bash tools/run_tests.sh --slow    # also the long training runs
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DENDRITE_BUILD_DIR:-$repo/build}
label_args=(-LE slow)
for arg in "$@"; do
  case "$arg" in
    --slow) label_args=() ;;
    *) echo "run_tests.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done
bash "$repo/tools/build.sh"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" "${label_args[@]}"
