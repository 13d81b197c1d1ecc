// Helpers shared by the connectivity and geometry tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "framework/model/connectivity.h"
#include "framework/model/geometry.h"

namespace dendrite::test {

// The inputs read by unit j.
inline std::vector<int32_t> row(const Connectivity& c, int64_t j) {
  return {c.col.begin() + c.row_ptr[static_cast<size_t>(j)], c.col.begin() + c.row_ptr[static_cast<size_t>(j + 1)]};
}

inline int64_t row_size(const Connectivity& c, int64_t j) {
  return c.row_ptr[static_cast<size_t>(j + 1)] - c.row_ptr[static_cast<size_t>(j)];
}

// Chebyshev distance between pixels p and q of a grid.
inline int64_t chebyshev(const Grid& g, int64_t p, int64_t q) {
  return std::max(std::abs(p / g.width - q / g.width), std::abs(p % g.width - q % g.width));
}

inline bool same(const Connectivity& a, const Connectivity& b) {
  return a.n_in == b.n_in && a.n_out == b.n_out && a.row_ptr == b.row_ptr && a.col == b.col;
}

// True when `pixels` (sorted ids) has the shape rf_pixels(g, q, k) gives for some centre q:
// with R the smallest radius >= 1 whose clipped ball holds k pixels, ball(q, R - 1) is inside the
// set (for R >= 2) and the set is inside ball(q, R).
inline bool has_rf_shape(const Grid& g, const std::vector<int64_t>& pixels, int64_t* centre = nullptr) {
  const auto k = static_cast<int64_t>(pixels.size());
  auto ball_size = [&](int64_t r, int64_t c, int64_t radius) {  // clipped square area
    const int64_t rows = std::min(g.height - 1, r + radius) - std::max<int64_t>(0, r - radius) + 1;
    const int64_t cols = std::min(g.width - 1, c + radius) - std::max<int64_t>(0, c - radius) + 1;
    return rows * cols;
  };
  for (int64_t q = 0; q < g.pixels(); ++q) {
    const int64_t r = q / g.width, c = q % g.width;
    int64_t radius = 1;
    while (ball_size(r, c, radius) < k) ++radius;
    int64_t inside_inner = 0, farthest = 0;
    for (int64_t p : pixels) {
      const int64_t d = chebyshev(g, p, q);
      farthest = std::max(farthest, d);
      if (d <= radius - 1) ++inside_inner;
    }
    const bool ok = farthest <= radius && (radius == 1 || inside_inner == ball_size(r, c, radius - 1));
    if (ok) {
      if (centre != nullptr) *centre = q;
      return true;
    }
  }
  return false;
}

// Pearson correlation of two equally long samples.
inline double correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (size_t i = 0; i < x.size(); ++i) mx += x[i] / n, my += y[i] / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

}  // namespace dendrite::test
