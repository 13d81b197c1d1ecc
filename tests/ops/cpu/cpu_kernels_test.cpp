// The kernels of ops/cpu that the op test table does not reach on their own: the in-register
// reductions and transposes, and the row-major CSR kernels the dendritic op uses when no d_x is
// wanted (a first layer). Each against plain loops in double, on awkward sizes (vector tails,
// partial tiles, empty rows, several batch tiles).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "framework/core/rng.h"
#include "ops/cpu/csr_kernels.h"
#include "ops/cpu/rectifier.h"
#include "ops/cpu/somatic_kernels.h"
#include "ops/cpu/transpose.h"
#include "ops/cpu/vec16.h"
#include "tests/common/relative_error.h"
#include "tests/ops/op_cases.h"

namespace dendrite::cpu {
namespace {

std::vector<float> random_values(std::int64_t n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<float> v(static_cast<std::size_t>(n));
  for (float& x : v) x = static_cast<float>(rng.uniform(-1.0, 1.0));
  return v;
}

TEST(Reduce16, LaneIOfTheResultIsTheLaneSumOfInputI) {
  Vec16 r[16], sums;
  for (int i = 0; i < 16; ++i)
    for (int l = 0; l < 16; ++l) r[i][l] = static_cast<float>(100 * i + l);  // exact in float
  reduce16(r, sums);
  for (int i = 0; i < 16; ++i) EXPECT_EQ(sums[i], static_cast<float>(1600 * i + 120)) << "lane " << i;
}

TEST(Transpose, MatchesTheDefinitionOnRaggedShapes) {
  for (const auto& [rows, cols] : std::vector<std::pair<std::int64_t, std::int64_t>>{
           {1, 1}, {3, 5}, {8, 8}, {9, 17}, {64, 64}, {67, 130}, {128, 784}, {300, 257}}) {
    const std::vector<float> src = random_values(rows * cols, 1);
    std::vector<float> dst(src.size(), -7.0f);
    transpose(src.data(), rows, cols, dst.data());
    for (std::int64_t r = 0; r < rows; ++r)
      for (std::int64_t c = 0; c < cols; ++c)
        ASSERT_EQ(dst[c * rows + r], src[r * cols + c]) << rows << "x" << cols << " at " << r << "," << c;
  }
}

struct CsrCase {
  std::int64_t N, n_in, n_out, min_len, max_len;
};

class RowKernels : public ::testing::TestWithParam<CsrCase> {};

// y[n, j] = b[j] + sum_e w[e] x_t[col[e], n] and the weight gradient, in double.
TEST_P(RowKernels, MatchPlainLoops) {
  const CsrCase p = GetParam();
  const test::CsrTensors t = test::random_csr(p.n_out, p.n_in, p.min_len, p.max_len, 3, {0});
  const CsrIndex csr{p.n_out, p.n_in, t.nnz, t.row_ptr.i32(), t.col.i32()};
  const std::vector<float> x_t = random_values(p.n_in * p.N, 4), w = random_values(t.nnz, 5);
  const std::vector<float> b = random_values(p.n_out, 6), d_y = random_values(p.N * p.n_out, 7);

  std::vector<double> y_ref(static_cast<std::size_t>(p.N * p.n_out)), d_w_ref(static_cast<std::size_t>(t.nnz));
  std::vector<double> d_b_ref(static_cast<std::size_t>(p.n_out));
  for (std::int64_t j = 0; j < p.n_out; ++j) {
    for (std::int64_t n = 0; n < p.N; ++n) {
      double acc = b[j];
      for (std::int32_t e = csr.row_ptr[j]; e < csr.row_ptr[j + 1]; ++e) acc += double{w[e]} * x_t[csr.col[e] * p.N + n];
      y_ref[n * p.n_out + j] = acc;
      d_b_ref[j] += d_y[n * p.n_out + j];
    }
    for (std::int32_t e = csr.row_ptr[j]; e < csr.row_ptr[j + 1]; ++e)
      for (std::int64_t n = 0; n < p.N; ++n) d_w_ref[e] += double{d_y[n * p.n_out + j]} * x_t[csr.col[e] * p.N + n];
  }

  std::vector<float> y(y_ref.size(), 9.0f), d_w(d_w_ref.size(), 9.0f), d_b(d_b_ref.size(), 9.0f);
  csr_forward_rows(csr, p.N, x_t.data(), w.data(), b.data(), y.data());
  csr_backward_weights_rows(csr, p.N, x_t.data(), d_y.data(), d_w.data(), d_b.data());
  EXPECT_LT(test::max_relative_error(y, y_ref), 1e-5);
  EXPECT_LT(test::max_relative_error(d_w, d_w_ref), 1e-5);
  EXPECT_LT(test::max_relative_error(d_b, d_b_ref), 1e-5);

  // The batch-innermost kernels agree too (the weight gradient through the new dot kernel).
  std::vector<float> d_y_t(d_y.size()), d_w2(d_w.size()), d_b2(d_b.size());
  transpose(d_y.data(), p.N, p.n_out, d_y_t.data());
  csr_backward_weights(csr, p.N, x_t.data(), d_y_t.data(), d_w2.data(), d_b2.data());
  EXPECT_LT(test::max_relative_error(d_w2, d_w_ref), 1e-5);
  EXPECT_LT(test::max_relative_error(d_b2, d_b_ref), 1e-5);

  // Null gradients are skipped.
  std::vector<float> d_b3(d_b.size(), 0.0f);
  csr_backward_weights_rows(csr, p.N, x_t.data(), d_y.data(), nullptr, d_b3.data());
  EXPECT_EQ(d_b3, d_b);

  // A fused leaky ReLU: the same bits as the unfused kernels followed by the rectifier's passes.
  const Rectifier post{true, 0.25f};
  std::vector<float> y_post(y.size()), y_post_t(y.size()), d_z(d_y.size()), d_w_post(d_w.size()), d_b_post(d_b.size());
  csr_forward_rows(csr, p.N, x_t.data(), w.data(), b.data(), y_post.data(), post, y_post_t.data());
  for (std::size_t i = 0; i < y.size(); ++i) ASSERT_EQ(y_post[i], y[i] > 0 ? y[i] : y[i] * 0.25f) << i;
  for (std::int64_t n = 0; n < p.N; ++n)
    for (std::int64_t j = 0; j < p.n_out; ++j) ASSERT_EQ(y_post_t[j * p.N + n], y_post[n * p.n_out + j]);
  csr_backward_weights_rows(csr, p.N, x_t.data(), d_y.data(), d_w_post.data(), d_b_post.data(), post, y_post_t.data());
  rectifier_backward(post, p.N * p.n_out, y_post.data(), d_y.data(), d_z.data());
  csr_backward_weights_rows(csr, p.N, x_t.data(), d_z.data(), d_w.data(), d_b.data());
  EXPECT_EQ(d_w_post, d_w);
  EXPECT_EQ(d_b_post, d_b);
}

INSTANTIATE_TEST_SUITE_P(Shapes, RowKernels,
                         ::testing::Values(CsrCase{1, 10, 5, 0, 4},        // one sample
                                           CsrCase{13, 30, 17, 0, 20},     // ragged tiles, rows of 16+
                                           CsrCase{64, 100, 64, 16, 16},   // fixed k = 16, full tiles
                                           CsrCase{130, 200, 150, 1, 40},  // several batch tiles, threads
                                           CsrCase{300, 50, 70, 0, 33}));

// Somatic forward through the 16-somata reduction (D a multiple of 16), with a tail of somata.
TEST(SomaticForward, MatchesPlainLoopsForWideDendriteGroups) {
  for (const std::int64_t D : {16, 32, 48}) {
    const std::int64_t N = 5, S = 37;
    const std::vector<float> x = random_values(N * S * D, 1), w = random_values(S * D, 2), b = random_values(S, 3);
    std::vector<float> y(static_cast<std::size_t>(N * S));
    std::vector<double> ref(y.size());
    for (std::int64_t n = 0; n < N; ++n)
      for (std::int64_t s = 0; s < S; ++s) {
        double acc = b[s];
        for (std::int64_t t = 0; t < D; ++t) acc += double{w[s * D + t]} * x[n * S * D + s * D + t];
        ref[n * S + s] = acc;
      }
    somatic_forward(N, S, D, x.data(), w.data(), b.data(), y.data());
    EXPECT_LT(test::max_relative_error(y, ref), 1e-5) << "D = " << D;
    std::vector<float> y_relu(y.size());  // with a fused relu: the same bits, rectified
    somatic_forward(N, S, D, x.data(), w.data(), b.data(), y_relu.data(), Rectifier{true, 0.0f});
    for (std::size_t i = 0; i < y.size(); ++i) ASSERT_EQ(y_relu[i], y[i] > 0 ? y[i] : y[i] * 0.0f) << i;
  }
}

}  // namespace
}  // namespace dendrite::cpu
