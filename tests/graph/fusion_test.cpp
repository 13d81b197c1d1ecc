// The executor's activation fusion (framework/graph/executor.h): dendritic and somatic kernels
// take the relu / leaky_relu that follows them. Fused training must give the very same bits as
// unfused training (the kernels do the same float operations), activations that cannot be fused
// must stay separate nodes, and the value between a fused pair is never materialized.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "framework/core/error.h"
#include "framework/graph/executor.h"
#include "framework/model/model.h"
#include "ops/cpu/rectifier.h"
#include "tests/common/relative_error.h"
#include "tests/common/small_model.h"
#include "tests/common/synthetic_data.h"
#include "tests/common/small_training.h"

namespace dendrite {
namespace {

struct FusionCase {
  std::string label, variant;
  std::int64_t layers;
  ActivationSpec dendrite, soma;
  std::size_t fused;  // activation nodes the optimized executor absorbs
};

std::ostream& operator<<(std::ostream& os, const FusionCase& c) { return os << c.label; }

const ActivationSpec kLeaky{"leaky_relu", 0.1};
const ActivationSpec kRelu{"relu", -1};
const ActivationSpec kIdentity{"identity", -1};
const ActivationSpec kGelu{"gelu", -1};
const ActivationSpec kSilu{"silu", -1};
const ActivationSpec kElu{"elu", -1};

ModelSpec spec_of(const FusionCase& c) {
  VariantOptions o = test::small_options();
  o.layers = c.layers;
  o.dendrite_activation = c.dendrite;
  o.soma_activation = c.soma;
  return variant_spec(c.variant, o);
}

std::size_t forward_nodes(Model& m, bool fuse) {
  ExecutorOptions options{Backend::optimized, {m.logits}, m.loss};
  options.fuse = fuse;
  options.fuse_layers = false;  // activation fusion alone (layer_fusion_test.cpp: the fused layer)
  return Executor(m.graph, options).forward_order().size();
}

class Fusion : public ::testing::TestWithParam<FusionCase> {};

TEST_P(Fusion, TrainsBitwiseLikeTheUnfusedGraph) {
  const FusionCase& c = GetParam();
  Model fused = build_model(spec_of(c));
  Model unfused = build_model(spec_of(c));
  EXPECT_EQ(forward_nodes(unfused, false) - forward_nodes(fused, true), c.fused);

  const Dataset data = testing_data::quadrant_blobs(96, 5);
  const std::vector<float> l_fused = testing_data::train_steps(fused, data, 5, {/*fuse=*/true, /*hand_off=*/false, /*layers=*/false});
  const std::vector<float> l_unfused = testing_data::train_steps(unfused, data, 5, {/*fuse=*/false, /*hand_off=*/false, /*layers=*/false});
  EXPECT_EQ(l_fused, l_unfused);
  EXPECT_NE(l_fused.back(), l_fused.front());  // the steps did change the weights
  for (ValueId p : fused.graph.parameters()) {
    const Value& a = fused.graph.value(p);
    EXPECT_TRUE(a.data.bitwise_equal(unfused.graph.value(p).data)) << a.name;
  }
}

// With the layout handoff too (the default), sums may run in another order: equal to rounding.
TEST_P(Fusion, WithLayoutHandoffTrainsLikeThePlainGraph) {
  const FusionCase& c = GetParam();
  Model fast = build_model(spec_of(c));
  Model plain = build_model(spec_of(c));
  const Dataset data = testing_data::quadrant_blobs(96, 5);
  const std::vector<float> l_fast = testing_data::train_steps(fast, data, 5, {/*fuse=*/true, /*hand_off=*/true, /*layers=*/false});
  const std::vector<float> l_plain = testing_data::train_steps(plain, data, 5, {/*fuse=*/false, /*hand_off=*/false, /*layers=*/false});
  for (std::size_t s = 0; s < l_fast.size(); ++s) EXPECT_NEAR(l_fast[s], l_plain[s], 1e-5 * std::max(1.0f, l_plain[s])) << s;
  for (ValueId p : fast.graph.parameters()) {
    const Value& a = fast.graph.value(p);
    EXPECT_LT(test::max_relative_error(a.data, plain.graph.value(p).data), 1e-4) << a.name;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Models, Fusion,
    ::testing::Values(
        // dendrites and somata both fused; the first layer's backward takes d_y in tiles.
        FusionCase{"dann_grf_leaky", "dann-grf", 1, kLeaky, kLeaky, 2},
        // a second dendritic layer needs d_x: the rectifier's backward runs as its own pass.
        FusionCase{"dann_r_two_layers_relu", "dann-r", 2, kRelu, kRelu, 4},
        // random somata: a dendritic op that needs d_x.
        FusionCase{"sann_leaky", "sann", 1, kLeaky, kLeaky, 2},
        FusionCase{"dann_lrf_identity_relu", "dann-lrf", 1, kIdentity, kRelu, 2},
        // kinds the kernels do not take stay separate nodes.
        FusionCase{"dann_r_gelu_silu", "dann-r", 1, kGelu, kSilu, 0},
        FusionCase{"dann_r_elu_leaky", "dann-r", 1, kElu, kLeaky, 1}),
    [](const auto& param_info) { return param_info.param.label; });

TEST(Fusion, KernelsTakeOnlyRectifiersWhoseOutputSignIsTheInputSign) {
  cpu::Rectifier r;
  EXPECT_TRUE(cpu::rectifier_for({ActivationKind::leaky_relu, 0.1f}, r));
  EXPECT_TRUE(r.on);
  EXPECT_EQ(r.slope, 0.1f);
  EXPECT_TRUE(cpu::rectifier_for({ActivationKind::relu, 0.0f}, r));
  EXPECT_EQ(r.slope, 0.0f);
  EXPECT_TRUE(cpu::rectifier_for({ActivationKind::identity, 0.0f}, r));
  EXPECT_FALSE(r.on);
  EXPECT_FALSE(cpu::rectifier_for({ActivationKind::leaky_relu, -0.5f}, r));  // y > 0 when z < 0
  EXPECT_FALSE(cpu::rectifier_for({ActivationKind::sigmoid, 0.0f}, r));
}

// The fused relu gives what the activation op gives, bit for bit: +0 (not -0) for negative
// inputs and for NaN, as oneDNN's relu does; leaky_relu keeps NaN.
TEST(Fusion, FusedRectifiersGiveTheActivationOpsBits) {
  for (const char* kind : {"relu", "leaky_relu"}) {
    Graph g;
    const ValueId x = g.add_input("x", {{kBatch, 4}});
    // Unit j reads input j with weight 1, bias 0: the outputs are the inputs.
    const ValueId w = g.add_parameter("w", Tensor::from_f32({4}, {1, 1, 1, 1}));
    const ValueId b = g.add_parameter("b", Tensor({4}));
    const ValueId row_ptr = g.add_constant("row_ptr", Tensor::from_i32({5}, {0, 1, 2, 3, 4}));
    const ValueId col = g.add_constant("col", Tensor::from_i32({4}, {0, 1, 2, 3}));
    const ValueId z = g.add_node("dendritic", {x, w, b, row_ptr, col}, {}, "sparse");
    const ValueId y = g.add_node("activation", {z}, {{"kind", std::string(kind)}, {"alpha", 0.25f}}, "act");
    const Tensor input = Tensor::from_f32({2, 4}, {-1.5f, 0.0f, -0.0f, 2.0f, std::nanf(""), -1e-30f, 3.0f, -7.0f});
    Tensor outputs[2];
    for (const bool fuse : {false, true}) {
      ExecutorOptions o{Backend::optimized, {y}};
      o.fuse = fuse;
      Executor e(g, o);
      EXPECT_EQ(e.forward_order().size(), fuse ? 1u : 2u) << kind;
      e.set_input(x, input);
      e.forward(false);
      outputs[fuse] = e.value(y).clone();
    }
    EXPECT_TRUE(outputs[1].bitwise_equal(outputs[0])) << kind;
    EXPECT_FALSE(std::signbit(outputs[1].f32()[0]) && std::string(kind) == "relu");
  }
}

TEST(Fusion, FusedAndHandedOverValuesAreReadableOnlyWhenRequested) {
  Model m = build_model(test::small_spec("dann-grf"));
  const ValueId pre = m.graph.find("layer0.dendrites");       // dendritic output: fused away
  const ValueId post = m.graph.find("layer0.dendrites.act");  // its activation: handed to somatic
  ASSERT_EQ(m.graph.nodes()[static_cast<std::size_t>(m.graph.value(pre).producer)].op, "dendritic");
  const Dataset data = testing_data::quadrant_blobs(16, 1);

  ExecutorOptions fast_options{Backend::optimized, {m.logits}};
  fast_options.fuse_layers = false;
  Executor fast(m.graph, fast_options);
  fast.set_input(m.x, data.images);
  fast.forward(false);
  EXPECT_THROW(fast.value(pre), Error);
  EXPECT_THROW(fast.value(post), Error);

  // Requested, they are computed row-major, and the logits agree with the fast run.
  Executor all(m.graph, {Backend::optimized, {m.logits, pre, post}});
  all.set_input(m.x, data.images);
  all.forward(false);
  EXPECT_EQ(all.value(pre).shape(), (Shape{16, 4 * 8}));
  for (std::int64_t i = 0; i < all.value(pre).numel(); ++i) {
    const float z = all.value(pre).f32()[i];
    ASSERT_EQ(all.value(post).f32()[i], z > 0 ? z : z * 0.1f) << i;
  }
  EXPECT_LT(test::max_relative_error(fast.value(m.logits), all.value(m.logits)), 1e-5);
}

}  // namespace
}  // namespace dendrite
