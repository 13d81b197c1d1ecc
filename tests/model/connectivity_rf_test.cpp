// RF masks (LRF, GRF): k synapses per dendrite around its centre, centres spread over the image,
// GRF dendrites grouped by soma, multi-channel pixels, determinism.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "framework/model/connectivity.h"
#include "tests/model/connectivity_test_util.h"

namespace dendrite {
namespace {

using test::has_rf_shape;
using test::row;
using test::row_size;
using test::same;

const Grid kMnist{28, 28, 1};

// The pixels of unit j (inputs divided by the channel count; each pixel must bring all channels).
std::vector<int64_t> row_pixels(const Connectivity& c, const Grid& g, int64_t j) {
  const std::vector<int32_t> inputs = row(c, j);
  EXPECT_EQ(inputs.size() % static_cast<size_t>(g.channels), 0u);
  std::vector<int64_t> pixels;
  for (size_t e = 0; e < inputs.size(); e += static_cast<size_t>(g.channels)) {
    const int64_t p = inputs[e] / g.channels;
    for (int64_t ch = 0; ch < g.channels; ++ch) EXPECT_EQ(inputs[e + static_cast<size_t>(ch)], p * g.channels + ch);
    pixels.push_back(p);
  }
  return pixels;
}

// Row/column correlation and number of distinct r - c values of the given pixels.
void expect_spread(const std::vector<int64_t>& pixels, const Grid& g) {
  std::vector<double> rows, cols;
  std::set<int64_t> diagonals, row_values, col_values;
  for (int64_t p : pixels) {
    rows.push_back(static_cast<double>(p / g.width));
    cols.push_back(static_cast<double>(p % g.width));
    diagonals.insert(p / g.width - p % g.width);
    row_values.insert(p / g.width);
    col_values.insert(p % g.width);
  }
  EXPECT_LT(std::abs(test::correlation(rows, cols)), 0.08);
  EXPECT_GE(diagonals.size(), 45u);  // 55 possible on 28x28; a diagonal-only layout gives <= 9
  EXPECT_EQ(row_values.size(), static_cast<size_t>(g.height));
  EXPECT_EQ(col_values.size(), static_cast<size_t>(g.width));
}

TEST(RfConnectivity, LrfGivesKSynapsesAroundEachCentre) {
  Rng rng(1);
  const Connectivity c = lrf_connectivity(kMnist, 400, 16, rng);
  c.validate();
  EXPECT_EQ(c.n_in, 784);
  EXPECT_EQ(c.n_out, 400);
  EXPECT_EQ(c.nnz(), 400 * 16);
  for (int64_t j = 0; j < c.n_out; ++j) ASSERT_TRUE(has_rf_shape(kMnist, row_pixels(c, kMnist, j))) << "unit " << j;
}

TEST(RfConnectivity, LrfCentresAreSpreadOverTheImage) {
  Rng rng(2);
  const Connectivity c = lrf_connectivity(kMnist, 3000, 1, rng);  // k = 1: a pixel next to the centre
  std::vector<int64_t> pixels;
  for (int64_t j = 0; j < c.n_out; ++j) pixels.push_back(row_pixels(c, kMnist, j).at(0));
  expect_spread(pixels, kMnist);
}

TEST(RfConnectivity, GrfGroupsDendritesAroundTheirSoma) {
  Rng rng(3);
  const int64_t somata = 64, d = 16, k = 16;
  const Connectivity c = grf_connectivity(kMnist, somata, d, k, rng);
  c.validate();
  EXPECT_EQ(c.n_out, somata * d);
  EXPECT_EQ(c.nnz(), somata * d * k);
  for (int64_t s = 0; s < somata; ++s) {
    int64_t r_lo = 28, r_hi = 0, c_lo = 28, c_hi = 0;
    for (int64_t j = s * d; j < (s + 1) * d; ++j) {
      const std::vector<int64_t> pixels = row_pixels(c, kMnist, j);
      ASSERT_TRUE(has_rf_shape(kMnist, pixels)) << "unit " << j;
      for (int64_t p : pixels) {
        r_lo = std::min(r_lo, p / 28), r_hi = std::max(r_hi, p / 28);
        c_lo = std::min(c_lo, p % 28), c_hi = std::max(c_hi, p % 28);
      }
    }
    // One compact region per soma (about 7x7 to 13x13 pixels).
    EXPECT_LE(r_hi - r_lo, 12) << "soma " << s;
    EXPECT_LE(c_hi - c_lo, 12) << "soma " << s;
  }
}

TEST(RfConnectivity, GrfIsRfConnectivityOfGrfCentres) {
  Rng a(4), b(4);
  const Connectivity direct = grf_connectivity(kMnist, 32, 16, 16, a);
  const std::vector<int64_t> centres = grf_dendrite_centres(kMnist, 32, 16, b);
  EXPECT_TRUE(same(direct, rf_connectivity(kMnist, centres, 16, b)));
}

TEST(RfConnectivity, GrfSomaCentresAreSpreadOverTheImage) {
  Rng rng(5);
  const Connectivity c = grf_connectivity(kMnist, 3000, 1, 1, rng);  // each pixel within 2 of its soma centre
  std::vector<int64_t> pixels;
  for (int64_t j = 0; j < c.n_out; ++j) pixels.push_back(row_pixels(c, kMnist, j).at(0));
  expect_spread(pixels, kMnist);
}

TEST(RfConnectivity, MultiChannelPixelConnectsEveryChannel) {
  Rng rng(6);
  const Grid rgb{8, 8, 3};
  const Connectivity lrf = lrf_connectivity(rgb, 50, 16, rng);
  lrf.validate();
  EXPECT_EQ(lrf.n_in, 192);
  for (int64_t j = 0; j < lrf.n_out; ++j) {
    ASSERT_EQ(row_size(lrf, j), 48);
    ASSERT_TRUE(has_rf_shape(rgb, row_pixels(lrf, rgb, j)));
  }
  const Connectivity grf = grf_connectivity(rgb, 4, 8, 5, rng);
  grf.validate();
  EXPECT_EQ(grf.n_out, 32);
  EXPECT_EQ(grf.nnz(), 32 * 15);
}

TEST(RfConnectivity, EdgeSizes) {
  Rng rng(7);
  const Grid tiny{3, 3, 1};
  EXPECT_TRUE(same(lrf_connectivity(tiny, 4, 9, rng), all_to_all(9, 4)));
  const Connectivity single = grf_connectivity(tiny, 2, 9, 1, rng);  // D = every pixel
  for (int64_t s = 0; s < 2; ++s) {
    std::set<int64_t> seen;
    for (int64_t j = s * 9; j < (s + 1) * 9; ++j) seen.insert(row(single, j).at(0));
    EXPECT_GE(seen.size(), 3u);
  }
  // A deeper layer: the 32 somata of the previous layer seen as an 8x4 image.
  const Connectivity layer2 = grf_connectivity(grid_for_somata(32), 16, 4, 16, rng);
  layer2.validate();
  EXPECT_EQ(layer2.n_in, 32);
  EXPECT_EQ(layer2.nnz(), 16 * 4 * 16);
}

TEST(RfConnectivity, SameSeedSameMasks) {
  Rng a(9), b(9), other(10);
  EXPECT_TRUE(same(lrf_connectivity(kMnist, 64, 16, a), lrf_connectivity(kMnist, 64, 16, b)));
  EXPECT_TRUE(same(grf_connectivity(kMnist, 8, 16, 16, a), grf_connectivity(kMnist, 8, 16, 16, b)));
  EXPECT_FALSE(same(lrf_connectivity(kMnist, 64, 16, a), lrf_connectivity(kMnist, 64, 16, other)));
  EXPECT_FALSE(same(grf_connectivity(kMnist, 8, 16, 16, a), grf_connectivity(kMnist, 8, 16, 16, other)));
}

}  // namespace
}  // namespace dendrite
