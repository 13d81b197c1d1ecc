// The activation kind list: names round-trip, defaults, attribute parsing, reference formulas.
#include <gtest/gtest.h>

#include <cmath>

#include "framework/core/error.h"
#include "ops/activation_kind.h"
#include "ops/reference/activation.h"
#include "tests/common/expect_error.h"

namespace dendrite {
namespace {

TEST(ActivationKind, NamesRoundTrip) {
  EXPECT_EQ(activation_kinds().size(), 9u);
  for (ActivationKind k : activation_kinds()) EXPECT_EQ(parse_activation(activation_name(k)), k);
  EXPECT_EQ(parse_activation("silu"), ActivationKind::silu);
  EXPECT_EQ(activation_name(ActivationKind::gelu), "gelu");
}

TEST(ActivationKind, UnknownNameListsKinds) {
  test::expect_error([] { parse_activation("ReLU"); }, {"'ReLU'", activation_kind_list()});
}

TEST(ActivationKind, DefaultsAndAttrs) {
  EXPECT_FLOAT_EQ(default_alpha(ActivationKind::leaky_relu), 0.01f);
  EXPECT_FLOAT_EQ(default_alpha(ActivationKind::elu), 1.0f);
  EXPECT_FLOAT_EQ(default_alpha(ActivationKind::relu), 0.0f);
  EXPECT_TRUE(uses_alpha(ActivationKind::leaky_relu));
  EXPECT_FALSE(uses_alpha(ActivationKind::tanh));

  Activation a = activation_from_attrs({{"kind", std::string("leaky_relu")}});
  EXPECT_EQ(a.kind, ActivationKind::leaky_relu);
  EXPECT_FLOAT_EQ(a.alpha, 0.01f);
  a = activation_from_attrs({{"kind", std::string("leaky_relu")}, {"alpha", 0.1}});
  EXPECT_FLOAT_EQ(a.alpha, 0.1f);
  a = activation_from_attrs({{"kind", std::string("elu")}, {"alpha", std::int64_t{2}}});
  EXPECT_FLOAT_EQ(a.alpha, 2.0f);
  a = activation_from_attrs({{"kind", std::string("relu")}, {"alpha", 0.5}});
  EXPECT_FLOAT_EQ(a.alpha, 0.0f);  // relu ignores alpha
  EXPECT_THROW(activation_from_attrs({{"kind", std::string("elu")}, {"alpha", std::string("x")}}), Error);
}

// A few values worked out by hand, so the reference itself is checked.
TEST(ReferenceActivation, KnownValues) {
  using reference::activation_derivative;
  using reference::activation_value;
  EXPECT_DOUBLE_EQ(activation_value({ActivationKind::relu, 0}, -2.0), 0.0);
  EXPECT_DOUBLE_EQ(activation_value({ActivationKind::leaky_relu, 0.1f}, -2.0), -0.1f * 2.0);
  EXPECT_DOUBLE_EQ(activation_value({ActivationKind::sigmoid, 0}, 0.0), 0.5);
  EXPECT_NEAR(activation_value({ActivationKind::gelu, 0}, 1.0), 0.8413447460685429, 1e-12);
  EXPECT_NEAR(activation_value({ActivationKind::silu, 0}, 1.0), 0.7310585786300049, 1e-12);
  EXPECT_NEAR(activation_value({ActivationKind::elu, 1.0f}, -1.0), std::exp(-1.0) - 1.0, 1e-12);
  EXPECT_NEAR(activation_value({ActivationKind::softplus, 0}, 0.0), std::log(2.0), 1e-12);
  EXPECT_DOUBLE_EQ(activation_value({ActivationKind::softplus, 0}, 1000.0), 1000.0);
  EXPECT_NEAR(activation_derivative({ActivationKind::gelu, 0}, 0.0), 0.5, 1e-12);
  EXPECT_NEAR(activation_derivative({ActivationKind::silu, 0}, 0.0), 0.5, 1e-12);
  EXPECT_NEAR(activation_derivative({ActivationKind::tanh, 0}, 0.0), 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(activation_derivative({ActivationKind::leaky_relu, 0.2f}, -3.0), 0.2f);
}

}  // namespace
}  // namespace dendrite
