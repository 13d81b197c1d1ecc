// Connectivity masks of every dANN family of the paper (R, LRF, GRF inputs; block or random
// dendrite->soma wiring): which inputs each unit of a
// sparse layer reads, as CSR by output unit. Pure functions of their arguments and the Rng.
//
//   Rng rng(1);
//   Grid image{28, 28, 1};
//   Connectivity in = grf_connectivity(image, /*somata=*/32, /*dendrites_per_soma=*/16, /*k=*/16, rng);
//   Connectivity soma = block_connectivity(/*dendrites_per_soma=*/16, /*somata=*/32);
//   // unit j of `in` reads inputs in.col[in.row_ptr[j] .. in.row_ptr[j + 1])
//
// | family (input -> dendrites) | generator                          |
// |-----------------------------|------------------------------------|
// | R                           | random_connectivity (k*D*S total)  |
// | R, constant k per dendrite  | random_fixed_k                     |
// | LRF / GRF                   | lrf_connectivity / grf_connectivity |
// | all-to-all                  | all_to_all                         |
// | dendrites -> soma           | block_connectivity (structured), random_soma_connectivity (random) |
//
// Errors (bad sizes, k out of range, counts beyond int32) throw dendrite::Error naming the
// function, the parameter, its value and the limit.
#pragma once

#include <cstdint>
#include <vector>

#include "framework/core/rng.h"
#include "framework/model/geometry.h"

namespace dendrite {

// Sparse connectivity from n_in inputs to n_out units: unit j reads inputs
// col[row_ptr[j] .. row_ptr[j + 1]), each row sorted ascending without duplicates.
struct Connectivity {
  int64_t n_in = 0;
  int64_t n_out = 0;
  std::vector<int32_t> row_ptr;  // [n_out + 1], row_ptr[0] = 0, row_ptr[n_out] = nnz
  std::vector<int32_t> col;      // [nnz], input indices

  int64_t nnz() const { return static_cast<int64_t>(col.size()); }
  // Throws Error on any inconsistency (sizes, bounds, order, duplicates).
  void validate() const;
};

// R: `total` connections placed uniformly at random without replacement over the n_in x n_out
// matrix (per-unit counts vary). O(total) time.
Connectivity random_connectivity(int64_t n_in, int64_t n_out, int64_t total, Rng& rng);

// R with a constant count: exactly k distinct random inputs per unit.
Connectivity random_fixed_k(int64_t n_in, int64_t n_out, int64_t k, Rng& rng);

// One RF dendrite per entry of `centres` (pixel ids): rf_pixels(g, centre, k), each pixel
// connecting all g.channels channels, so every unit reads k * C inputs of the g.size() inputs.
Connectivity rf_connectivity(const Grid& g, const std::vector<int64_t>& centres, int64_t k, Rng& rng);

// LRF: one uniform centre per dendrite (with replacement), k synapses around it.
Connectivity lrf_connectivity(const Grid& g, int64_t n_dendrites, int64_t k, Rng& rng);

// GRF: dendrite centres from grf_dendrite_centres, k synapses around each. Dendrites
// s*D .. s*D + D - 1 belong to soma s.
Connectivity grf_connectivity(const Grid& g, int64_t somata, int64_t dendrites_per_soma, int64_t k, Rng& rng);

// Every unit reads every input.
Connectivity all_to_all(int64_t n_in, int64_t n_out);

// Structured dendrite -> soma mask: soma s reads dendrites s*D .. s*D + D - 1 of D*S.
Connectivity block_connectivity(int64_t dendrites_per_soma, int64_t somata);

// Random dendrite -> soma mask: `total` (usually D*S) connections over the n_dendrites x somata
// matrix; the same draw as random_connectivity.
Connectivity random_soma_connectivity(int64_t n_dendrites, int64_t somata, int64_t total, Rng& rng);

// The mask as a dense [n_out, n_in] row-major 0/1 array.
std::vector<uint8_t> dense_mask(const Connectivity& c);

}  // namespace dendrite
