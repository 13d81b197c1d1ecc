// Geometry of RF connectivity: balls, rings, the synapse choice of one RF dendrite,
// uniform centres, GRF dendrite centres and the soma grid of deeper layers.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "framework/model/geometry.h"
#include "tests/model/connectivity_test_util.h"

namespace dendrite {
namespace {

using test::chebyshev;
using test::has_rf_shape;

const Grid kMnist{28, 28, 1};

bool is_sorted_unique(const std::vector<int64_t>& v) {
  return std::adjacent_find(v.begin(), v.end(), [](int64_t a, int64_t b) { return a >= b; }) == v.end();
}

// How many of `pixels` lie at each Chebyshev distance 0, 1, 2, ... from `centre`, with
// distances 0 and 1 merged into the first entry (ball(1)).
std::vector<int64_t> layer_counts(const Grid& g, int64_t centre, const std::vector<int64_t>& pixels) {
  std::vector<int64_t> counts;
  for (int64_t p : pixels) {
    const auto layer = static_cast<size_t>(std::max<int64_t>(1, chebyshev(g, p, centre)) - 1);
    if (counts.size() <= layer) counts.resize(layer + 1, 0);
    ++counts[layer];
  }
  return counts;
}

TEST(Geometry, BallSizesInteriorBorderCorner) {
  EXPECT_EQ(ball(kMnist, 10, 10, 0).size(), 1u);
  EXPECT_EQ(ball(kMnist, 10, 10, 1).size(), 9u);
  EXPECT_EQ(ball(kMnist, 10, 10, 2).size(), 25u);
  EXPECT_EQ(ball(kMnist, 0, 10, 1).size(), 6u);   // top border
  EXPECT_EQ(ball(kMnist, 10, 27, 1).size(), 6u);  // right border
  EXPECT_EQ(ball(kMnist, 0, 0, 1).size(), 4u);    // corners
  EXPECT_EQ(ball(kMnist, 27, 27, 1).size(), 4u);
  EXPECT_EQ(ball(kMnist, 0, 0, 2).size(), 9u);
  EXPECT_EQ(ball(kMnist, 0, 27, 3).size(), 16u);
  EXPECT_EQ(ball(kMnist, 0, 0, 40).size(), 784u);
}

TEST(Geometry, RingSizesInteriorBorderCorner) {
  EXPECT_EQ(ring(kMnist, 10, 10, 0), std::vector<int64_t>{10 * 28 + 10});
  EXPECT_EQ(ring(kMnist, 10, 10, 1).size(), 8u);
  EXPECT_EQ(ring(kMnist, 10, 10, 2).size(), 16u);
  EXPECT_EQ(ring(kMnist, 10, 10, 3).size(), 24u);
  EXPECT_EQ(ring(kMnist, 10, 10, 4).size(), 32u);
  EXPECT_EQ(ring(kMnist, 0, 10, 2).size(), 9u);  // bottom side 5 + two sides of 2 rows
  EXPECT_EQ(ring(kMnist, 1, 1, 2).size(), 7u);
  EXPECT_EQ(ring(kMnist, 0, 0, 2).size(), 5u);
  EXPECT_EQ(ring(kMnist, 27, 0, 3).size(), 7u);
  EXPECT_TRUE(ring(kMnist, 0, 0, 28).empty());
}

// Exhaustive on a non-square grid (catches rows and columns swapped): ring(R) is exactly the
// pixels at distance R and ball(R) those at distance <= R, both sorted.
TEST(Geometry, BallAndRingMatchChebyshevDefinition) {
  const Grid g{5, 7, 1};
  for (int64_t centre = 0; centre < g.pixels(); ++centre) {
    for (int64_t radius = 0; radius <= 7; ++radius) {
      std::vector<int64_t> want_ring, want_ball;
      for (int64_t q = 0; q < g.pixels(); ++q) {
        const int64_t d = chebyshev(g, centre, q);
        if (d == radius) want_ring.push_back(q);
        if (d <= radius) want_ball.push_back(q);
      }
      const int64_t r = centre / g.width, c = centre % g.width;
      ASSERT_EQ(ring(g, r, c, radius), want_ring) << "centre " << centre << " radius " << radius;
      ASSERT_EQ(ball(g, r, c, radius), want_ball) << "centre " << centre << " radius " << radius;
    }
  }
}

TEST(Geometry, RfInteriorK16IsBlockPlusSevenOfRingTwo) {
  Rng rng(3);
  const int64_t centre = 12 * 28 + 15;
  std::set<int64_t> ring_two_seen;
  for (int trial = 0; trial < 200; ++trial) {
    const std::vector<int64_t> pixels = rf_pixels(kMnist, centre, 16, rng);
    ASSERT_EQ(pixels.size(), 16u);
    ASSERT_TRUE(is_sorted_unique(pixels));
    ASSERT_EQ(layer_counts(kMnist, centre, pixels), (std::vector<int64_t>{9, 7}));
    for (int64_t p : pixels) {
      if (chebyshev(kMnist, p, centre) == 2) ring_two_seen.insert(p);
    }
  }
  EXPECT_EQ(ring_two_seen.size(), 16u) << "the 7 ring-2 synapses must be a random choice";
}

TEST(Geometry, RfSmallKIsRandomSubsetOfBlock) {
  Rng rng(4);
  const int64_t centre = 5 * 28 + 5;
  std::set<int64_t> seen;
  for (int trial = 0; trial < 100; ++trial) {
    const std::vector<int64_t> pixels = rf_pixels(kMnist, centre, 4, rng);
    ASSERT_EQ(pixels.size(), 4u);
    ASSERT_TRUE(is_sorted_unique(pixels));
    for (int64_t p : pixels) {
      ASSERT_LE(chebyshev(kMnist, p, centre), 1);
      seen.insert(p);
    }
  }
  EXPECT_EQ(seen.size(), 9u);
}

TEST(Geometry, RfWholeLayersWhenTheyFit) {
  Rng rng(5);
  const int64_t centre = 14 * 28 + 14;
  EXPECT_EQ(rf_pixels(kMnist, centre, 9, rng), ball(kMnist, 14, 14, 1));
  EXPECT_EQ(rf_pixels(kMnist, centre, 25, rng), ball(kMnist, 14, 14, 2));
  EXPECT_EQ(layer_counts(kMnist, centre, rf_pixels(kMnist, centre, 30, rng)), (std::vector<int64_t>{9, 16, 5}));
  EXPECT_EQ(layer_counts(kMnist, centre, rf_pixels(kMnist, centre, 64, rng)),
            (std::vector<int64_t>{9, 16, 24, 15}));
  // Corner: ball(1) = 4, ring 2 = 5, ring 3 = 7 add up to exactly 16, the 4x4 corner block.
  EXPECT_EQ(rf_pixels(kMnist, 0, 16, rng), ball(kMnist, 0, 0, 3));
  // Top border: ball(1) = 6, ring 2 = 9, then 1 of the 13 pixels of ring 3.
  EXPECT_EQ(layer_counts(kMnist, 10, rf_pixels(kMnist, 10, 16, rng)), (std::vector<int64_t>{6, 9, 1}));
  // A 3x10 strip: rings are cut to their left and right sides.
  const Grid strip{3, 10, 1};
  EXPECT_EQ(layer_counts(strip, 15, rf_pixels(strip, 15, 20, rng)), (std::vector<int64_t>{9, 6, 5}));
  // k = every pixel.
  const Grid small{5, 5, 1};
  EXPECT_EQ(rf_pixels(small, 0, 25, rng), ball(small, 0, 0, 4));
}

TEST(Geometry, RfShapeHoldsEverywhere) {
  Rng rng(6);
  const Grid grids[] = {{28, 28, 1}, {6, 9, 1}, {1, 12, 1}, {8, 4, 1}};
  for (const Grid& g : grids) {
    for (int trial = 0; trial < 150; ++trial) {
      const auto centre = static_cast<int64_t>(rng.below(static_cast<uint64_t>(g.pixels())));
      const auto k = 1 + static_cast<int64_t>(rng.below(static_cast<uint64_t>(std::min<int64_t>(g.pixels(), 70))));
      const std::vector<int64_t> pixels = rf_pixels(g, centre, k, rng);
      ASSERT_EQ(static_cast<int64_t>(pixels.size()), k);
      ASSERT_TRUE(is_sorted_unique(pixels));
      ASSERT_TRUE(has_rf_shape(g, pixels)) << g.height << "x" << g.width << " centre " << centre << " k " << k;
    }
  }
}

TEST(Geometry, GridForSomataUsesMiddleDivisors) {
  auto sides = [](int64_t s) {
    const Grid g = grid_for_somata(s);
    EXPECT_EQ(g.channels, 1);
    EXPECT_EQ(g.size(), s);
    return std::vector<int64_t>{g.height, g.width};
  };
  EXPECT_EQ(sides(32), (std::vector<int64_t>{8, 4}));
  EXPECT_EQ(sides(64), (std::vector<int64_t>{8, 8}));
  EXPECT_EQ(sides(128), (std::vector<int64_t>{16, 8}));
  EXPECT_EQ(sides(256), (std::vector<int64_t>{16, 16}));
  EXPECT_EQ(sides(512), (std::vector<int64_t>{32, 16}));
  EXPECT_EQ(sides(12), (std::vector<int64_t>{4, 3}));
  EXPECT_EQ(sides(7), (std::vector<int64_t>{7, 1}));
  EXPECT_EQ(sides(1), (std::vector<int64_t>{1, 1}));
}

// Catches the reference code's bug of one seed for rows and columns (all centres on the diagonal).
TEST(Geometry, UniformCentresCoverTheImage) {
  Rng rng(7);
  const std::vector<int64_t> centres = uniform_centres(kMnist, 5000, rng);
  ASSERT_EQ(centres.size(), 5000u);
  std::vector<double> rows, cols;
  std::vector<int64_t> row_hist(28, 0), col_hist(28, 0);
  std::set<int64_t> diagonals;
  for (int64_t p : centres) {
    ASSERT_GE(p, 0);
    ASSERT_LT(p, 784);
    rows.push_back(static_cast<double>(p / 28));
    cols.push_back(static_cast<double>(p % 28));
    ++row_hist[static_cast<size_t>(p / 28)];
    ++col_hist[static_cast<size_t>(p % 28)];
    diagonals.insert(p / 28 - p % 28);
  }
  EXPECT_LT(std::abs(test::correlation(rows, cols)), 0.06);
  EXPECT_GE(diagonals.size(), 50u);  // 55 possible
  for (int i = 0; i < 28; ++i) {  // expected 178.6 each, sd ~13
    EXPECT_GT(row_hist[static_cast<size_t>(i)], 110);
    EXPECT_LT(row_hist[static_cast<size_t>(i)], 250);
    EXPECT_GT(col_hist[static_cast<size_t>(i)], 110);
    EXPECT_LT(col_hist[static_cast<size_t>(i)], 250);
  }
}

TEST(Geometry, GrfDendriteCentresAreDistinctAndAroundTheSoma) {
  Rng rng(8);
  for (int64_t d : {1, 4, 9, 16, 32, 64}) {
    const int64_t somata = 100;
    const std::vector<int64_t> centres = grf_dendrite_centres(kMnist, somata, d, rng);
    ASSERT_EQ(static_cast<int64_t>(centres.size()), somata * d);
    int interior = 0;
    for (int64_t s = 0; s < somata; ++s) {
      const std::vector<int64_t> mine(centres.begin() + s * d, centres.begin() + (s + 1) * d);
      ASSERT_TRUE(is_sorted_unique(mine)) << "D " << d << " soma " << s;
      int64_t soma_centre = -1;
      ASSERT_TRUE(has_rf_shape(kMnist, mine, &soma_centre)) << "D " << d << " soma " << s;
      const int64_t r = soma_centre / 28, c = soma_centre % 28;
      if (r < 4 || r > 23 || c < 4 || c > 23) continue;
      ++interior;
      const std::vector<int64_t> want = d == 16   ? std::vector<int64_t>{9, 7}
                                        : d == 32 ? std::vector<int64_t>{9, 16, 7}
                                        : d == 64 ? std::vector<int64_t>{9, 16, 24, 15}
                                                  : std::vector<int64_t>{d};
      EXPECT_EQ(layer_counts(kMnist, soma_centre, mine), want) << "D " << d << " soma " << s;
    }
    EXPECT_GT(interior, 20);
  }
}

}  // namespace
}  // namespace dendrite
