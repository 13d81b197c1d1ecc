# Pinned versions and checksums of everything third_party/setup.sh fetches.
DEBIAN_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libdnnl-dev ocl-icd-opencl-dev
  libprotobuf-dev protobuf-compiler libonnx-dev python3-onnx
  libfmt-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  libsqlite3-dev sqlite3 libssl-dev libopenmpi-dev openmpi-bin
  python3-matplotlib chromium
  zlib1g-dev libssl-dev
  libzip-dev libcsv-dev libpng-dev libnetpbm-dev
  pybind11-dev python3-dev python3-numpy python3-pandas python3-sklearn python3-pytest
  python3-nbclient python3-ipykernel python3-nbformat
  slurmctld slurmd slurm-client munge iproute2
  dataset-fashion-mnist
)
ORT_NODE_VERSION=1.30.0
ORT_NODE_SHA256=6e3390d6b783e7be946fad629292799da28d0b42f84856e50d2c1b0383291e75
ORT_HEADERS_DEB_VERSION=1.21.0+dfsg-1
ORT_HEADERS_DEB_SHA256=14f7d959d5deacbcf1504830d4189f91fc67382b399ed9ae9d3aa9c4050ced08
MNIST_VERSION=1.2.6
MNIST_SHA256=8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed
