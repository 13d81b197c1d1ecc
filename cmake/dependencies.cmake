# Outside dependencies: Debian packages through find_package, ONNX Runtime from the cache that
# third_party/setup.sh fills (see third_party/versions.sh for the pinned versions).
find_package(fmt REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(CLI11 REQUIRED)
find_package(OpenMP REQUIRED)
find_package(dnnl CONFIG REQUIRED)
find_package(Protobuf REQUIRED)  # before ONNX: libonnx's config needs protobuf's targets
find_package(ONNX CONFIG REQUIRED)
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)                        # gzip-compressed data files
find_package(OpenSSL REQUIRED COMPONENTS Crypto)  # SHA-256 of data set contents
# The readers of users' own data (framework/data): NumPy .npz archives (libzip), CSV tables
# (libcsv), PNG images (libpng), PGM images (netpbm).
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
find_package(PNG REQUIRED)
find_path(CSV_INCLUDE_DIR csv.h REQUIRED)
find_library(CSV_LIBRARY csv REQUIRED)
add_library(dendrite_libcsv INTERFACE)
target_include_directories(dendrite_libcsv SYSTEM INTERFACE "${CSV_INCLUDE_DIR}")
target_link_libraries(dendrite_libcsv INTERFACE "${CSV_LIBRARY}")
find_path(NETPBM_INCLUDE_DIR netpbm/pgm.h REQUIRED)
find_library(NETPBM_LIBRARY netpbm REQUIRED)
add_library(dendrite_netpbm INTERFACE)
target_include_directories(dendrite_netpbm SYSTEM INTERFACE "${NETPBM_INCLUDE_DIR}")
target_link_libraries(dendrite_netpbm INTERFACE "${NETPBM_LIBRARY}")
# The sweep: its result store and the MPI transport.
find_package(SQLite3 REQUIRED)
enable_language(C)  # FindMPI checks the C compiler wrapper for MPI::MPI_C
find_package(MPI REQUIRED COMPONENTS C)
if(DENDRITE_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(DENDRITE_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()

set(DENDRITE_ORT_INCLUDE_DIR "${DENDRITE_DEPS_DIR}/onnxruntime/include")
set(DENDRITE_ORT_LIBRARY "${DENDRITE_DEPS_DIR}/onnxruntime/lib/libonnxruntime.so.1")
if(NOT EXISTS "${DENDRITE_ORT_INCLUDE_DIR}/onnxruntime_c_api.h" OR NOT EXISTS "${DENDRITE_ORT_LIBRARY}")
  message(FATAL_ERROR "ONNX Runtime not found under ${DENDRITE_DEPS_DIR}/onnxruntime: run third_party/setup.sh first")
endif()
# Headers only (for the plugin, which must not link the runtime).
add_library(dendrite_ort_headers INTERFACE)
target_include_directories(dendrite_ort_headers SYSTEM INTERFACE "${DENDRITE_ORT_INCLUDE_DIR}")
# The runtime library (for hosts). There is no libonnxruntime.so dev link, only the soname file.
add_library(onnxruntime SHARED IMPORTED GLOBAL)
set_target_properties(onnxruntime PROPERTIES
  IMPORTED_LOCATION "${DENDRITE_ORT_LIBRARY}"
  IMPORTED_SONAME "libonnxruntime.so.1"
  INTERFACE_INCLUDE_DIRECTORIES "${DENDRITE_ORT_INCLUDE_DIR}")
set(CMAKE_BUILD_RPATH "${DENDRITE_DEPS_DIR}/onnxruntime/lib")
