// Image geometry behind the receptive-field (RF) connectivity of dANNs (Chavlis & Poirazi 2025):
// a Grid of H x W pixels with C channels (channel last), Chebyshev balls and rings around a
// pixel, the synapse choice of one RF dendrite, and uniform RF centres.
//
//   Grid g{28, 28, 1};
//   Rng rng(1);
//   std::vector<int64_t> block = ball(g, 5, 7, 1);             // the 3x3 block around (5, 7)
//   std::vector<int64_t> syn = rf_pixels(g, 5 * 28 + 7, 16, rng);  // that block + 7 of ring 2
//   std::vector<int64_t> centres = uniform_centres(g, 100, rng);   // 100 RF centres
//
// Pixel (r, c) has id r * W + c; channel ch of pixel p is input (r * W + c) * C + ch. Every list
// of pixel ids returned here is sorted ascending and holds no duplicates.
#pragma once

#include <cstdint>
#include <vector>

#include "framework/core/rng.h"

namespace dendrite {

struct Grid {
  int64_t height = 0;
  int64_t width = 0;
  int64_t channels = 1;

  int64_t pixels() const { return height * width; }
  int64_t size() const { return height * width * channels; }  // number of inputs
  // Throws Error unless every side is >= 1 and size() fits int32.
  void validate() const;
};

// Throws Error when the grid is invalid or its size() differs from the n_in inputs of a layer.
void check_grid_size(const Grid& g, int64_t n_in);

// The grid on which a layer >= 2 sees the S somata of the previous layer: the two
// divisors of S closest to sqrt(S), the larger one as height, one channel. 32 -> 8x4, 64 -> 8x8,
// 128 -> 16x8; a prime S gives S x 1.
Grid grid_for_somata(int64_t somata);

// Pixels (r', c') inside the image with max(|r' - r|, |c' - c|) <= radius (ball) or == radius
// (ring). Interior sizes: ball(1) = 9, ring(2) = 16, ring(3) = 24, ring(4) = 32; ring(0) is the
// pixel itself.
std::vector<int64_t> ball(const Grid& g, int64_t r, int64_t c, int64_t radius);
std::vector<int64_t> ring(const Grid& g, int64_t r, int64_t c, int64_t radius);

// The `count` pixels nearest to `centre` chosen as the paper's RF rule: ball(1) (a random subset
// of it when count < its size), then whole rings 2, 3, ... while each fits in what is missing,
// then a random subset of the first ring that does not fit. Used for the k synapses of an RF
// dendrite and for the D dendrite centres of a GRF soma. Requires 1 <= count <= g.pixels().
std::vector<int64_t> rf_pixels(const Grid& g, int64_t centre, int64_t count, Rng& rng);

// `count` pixel ids drawn uniformly over the image with replacement (row and column independent),
// in draw order (not sorted).
std::vector<int64_t> uniform_centres(const Grid& g, int64_t count, Rng& rng);

// The D dendrite centres of each of S GRF somata: one uniform centre per soma,
// then rf_pixels(g, soma_centre, D). Entry s * D + t is the centre of dendrite t of soma s.
std::vector<int64_t> grf_dendrite_centres(const Grid& g, int64_t somata, int64_t dendrites_per_soma,
                                          Rng& rng);

}  // namespace dendrite
