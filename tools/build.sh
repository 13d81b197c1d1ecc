#!/usr/bin/env bash
# Configures and builds dendrite (Release, Ninja) into build/ (or $DENDRITE_BUILD_DIR).
# Runs third_party/setup.sh first unless DENDRITE_SKIP_SETUP=1.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DENDRITE_BUILD_DIR:-$repo/build}
if [ "${DENDRITE_SKIP_SETUP:-0}" != 1 ]; then bash "$repo/third_party/setup.sh"; fi
jobs=${DENDRITE_JOBS:-$(nproc)}
cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release ${DENDRITE_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j "$jobs"
