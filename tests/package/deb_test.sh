#!/usr/bin/env bash
# The Debian package on this machine, as an administrator installs it:
#   1. cpack -G DEB builds dendrite_<version>_<arch>.deb from the build tree;
#   2. its Depends name a Debian package for every shared library its ELF files load (other than
#      the ones it carries), and python3 for dendrite report;
#   3. apt-get install -y ./dendrite_*.deb (dependencies from the Debian archive);
#   4. the installed tool: --version, training a dANN-GRF for one epoch on MNIST with --export,
#      and `dendrite run` on the file (ONNX Runtime and the plugin from /usr/lib/dendrite);
#   5. examples/ort_deploy configured against the system (find_package finds /usr/lib/cmake/dendrite),
#      built and run on that file;
#   6. apt-get remove, leaving no file behind.
# It changes the system, so it runs only as root, only where no dendrite is installed already (it
# would otherwise replace or remove someone else's), and one at a time (a lock file, also across
# ctest processes). It exits 77 (ctest: skipped) when it must not run here, saying why.
#
#   deb_test.sh BUILD_DIR SOURCE_DIR MNIST_FOLDER
set -euo pipefail
build=$1 src=$2 mnist=$3
generator=${DENDRITE_TEST_GENERATOR:-Ninja}
fail() { echo "deb_test: FAIL: $*" >&2; exit 1; }
skip() { echo "deb_test: SKIPPED: $*" >&2; exit 77; }
step() { echo "== $*"; }

[ "$(id -u)" -eq 0 ] || skip "installing a package needs root"
command -v apt-get > /dev/null && command -v dpkg-deb > /dev/null || skip "no apt-get/dpkg-deb: not a Debian system"
[ -f "$mnist/t10k-images-idx3-ubyte" ] || fail "MNIST is missing in $mnist: run third_party/setup.sh"

exec 9> /run/lock/dendrite-deb-test.lock
flock -w 900 9 || fail "another deb_test has held /run/lock/dendrite-deb-test.lock for 15 minutes"
if status=$(dpkg-query -W -f='${Status} ${Version}' dendrite 2> /dev/null) && [[ "$status" != *not-installed* ]]; then
  skip "a dendrite package is already on this machine ($status); this test installs and removes its own"
fi
for path in /usr/bin/dendrite /usr/lib/dendrite /usr/include/dendrite /usr/lib/cmake/dendrite /usr/share/dendrite \
            /usr/lib/python3/dist-packages/dendrite; do
  [ ! -e "$path" ] || skip "$path exists (not from a package): installing would overwrite it"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/dendrite-deb-test.XXXXXX")
installed=0
cleanup() {
  if [ "$installed" = 1 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 remove -y -q --purge dendrite > "$work/remove.log" 2>&1 \
      || { cat "$work/remove.log" >&2; echo "deb_test: FAIL: apt-get remove dendrite" >&2; }
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "cpack -G DEB"
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/pkg" > "$work/cpack.log" 2>&1 \
  || { cat "$work/cpack.log"; fail "cpack"; }
debs=("$work"/pkg/dendrite_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack made no single dendrite_*.deb: ${debs[*]}"
deb=${debs[0]}
version=$(dpkg-deb -f "$deb" Version)
depends=$(dpkg-deb -f "$deb" Depends)
echo "$(basename "$deb"): Depends: $depends"

step "Depends covers every shared library the package loads"
dpkg-deb -x "$deb" "$work/x"
depends_names=" $(echo "$depends" | tr ',|' '\n\n' | awk '{print $1}' | tr '\n' ' ') "
[[ "$depends_names" == *" python3 "* ]] || fail "Depends lacks python3 (dendrite report)"
[[ "$depends_names" == *" python3-numpy "* ]] || fail "Depends lacks python3-numpy (the Python package dendrite)"
while IFS= read -r -d '' f; do
  [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
  for lib in $(objdump -p "$f" | awk '$1 == "NEEDED" {print $2}'); do
    [ -n "$(find "$work/x" -name "$lib" -print -quit)" ] && continue  # carried by the package
    owners=$(dpkg -S "*/$lib" 2> /dev/null | cut -d: -f1 | tr ', ' '\n\n' | sort -u) || true
    [ -n "$owners" ] || fail "${f#"$work/x"} needs $lib, which no installed Debian package provides"
    found=0
    for o in $owners; do [[ "$depends_names" == *" $o "* ]] && found=1; done
    [ "$found" = 1 ] || fail "${f#"$work/x"} needs $lib (package $(echo $owners)), which Depends does not name"
  done
done < <(find "$work/x" -type f -print0)

step "apt-get install -y ./$(basename "$deb")"
installed=1
(cd "$work/pkg" && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
   --no-install-recommends "./$(basename "$deb")") > "$work/install.log" 2>&1 \
  || { cat "$work/install.log"; fail "apt-get install"; }

step "the installed tool"
out=$(cd / && env -i PATH=/usr/bin:/bin dendrite --version)
[ "$out" = "dendrite $version" ] || fail "dendrite --version says '$out', the package is $version"
echo "$out"
(cd "$work" && env -i PATH=/usr/bin:/bin OMP_WAIT_POLICY=passive dendrite train --dataset mnist \
   --data-dir "$(dirname "$mnist")" --model dann-grf --dendrites 16 --somata 256 --epochs 1 --out "$work/run" \
   --export "$work/dann-grf.onnx" --quiet --no-progress) || fail "dendrite train --export"
(cd "$work" && env -i PATH=/usr/bin:/bin dendrite run "$work/dann-grf.onnx" --dataset mnist \
   --data-dir "$(dirname "$mnist")") | tee "$work/run.log" || fail "dendrite run"
grep -q "dendrite plugin" "$work/run.log" || fail "dendrite run did not use the plugin"
(cd / && env -i PYTHONPATH="$src/tests/report" DENDRITE_SOURCE_DIR="$src" /usr/bin/python3 -c \
   "import store_factory as sf; sf.make_sweep_store('$work/sweep.db').close()") || fail "making a store"
(cd / && env -i PATH=/usr/bin:/bin dendrite report --store "$work/sweep.db" --out "$work/report" --tables-only) \
  || fail "dendrite report (python3 -m dendrite.report from /usr/lib/python3/dist-packages)"
[ -s "$work/report/index.html" ] || fail "dendrite report wrote no page"

step "import dendrite (the Python package, in Debian's site folder)"
(cd "$work" && env -i PATH=/usr/bin:/bin /usr/bin/python3 -c '
import dendrite
assert dendrite.__file__ == "/usr/lib/python3/dist-packages/dendrite/__init__.py", dendrite.__file__
assert dendrite.plugin_path() == "/usr/lib/dendrite/libdendrite_ort_plugin.so", dendrite.plugin_path()
m = dendrite.Model.import_onnx("'"$work"'/dann-grf.onnx")
print("python: dendrite", dendrite.__version__, m)') || fail "import dendrite from the package"

step "examples/ort_deploy against the installed package"
cmake -S "$src/examples/ort_deploy" -B "$work/ort_deploy" -G "$generator" -DCMAKE_BUILD_TYPE=Release \
  > "$work/configure.log" 2>&1 || { cat "$work/configure.log"; fail "configure ort_deploy"; }
grep -q '^dendrite_DIR:PATH=/usr/lib/cmake/dendrite$' "$work/ort_deploy/CMakeCache.txt" \
  || fail "find_package(dendrite) did not find the package's /usr/lib/cmake/dendrite"
cmake --build "$work/ort_deploy" > "$work/build.log" 2>&1 || { cat "$work/build.log"; fail "build ort_deploy"; }
(cd "$work" && env -i "$work/ort_deploy/ort_deploy" "$work/dann-grf.onnx" "$mnist") | tee "$work/deploy.log"
grep -q "with /usr/lib/dendrite/libdendrite_ort_plugin.so" "$work/deploy.log" || fail "ort_deploy did not use the package's plugin"
acc=$(awk '/^accuracy/ {print $2}' "$work/deploy.log")
awk -v a="$acc" 'BEGIN { exit !(a != "" && a + 0 > 0.9) }' || fail "accuracy '$acc' is not above 0.9"

step "apt-get remove"
installed=0
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 remove -y -q --purge dendrite > "$work/remove.log" 2>&1 \
  || { cat "$work/remove.log"; fail "apt-get remove dendrite"; }
for path in /usr/bin/dendrite /usr/lib/dendrite /usr/include/dendrite /usr/lib/cmake/dendrite /usr/share/dendrite \
            /usr/lib/libdendrite.so /usr/lib/python3/dist-packages/dendrite; do
  [ ! -e "$path" ] || fail "$path is left after apt-get remove"
done
echo "deb_test: OK (accuracy $acc)"
