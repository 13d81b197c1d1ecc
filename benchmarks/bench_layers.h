// Inputs of the kernel micro-benchmarks: the sparse layers of the paper's models on MNIST-sized
// images (28 x 28, k = 16), built with the framework's own connectivity code, and random data.
//
//   const SparseLayer& l = sparse_layer("grf", /*D=*/16, /*S=*/256);   // cached per (family, D, S)
//   cpu::csr_forward(l.index(), N, x_t.data(), l.w.data(), l.b.data(), y_t.data());
//   std::vector<float> x = random_floats(N * 784, /*seed=*/1);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "framework/model/connectivity.h"
#include "ops/csr_index.h"

namespace dendrite::bench {

inline constexpr std::int64_t kImageSide = 28;
inline constexpr std::int64_t kInputs = kImageSide * kImageSide;
inline constexpr std::int64_t kSynapses = 16;

// Input -> dendrite layer of one dANN family ("r", "lrf" or "grf") with D*S dendrites.
struct SparseLayer {
  Connectivity conn;
  std::vector<float> w;  // [nnz], random
  std::vector<float> b;  // [n_out], random
  CsrIndex index() const;
};
const SparseLayer& sparse_layer(const std::string& family, std::int64_t D, std::int64_t S);

// n values uniform in [-1, 1), reproducible from the seed.
std::vector<float> random_floats(std::int64_t n, std::uint64_t seed);

// The "min" statistic of the rows (ComputeStatistics("min", min_of)): with
// --benchmark_repetitions=R, the least disturbed repetition (other processes on a shared machine
// only ever make a run slower).
double min_of(const std::vector<double>& v);

}  // namespace dendrite::bench
