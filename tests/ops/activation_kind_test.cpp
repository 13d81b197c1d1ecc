// The activation kind list: names round-trip, defaults, attribute parsing (the table's columns,
// kind by kind: activation_table_test.cpp).
#include <gtest/gtest.h>

#include <cmath>

#include "framework/core/error.h"
#include "ops/activation_kind.h"
#include "tests/common/expect_error.h"

namespace dendrite {
namespace {

TEST(ActivationKind, NamesRoundTrip) {
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

}  // namespace
}  // namespace dendrite
