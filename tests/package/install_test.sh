#!/usr/bin/env bash
# The installed package as a user gets it: `cmake --install` into a fresh prefix, then
#   1. the layout (tool, library, headers, plugin, ONNX Runtime, CMake package, report package);
#   2. the public headers: each compiles on its own and names no framework or dependency header;
#   3. libdendrite.so exports only the API (dendrite::api, plus the C++ library's vague-linkage
#      symbols) and needs no library from the build tree;
#   4. the prefix moved elsewhere still works with a clean environment: the tool finds its ONNX
#      Runtime, plugin and report package relative to itself; the Python package imports from the
#      prefix's lib/python3/dist-packages and finds the plugin;
#   5. the two examples, configured and built by fresh cmake runs against the prefix, train a
#      dANN-GRF on MNIST, export it, and classify the test set in ONNX Runtime with the plugin.
#
#   install_test.sh BUILD_DIR SOURCE_DIR MNIST_FOLDER [EPOCHS]
set -euo pipefail
build=$1 src=$2 mnist=$3 epochs=${4:-2}
generator=${DENDRITE_TEST_GENERATOR:-Ninja}
work=$(mktemp -d "${TMPDIR:-/tmp}/dendrite-install-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "install_test: FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

[ -f "$mnist/t10k-images-idx3-ubyte" ] || fail "MNIST is missing in $mnist: run third_party/setup.sh"

step "cmake --install $build --prefix $work/prefix"
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log" || { cat "$work/install.log"; fail "install"; }
p=$work/prefix

step "layout"
for f in bin/dendrite lib/libdendrite.so lib/dendrite/libdendrite_ort_plugin.so lib/dendrite/libonnxruntime.so.1 \
         include/dendrite/dendrite.h include/dendrite/onnxruntime/onnxruntime_cxx_api.h \
         lib/cmake/dendrite/dendrite-config.cmake lib/cmake/dendrite/dendrite-config-version.cmake \
         lib/cmake/dendrite/dendrite-targets.cmake lib/python3/dist-packages/dendrite/report/__main__.py; do
  [ -e "$p/$f" ] || fail "$f is not installed"
done
# One program: the tool (the benchmark harness, benchmarks/dendrite-bench, is not part of the product).
[ "$(ls "$p/bin")" = dendrite ] || fail "bin/ holds $(ls "$p/bin" | tr '\n' ' '), not only the tool"
soname=$(objdump -p "$p/lib/libdendrite.so" | awk '$1 == "SONAME" {print $2}')
[ -e "$p/lib/$soname" ] || fail "the soname link lib/$soname is missing"

step "public headers compile alone and include nothing private"
headers=("$p"/include/dendrite/*.h)
[ ${#headers[@]} -ge 5 ] || fail "expected the API headers in include/dendrite, found ${headers[*]}"
for h in "${headers[@]}"; do
  name=dendrite/$(basename "$h")
  if grep -nE '#include *[<"](framework|ops|export|tools|dnnl|oneapi|onnx/|google/|nlohmann|fmt/|CLI/)' "$h"; then
    fail "$name includes a private or dependency header"
  fi
  printf '#include <%s>\nint main() { return 0; }\n' "$name" > "$work/one_header.cpp"
  c++ -std=c++17 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I "$p/include" "$work/one_header.cpp" \
    || fail "$name does not compile on its own"
done

step "libdendrite.so exports only the API"
nm -D --defined-only -C "$p/lib/libdendrite.so" | cut -d' ' -f3- | sort -u > "$work/exports.txt"
grep -q '^dendrite::api::Model::train(' "$work/exports.txt" || fail "dendrite::api::Model::train is not exported"
if grep -vE '^(dendrite::api::|std::|void std::|typeinfo (name )?for std::|vtable for std::)' "$work/exports.txt"; then
  fail "libdendrite.so exports more than the API (above)"
fi
if grep -P 'dnnl::|onnx::|Ort::|google::protobuf|fmt::|nlohmann::|dendrite::(?!api::)' "$work/exports.txt"; then
  fail "libdendrite.so exports internal or dependency symbols (above)"
fi

step "the prefix, moved, works in a clean environment"
cp -a "$p" "$work/moved"
rm -rf "$p"
m=$work/moved
for elf in "$m/bin/dendrite" "$m/lib/libdendrite.so" "$m/lib/dendrite/libdendrite_ort_plugin.so"; do
  if objdump -p "$elf" | grep -E 'R(UN)?PATH' | grep -vF '$ORIGIN'; then fail "$elf has an absolute search path"; fi
  if (cd / && env -i ldd "$elf") | grep -E 'not found|'"$build"; then fail "$elf needs a library it cannot find"; fi
done
ort=$( (cd / && env -i ldd "$m/bin/dendrite") | awk '$1 == "libonnxruntime.so.1" {print $3}')
[ -n "$ort" ] && [ "$(realpath "$ort")" = "$m/lib/dendrite/libonnxruntime.so.1" ] \
  || fail "the moved tool loads ONNX Runtime from '$ort', not from $m/lib/dendrite"
version=$(cd / && env -i "$m/bin/dendrite" --version) || fail "dendrite --version"
echo "$version"
[[ "$version" == "dendrite "[0-9]* ]] || fail "unexpected --version output '$version'"
# dendrite report with a stand-in interpreter that records the PYTHONPATH the tool hands it.
printf '#!/bin/sh\necho "$PYTHONPATH" > %s\nexit 0\n' "$work/pythonpath.txt" > "$work/python"
chmod +x "$work/python"
: > "$work/store.db"
(cd / && env -i DENDRITE_PYTHON="$work/python" "$m/bin/dendrite" report --store "$work/store.db" --out "$work/r") \
  > /dev/null 2>&1 || true
[ "$(cat "$work/pythonpath.txt" 2>/dev/null)" = "$m/lib/python3/dist-packages" ] \
  || fail "the moved tool's report package path is '$(cat "$work/pythonpath.txt" 2>/dev/null)', not $m/lib/python3/dist-packages"
# ... and with Debian's interpreter, a whole report (tables and page) of a store made by hand.
(cd / && env -i PYTHONPATH="$src/tests/report" DENDRITE_SOURCE_DIR="$src" /usr/bin/python3 -c \
   "import store_factory as sf; sf.make_sweep_store('$work/sweep.db').close()") || fail "making a store"
(cd / && env -i "$m/bin/dendrite" report --store "$work/sweep.db" --out "$work/report" --tables-only) \
  || fail "dendrite report from the moved prefix"
[ -s "$work/report/index.html" ] && [ -s "$work/report/summary.csv" ] || fail "dendrite report wrote no page or summary"

step "import dendrite from the moved prefix's site folder, clean environment"
(cd / && env -i PYTHONPATH="$m/lib/python3/dist-packages" /usr/bin/python3 -c '
import sys, dendrite
prefix = sys.argv[1]
assert dendrite.__file__.startswith(prefix), dendrite.__file__
assert dendrite.plugin_path().startswith(prefix), dendrite.plugin_path()
print("python: dendrite", dendrite.__version__, dendrite.Model.variant("dann-r", input_shape=(28, 28), classes=10))' "$m") \
  || fail "import dendrite from the prefix"

step "examples/train_dann against the prefix ($epochs epochs)"
cmake -S "$src/examples/train_dann" -B "$work/train_dann" -G "$generator" -DCMAKE_PREFIX_PATH="$m" \
  -DCMAKE_BUILD_TYPE=Release > "$work/configure1.log" || { cat "$work/configure1.log"; fail "configure train_dann"; }
cmake --build "$work/train_dann" > "$work/build1.log" || { cat "$work/build1.log"; fail "build train_dann"; }
(cd "$work" && env -i OMP_WAIT_POLICY=passive "$work/train_dann/train_dann" "$mnist" "$epochs" "$work/dann-grf.onnx") \
  | tee "$work/train.log"
train_acc=$(awk '/^test accuracy/ {print $3}' "$work/train.log")
[ -s "$work/dann-grf.onnx" ] || fail "train_dann wrote no ONNX file"

step "examples/ort_deploy against the prefix"
cmake -S "$src/examples/ort_deploy" -B "$work/ort_deploy" -G "$generator" -DCMAKE_PREFIX_PATH="$m" \
  -DCMAKE_BUILD_TYPE=Release > "$work/configure2.log" || { cat "$work/configure2.log"; fail "configure ort_deploy"; }
cmake --build "$work/ort_deploy" > "$work/build2.log" || { cat "$work/build2.log"; fail "build ort_deploy"; }
(cd "$work" && env -i LD_DEBUG=files LD_DEBUG_OUTPUT="$work/ld" "$work/ort_deploy/ort_deploy" "$work/dann-grf.onnx" "$mnist") \
  | tee "$work/deploy.log"
grep -hq "file=$m/lib/dendrite/libdendrite_ort_plugin.so" "$work"/ld.* || fail "ort_deploy did not load the prefix's plugin"
deploy_acc=$(awk '/^accuracy/ {print $2}' "$work/deploy.log")

step "accuracy: framework $train_acc, ONNX Runtime with the plugin $deploy_acc"
awk -v a="$train_acc" -v b="$deploy_acc" 'BEGIN {
  if (a == "" || b == "") { print "install_test: FAIL: no accuracy printed"; exit 1 }
  if (a + 0 <= 0.9 || b + 0 <= 0.9) { print "install_test: FAIL: accuracy at or below 0.9"; exit 1 }
  d = a - b; if (d < 0) d = -d
  if (d > 0.002) { print "install_test: FAIL: ONNX Runtime and the framework disagree by " d; exit 1 }
}' || exit 1
echo "install_test: OK"
