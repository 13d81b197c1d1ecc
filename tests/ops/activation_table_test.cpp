// The activation table (ops/activation_table.h), row by row: every column of every kind is
// checked against the reference f and f', and f against values worked out by hand, so a new row
// without a proper entry in some column fails here (its ONNX form: tests/export, OnnxRuntime).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "ops/activation_kind.h"
#include "ops/cpu/rectifier.h"
#include "ops/onednn/eltwise.h"
#include "ops/reference/activation.h"
#include "tests/common/relative_error.h"

namespace dendrite {
namespace {

// f(x) and f'(x) worked out by hand. tolerance 0: equal up to a few ulps (EXPECT_DOUBLE_EQ).
// Every kind needs at least one entry (EveryKindHasAKnownValue).
struct KnownValue {
  ActivationKind kind;
  float alpha;
  double x, value, derivative, tolerance;
};
const KnownValue kKnownValues[] = {
    {ActivationKind::relu, 0.0f, -2.0, 0.0, 0.0, 0},
    {ActivationKind::relu, 0.0f, 1.5, 1.5, 1.0, 0},
    {ActivationKind::leaky_relu, 0.1f, -2.0, -0.1f * 2.0, 0.1f, 0},
    {ActivationKind::leaky_relu, 0.2f, -3.0, 0.2f * -3.0, 0.2f, 0},
    {ActivationKind::sigmoid, 0.0f, 0.0, 0.5, 0.25, 0},
    {ActivationKind::tanh, 0.0f, 0.0, 0.0, 1.0, 1e-12},
    {ActivationKind::tanh, 0.0f, 0.5, 0.46211715726000974, 0.7864477329659274, 1e-12},
    {ActivationKind::gelu, 0.0f, 1.0, 0.8413447460685429, 1.0833154705876864, 1e-12},  // Phi(1), Phi(1) + phi(1)
    {ActivationKind::gelu, 0.0f, 0.0, 0.0, 0.5, 1e-12},
    {ActivationKind::silu, 0.0f, 1.0, 0.7310585786300049, 0.9276705118714869, 1e-12},
    {ActivationKind::silu, 0.0f, 0.0, 0.0, 0.5, 1e-12},
    {ActivationKind::elu, 1.0f, -1.0, std::exp(-1.0) - 1.0, std::exp(-1.0), 1e-12},
    {ActivationKind::softplus, 0.0f, 0.0, std::log(2.0), 0.5, 1e-12},
    {ActivationKind::softplus, 0.0f, 1000.0, 1000.0, 1.0, 0},  // no overflow
    {ActivationKind::identity, 0.0f, -2.0, -2.0, 1.0, 0},
};

// The alphas each kind is checked with: its default and another (kinds without alpha: 0).
std::vector<float> alphas_of(const ActivationRow& row) {
  if (!row.uses_alpha) return {0.0f};
  return {row.default_alpha, 0.3f};
}

std::string label(const ActivationRow& row, float alpha) {
  return std::string(row.name) + (row.uses_alpha ? " alpha " + std::to_string(alpha) : "");
}

// n inputs in [-3, 3]; for kinds whose f' jumps at 0, at least 0.05 away from it.
std::vector<float> inputs(const ActivationRow& row, std::size_t n) {
  std::vector<float> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    float v = -3.0f + 6.0f * static_cast<float>(i) / static_cast<float>(n - 1);
    if (row.kink_at_zero && std::abs(v) < 0.05f) v = v < 0 ? -0.05f : 0.05f;
    x[i] = v;
  }
  return x;
}

TEST(ActivationTable, NamesAndAlphas) {
  std::set<std::string> names;
  ASSERT_EQ(activation_kinds().size(), kActivationKindCount);
  for (std::size_t i = 0; i < kActivationKindCount; ++i) {
    const ActivationRow& row = kActivationTable[i];
    SCOPED_TRACE(row.name);
    EXPECT_EQ(activation_kinds()[i], row.kind);
    EXPECT_TRUE(names.insert(row.name).second) << "two rows named " << row.name;
    EXPECT_EQ(parse_activation(row.name), row.kind);
    EXPECT_EQ(&activation_row(row.kind), &row);
    EXPECT_TRUE(std::isfinite(row.default_alpha));
    if (!row.uses_alpha) {
      EXPECT_EQ(row.default_alpha, 0.0f) << "a kind without alpha has default 0";
    }
    const Activation a = activation_from_attrs({{"kind", std::string(row.name)}});
    EXPECT_EQ(a.alpha, row.default_alpha);
    ASSERT_NE(row.value, nullptr);
    ASSERT_NE(row.derivative, nullptr);
  }
}

TEST(ActivationTable, EveryKindHasAKnownValue) {
  for (const ActivationRow& row : kActivationTable) {
    const bool known = std::any_of(std::begin(kKnownValues), std::end(kKnownValues),
                                   [&](const KnownValue& k) { return k.kind == row.kind; });
    EXPECT_TRUE(known) << row.name << ": add a value worked out by hand to kKnownValues";
  }
}

TEST(ActivationTable, KnownValues) {
  for (const KnownValue& k : kKnownValues) {
    const Activation a{k.kind, k.alpha};
    SCOPED_TRACE(activation_name(k.kind) + " at x = " + std::to_string(k.x));
    const double f = reference::activation_value(a, k.x), df = reference::activation_derivative(a, k.x);
    if (k.tolerance == 0) {
      EXPECT_DOUBLE_EQ(f, k.value);
      EXPECT_DOUBLE_EQ(df, k.derivative);
    } else {
      EXPECT_NEAR(f, k.value, k.tolerance);
      EXPECT_NEAR(df, k.derivative, k.tolerance);
    }
  }
}

// f' against central differences of f, away from 0; and f continuous at 0, and f' too unless the
// row says it jumps there.
TEST(ActivationTable, DerivativeIsTheSlopeOfTheValue) {
  const double h = 1e-6;
  for (const ActivationRow& row : kActivationTable) {
    for (const float alpha : alphas_of(row)) {
      SCOPED_TRACE(label(row, alpha));
      for (const double x : {-2.5, -1.1, -0.3, 0.2, 0.9, 2.7}) {
        const double fd = (row.value(x + h, alpha) - row.value(x - h, alpha)) / (2 * h);
        const double df = row.derivative(x, alpha);
        EXPECT_NEAR(fd, df, 1e-6 * std::max(1.0, std::abs(df))) << "at x = " << x;
      }
      const double e = 1e-9;
      EXPECT_NEAR(row.value(e, alpha), row.value(-e, alpha), 1e-6) << "f jumps at 0";
      if (!row.kink_at_zero) {
        EXPECT_NEAR(row.derivative(e, alpha), row.derivative(-e, alpha), 1e-6)
            << "f' jumps at 0: the row must say kink_at_zero";
      }
    }
  }
}

// The optimized kernel (the row's oneDNN algorithm) against the reference, forward and backward.
TEST(ActivationTable, OneDnnKernelMatchesReference) {
  for (const ActivationRow& row : kActivationTable) {
    for (const float alpha : alphas_of(row)) {
      SCOPED_TRACE(label(row, alpha));
      const Activation a{row.kind, alpha};
      const std::vector<float> x = inputs(row, 3 * 67);  // oneDNN's vector body and tail
      const auto n = static_cast<std::int64_t>(x.size());
      std::vector<float> d_y(x.size());
      for (std::size_t i = 0; i < d_y.size(); ++i) d_y[i] = 0.5f + static_cast<float>(i % 7) * 0.25f;
      std::vector<float> y(x.size()), y_ref(x.size()), d_x(x.size()), d_x_ref(x.size());
      onednn::Eltwise kernel(a);
      kernel.forward(n, x.data(), y.data());
      kernel.backward(n, x.data(), d_y.data(), d_x.data());
      reference::activation_forward(a, n, x.data(), y_ref.data());
      reference::activation_backward(a, n, x.data(), d_y.data(), d_x_ref.data());
      EXPECT_LT(test::max_relative_error(y, y_ref), 1e-5);
      EXPECT_LT(test::max_relative_error(d_x, d_x_ref), 1e-5);
    }
  }
}

// The rectifier form: the kinds the fused rectifier takes compute f and f' exactly as the
// reference (rounded to float), with the row's slope below zero; the others are refused.
TEST(ActivationTable, RectifierMatchesReference) {
  for (const ActivationRow& row : kActivationTable) {
    std::vector<float> alphas = alphas_of(row);
    if (row.uses_alpha) alphas.push_back(-0.5f);
    for (const float alpha : alphas) {
      SCOPED_TRACE(label(row, alpha));
      const Activation a{row.kind, alpha};
      cpu::Rectifier r;
      const bool takes = cpu::rectifier_for(a, r);
      const bool expected = row.rectifier != RectifierForm::none &&
                            (row.rectifier != RectifierForm::alpha_slope || alpha >= 0.0f);
      ASSERT_EQ(takes, expected);
      if (!takes) continue;
      EXPECT_EQ(rectifier_slope(row.rectifier, alpha), -row.value(-1.0, alpha)) << "the slope below zero";
      for (const float z : inputs(row, 41)) {
        const float y = cpu::rectify(r, z);
        EXPECT_EQ(y, static_cast<float>(row.value(z, alpha))) << "f at z = " << z;
        std::vector<float> d_z(1), d_y{1.5f};
        cpu::rectifier_backward(r, 1, &y, d_y.data(), d_z.data());
        EXPECT_EQ(d_z[0], static_cast<float>(row.derivative(z, alpha) * 1.5)) << "f' at z = " << z;
      }
    }
  }
}

TEST(ActivationTable, RectifierKindList) {
  EXPECT_EQ(rectifier_kind_list(false), "relu, leaky_relu and identity");
  EXPECT_EQ(rectifier_kind_list(true), "relu, leaky_relu (alpha >= 0) and identity");
}

}  // namespace
}  // namespace dendrite
