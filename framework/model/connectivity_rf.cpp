// Receptive-field connectivity (LRF, GRF): dendrites whose synapses sit around a centre pixel.
// The geometry (balls, rings, synapse choice, centres) is in geometry.cpp.
#include "framework/model/connectivity.h"

#include "framework/core/error.h"
#include "framework/model/connectivity_detail.h"

namespace dendrite {

using detail::check_at_least;
using detail::check_fits_int32;
using detail::saturating_product;

namespace {

// The checks every RF generator shares, reported under the caller's name.
void check_rf(const char* fn, const Grid& g, const char* units_name, int64_t units, int64_t k) {
  g.validate();
  check_at_least(fn, units_name, units, 1);
  check_at_least(fn, "k", k, 1);
  DENDRITE_CHECK(k <= g.pixels(), "{}: k = {} exceeds the {} pixels of the {}x{} grid", fn, k, g.pixels(),
                 g.height, g.width);
  check_fits_int32(fn, units_name, units);
  check_fits_int32(fn, "connections (units * k * channels)",
                   saturating_product(saturating_product(units, k), g.channels));
}

}  // namespace

Connectivity rf_connectivity(const Grid& g, const std::vector<int64_t>& centres, int64_t k, Rng& rng) {
  const auto n_out = static_cast<int64_t>(centres.size());
  check_rf("rf_connectivity", g, "centres", n_out, k);
  Connectivity c;
  c.n_in = g.size();
  c.n_out = n_out;
  c.row_ptr.reserve(static_cast<size_t>(n_out + 1));
  c.row_ptr.push_back(0);
  c.col.reserve(static_cast<size_t>(n_out * k * g.channels));
  for (int64_t centre : centres) {
    // Pixels come sorted, and channels of one pixel are adjacent, so the row stays sorted.
    for (int64_t p : rf_pixels(g, centre, k, rng)) {
      for (int64_t ch = 0; ch < g.channels; ++ch) c.col.push_back(static_cast<int32_t>(p * g.channels + ch));
    }
    c.row_ptr.push_back(static_cast<int32_t>(c.col.size()));
  }
  return c;
}

Connectivity lrf_connectivity(const Grid& g, int64_t n_dendrites, int64_t k, Rng& rng) {
  check_rf("lrf_connectivity", g, "n_dendrites", n_dendrites, k);
  return rf_connectivity(g, uniform_centres(g, n_dendrites, rng), k, rng);
}

Connectivity grf_connectivity(const Grid& g, int64_t somata, int64_t dendrites_per_soma, int64_t k, Rng& rng) {
  const char* fn = "grf_connectivity";
  check_rf(fn, g, "somata", somata, k);
  check_at_least(fn, "dendrites_per_soma", dendrites_per_soma, 1);
  DENDRITE_CHECK(dendrites_per_soma <= g.pixels(),
                 "{}: dendrites_per_soma = {} exceeds the {} pixels of the {}x{} grid", fn, dendrites_per_soma,
                 g.pixels(), g.height, g.width);
  check_rf(fn, g, "somata * dendrites_per_soma", saturating_product(somata, dendrites_per_soma), k);
  return rf_connectivity(g, grf_dendrite_centres(g, somata, dendrites_per_soma, rng), k, rng);
}

}  // namespace dendrite
