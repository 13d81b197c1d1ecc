#include "framework/model/geometry.h"

#include <algorithm>

#include "framework/core/error.h"
#include "framework/model/connectivity_detail.h"

namespace dendrite {

using detail::check_at_least;
using detail::check_fits_int32;
using detail::saturating_product;

void Grid::validate() const {
  check_at_least("Grid", "height", height, 1);
  check_at_least("Grid", "width", width, 1);
  check_at_least("Grid", "channels", channels, 1);
  check_fits_int32("Grid", "height * width * channels",
                   saturating_product(saturating_product(height, width), channels));
}

void check_grid_size(const Grid& g, int64_t n_in) {
  g.validate();
  DENDRITE_CHECK(g.size() == n_in, "grid {}x{}x{} has {} inputs but the layer has n_in = {}", g.height,
                 g.width, g.channels, g.size(), n_in);
}

Grid grid_for_somata(int64_t somata) {
  check_at_least("grid_for_somata", "somata", somata, 1);
  check_fits_int32("grid_for_somata", "somata", somata);
  int64_t width = 1;  // the largest divisor whose square does not exceed somata
  for (int64_t d = 1; d * d <= somata; ++d) {
    if (somata % d == 0) width = d;
  }
  return Grid{somata / width, width, 1};
}

namespace {

void check_pixel(const char* fn, const Grid& g, int64_t r, int64_t c, int64_t radius) {
  g.validate();
  DENDRITE_CHECK(r >= 0 && r < g.height && c >= 0 && c < g.width,
                 "{}: pixel (r = {}, c = {}) lies outside the {}x{} grid", fn, r, c, g.height, g.width);
  check_at_least(fn, "radius", radius, 0);
}

}  // namespace

std::vector<int64_t> ball(const Grid& g, int64_t r, int64_t c, int64_t radius) {
  check_pixel("ball", g, r, c, radius);
  const int64_t r0 = std::max<int64_t>(0, r - radius), r1 = std::min(g.height - 1, r + radius);
  const int64_t c0 = std::max<int64_t>(0, c - radius), c1 = std::min(g.width - 1, c + radius);
  std::vector<int64_t> out;
  out.reserve(static_cast<size_t>((r1 - r0 + 1) * (c1 - c0 + 1)));
  for (int64_t rr = r0; rr <= r1; ++rr) {
    for (int64_t cc = c0; cc <= c1; ++cc) out.push_back(rr * g.width + cc);
  }
  return out;
}

std::vector<int64_t> ring(const Grid& g, int64_t r, int64_t c, int64_t radius) {
  check_pixel("ring", g, r, c, radius);
  const int64_t r0 = std::max<int64_t>(0, r - radius), r1 = std::min(g.height - 1, r + radius);
  const int64_t c0 = std::max<int64_t>(0, c - radius), c1 = std::min(g.width - 1, c + radius);
  std::vector<int64_t> out;
  for (int64_t rr = r0; rr <= r1; ++rr) {
    const bool edge_row = rr == r - radius || rr == r + radius;
    if (edge_row) {  // the top or bottom side of the square: every column in range
      for (int64_t cc = c0; cc <= c1; ++cc) out.push_back(rr * g.width + cc);
      continue;
    }
    if (c - radius >= 0) out.push_back(rr * g.width + c - radius);  // left side
    if (c + radius < g.width) out.push_back(rr * g.width + c + radius);  // right side
  }
  return out;
}

std::vector<int64_t> rf_pixels(const Grid& g, int64_t centre, int64_t count, Rng& rng) {
  g.validate();
  DENDRITE_CHECK(centre >= 0 && centre < g.pixels(), "rf_pixels: centre pixel {} outside [0, {}) of the {}x{} grid",
                 centre, g.pixels(), g.height, g.width);
  check_at_least("rf_pixels", "k", count, 1);
  DENDRITE_CHECK(count <= g.pixels(), "rf_pixels: k = {} exceeds the {} pixels of the {}x{} grid", count,
                 g.pixels(), g.height, g.width);
  const int64_t r = centre / g.width, c = centre % g.width;

  // Keeps `take` random members of `layer` (all of them when it fits) and appends them to out.
  std::vector<int64_t> out;
  out.reserve(static_cast<size_t>(count));
  auto take_from = [&](const std::vector<int64_t>& layer, int64_t take) {
    const auto size = static_cast<int64_t>(layer.size());
    if (take >= size) {
      out.insert(out.end(), layer.begin(), layer.end());
      return;
    }
    for (int64_t i : detail::sample_distinct(size, take, rng)) out.push_back(layer[static_cast<size_t>(i)]);
  };

  // The first layer is the whole ball(1), then ring 2, 3, ...; only the last layer is partial.
  // It terminates because count <= pixels and a ball of radius max(H, W) covers the image.
  take_from(ball(g, r, c, 1), count);
  const int64_t max_radius = std::max(g.height, g.width);
  for (int64_t radius = 2; static_cast<int64_t>(out.size()) < count; ++radius) {
    DENDRITE_ASSERT(radius <= max_radius, "rf_pixels: rings around pixel {} ran out before {} pixels", centre, count);
    take_from(ring(g, r, c, radius), count - static_cast<int64_t>(out.size()));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<int64_t> uniform_centres(const Grid& g, int64_t count, Rng& rng) {
  g.validate();
  check_at_least("uniform_centres", "count", count, 0);
  std::vector<int64_t> out;
  out.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    // Row and column come from separate draws: the early reference code reused one seed for
    // both and put every centre on the diagonal.
    const auto r = static_cast<int64_t>(rng.below(static_cast<uint64_t>(g.height)));
    const auto c = static_cast<int64_t>(rng.below(static_cast<uint64_t>(g.width)));
    out.push_back(r * g.width + c);
  }
  return out;
}

std::vector<int64_t> grf_dendrite_centres(const Grid& g, int64_t somata, int64_t dendrites_per_soma, Rng& rng) {
  g.validate();
  check_at_least("grf_dendrite_centres", "somata", somata, 1);
  check_at_least("grf_dendrite_centres", "dendrites_per_soma", dendrites_per_soma, 1);
  DENDRITE_CHECK(dendrites_per_soma <= g.pixels(),
                 "grf_dendrite_centres: dendrites_per_soma = {} exceeds the {} pixels of the {}x{} grid",
                 dendrites_per_soma, g.pixels(), g.height, g.width);
  check_fits_int32("grf_dendrite_centres", "somata * dendrites_per_soma",
                   saturating_product(somata, dendrites_per_soma));
  std::vector<int64_t> out;
  out.reserve(static_cast<size_t>(somata * dendrites_per_soma));
  for (int64_t soma_centre : uniform_centres(g, somata, rng)) {
    const std::vector<int64_t> centres = rf_pixels(g, soma_centre, dendrites_per_soma, rng);
    out.insert(out.end(), centres.begin(), centres.end());
  }
  return out;
}

}  // namespace dendrite
