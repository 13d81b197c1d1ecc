// Non-geometric masks: R (random total), fixed k, all-to-all, structured and random soma masks,
// the dense view and Connectivity::validate.
#include <gtest/gtest.h>

#include <algorithm>

#include "framework/model/connectivity.h"
#include "tests/common/expect_error.h"
#include "tests/model/connectivity_test_util.h"

namespace dendrite {
namespace {

using test::expect_error;
using test::row;
using test::row_size;
using test::same;

std::pair<int64_t, int64_t> min_max_row(const Connectivity& c) {
  int64_t lo = c.n_in, hi = 0;
  for (int64_t j = 0; j < c.n_out; ++j) {
    lo = std::min(lo, row_size(c, j));
    hi = std::max(hi, row_size(c, j));
  }
  return {lo, hi};
}

TEST(Connectivity, RandomHasExactTotalAndVaryingRows) {
  Rng rng(1);
  const Connectivity c = random_connectivity(784, 512, 16 * 512, rng);
  c.validate();  // sorted rows, no duplicates, indices in range
  EXPECT_EQ(c.n_in, 784);
  EXPECT_EQ(c.n_out, 512);
  EXPECT_EQ(c.nnz(), 16 * 512);
  const auto [lo, hi] = min_max_row(c);
  EXPECT_LT(lo, 10);  // Binomial(784, 16/784) per dendrite: the count varies
  EXPECT_GT(hi, 22);
}

// The largest layer of the paper's sweeps, dANN-R with D = 64, S = 512 on MNIST: a 784 x 32768
// matrix with k*D*S = 524288 connections, every one of them kept (no duplicate lost) in valid CSR.
TEST(Connectivity, RandomLargestLayerIsValidWithEveryConnection) {
  Rng rng(2);
  const Connectivity c = random_connectivity(784, 32768, 16 * 32768, rng);
  c.validate();
  EXPECT_EQ(c.nnz(), 16 * 32768);
}

TEST(Connectivity, RandomDenseEdgeCases) {
  Rng rng(3);
  const Connectivity full = random_connectivity(40, 30, 1200, rng);
  EXPECT_TRUE(same(full, all_to_all(40, 30)));
  const Connectivity almost = random_connectivity(40, 30, 1199, rng);
  almost.validate();
  EXPECT_EQ(almost.nnz(), 1199);
  const Connectivity one = random_connectivity(1, 1, 1, rng);
  EXPECT_TRUE(same(one, all_to_all(1, 1)));
}

// Every cell of the matrix is equally likely: 30 of 100 cells, 3000 draws -> each cell ~900 times.
TEST(Connectivity, RandomIsUniformOverTheMatrix) {
  Rng rng(4);
  std::vector<int64_t> hits(100, 0);
  for (int trial = 0; trial < 3000; ++trial) {
    const std::vector<uint8_t> mask = dense_mask(random_connectivity(10, 10, 30, rng));
    for (size_t i = 0; i < mask.size(); ++i) hits[i] += mask[i];
  }
  for (size_t i = 0; i < hits.size(); ++i) {  // sd ~25
    EXPECT_GT(hits[i], 780) << "cell " << i;
    EXPECT_LT(hits[i], 1020) << "cell " << i;
  }
}

TEST(Connectivity, FixedKHasExactlyKPerUnit) {
  Rng rng(5);
  const Connectivity c = random_fixed_k(784, 300, 16, rng);
  c.validate();
  EXPECT_EQ(c.nnz(), 16 * 300);
  for (int64_t j = 0; j < c.n_out; ++j) ASSERT_EQ(row_size(c, j), 16);
  EXPECT_NE(row(c, 0), row(c, 1));
  EXPECT_TRUE(same(random_fixed_k(12, 5, 12, rng), all_to_all(12, 5)));
}

TEST(Connectivity, RandomSomaMaskHasExactTotal) {
  Rng rng(6);
  const Connectivity c = random_soma_connectivity(16 * 32, 32, 16 * 32, rng);
  c.validate();
  EXPECT_EQ(c.n_in, 512);
  EXPECT_EQ(c.n_out, 32);
  EXPECT_EQ(c.nnz(), 512);
  const auto [lo, hi] = min_max_row(c);
  EXPECT_LT(lo, hi);
}

TEST(Connectivity, BlockReadsOwnDendrites) {
  const Connectivity c = block_connectivity(3, 4);
  c.validate();
  EXPECT_EQ(c.n_in, 12);
  EXPECT_EQ(c.n_out, 4);
  for (int64_t s = 0; s < 4; ++s) {
    const auto first = static_cast<int32_t>(3 * s);
    EXPECT_EQ(row(c, s), (std::vector<int32_t>{first, first + 1, first + 2}));
  }
  const Connectivity identity = block_connectivity(1, 5);
  const std::vector<uint8_t> mask = dense_mask(identity);
  for (int64_t s = 0; s < 5; ++s) {
    for (int64_t i = 0; i < 5; ++i) EXPECT_EQ(mask[static_cast<size_t>(s * 5 + i)], s == i ? 1 : 0);
  }
}

TEST(Connectivity, AllToAllIsDense) {
  const Connectivity c = all_to_all(5, 3);
  c.validate();
  EXPECT_EQ(c.nnz(), 15);
  EXPECT_EQ(dense_mask(c), std::vector<uint8_t>(15, 1));
}

TEST(Connectivity, DenseMaskIsRowMajorByUnit) {
  Connectivity c;
  c.n_in = 4;
  c.n_out = 2;
  c.row_ptr = {0, 2, 3};
  c.col = {1, 3, 0};
  EXPECT_EQ(dense_mask(c), (std::vector<uint8_t>{0, 1, 0, 1, 1, 0, 0, 0}));
}

TEST(Connectivity, ValidateRejectsInconsistencies) {
  auto good = [] {
    Connectivity c;
    c.n_in = 4;
    c.n_out = 2;
    c.row_ptr = {0, 2, 3};
    c.col = {1, 3, 0};
    return c;
  };
  good().validate();
  Connectivity c = good();
  c.col = {3, 1, 0};
  expect_error([&] { c.validate(); }, {"unit 0", "strictly ascending"});
  c = good();
  c.col = {1, 1, 0};
  expect_error([&] { c.validate(); }, {"unit 0", "input 1 after 1"});
  c = good();
  c.col = {1, 3, 4};
  expect_error([&] { c.validate(); }, {"unit 1", "input 4", "[0, 4)"});
  c = good();
  c.col = {1, 3, -1};
  expect_error([&] { c.validate(); }, {"input -1"});
  c = good();
  c.row_ptr = {0, 3};
  expect_error([&] { c.validate(); }, {"row_ptr has 2 entries", "n_out + 1 = 3"});
  c = good();
  c.row_ptr = {1, 2, 3};
  expect_error([&] { c.validate(); }, {"row_ptr[0] = 1"});
  c = good();
  c.row_ptr = {0, 2, 2};
  expect_error([&] { c.validate(); }, {"row_ptr[2] = 2", "nnz = 3"});
  c = good();
  c.row_ptr = {0, 9, 3};
  expect_error([&] { c.validate(); }, {"row_ptr[0..1]", "not ordered"});
  c = good();
  c.n_in = 0;
  expect_error([&] { c.validate(); }, {"n_in = 0"});
  expect_error([] { Connectivity().validate(); }, {"n_in = 0"});
  expect_error([] { dense_mask(Connectivity()); }, {"n_in = 0"});
}

TEST(Connectivity, SameSeedSameMasks) {
  Rng a(11), b(11), other(12);
  EXPECT_TRUE(same(random_connectivity(100, 50, 700, a), random_connectivity(100, 50, 700, b)));
  EXPECT_TRUE(same(random_fixed_k(100, 50, 7, a), random_fixed_k(100, 50, 7, b)));
  EXPECT_TRUE(same(random_soma_connectivity(64, 8, 64, a), random_soma_connectivity(64, 8, 64, b)));
  EXPECT_FALSE(same(random_connectivity(100, 50, 700, a), random_connectivity(100, 50, 700, other)));
  EXPECT_FALSE(same(random_fixed_k(100, 50, 7, a), random_fixed_k(100, 50, 7, other)));
}

}  // namespace
}  // namespace dendrite
