// The executor's layer fusion (framework/graph/executor.h): each dANN layer (dendritic ->
// activation -> somatic -> activation) runs as one fused dendritic-layer kernel. Fused and
// unfused runs of the same model must agree to 1e-5 relative in the logits, the loss and every
// parameter gradient, for every pair of rectifiers and every depth; the fused path's gradients
// must match finite differences of its own loss; chains the kernel does not take stay as they
// are; and the option switches it off.
#include <gtest/gtest.h>

#include <cmath>
#include <ostream>
#include <string>
#include <vector>

#include "framework/core/error.h"
#include "framework/core/rng.h"
#include "framework/graph/executor.h"
#include "framework/model/model.h"
#include "tests/common/relative_error.h"
#include "tests/common/small_model.h"
#include "tests/common/small_training.h"
#include "tests/common/synthetic_data.h"

namespace dendrite {
namespace {

const ActivationSpec kLeaky{"leaky_relu", 0.1};
const ActivationSpec kRelu{"relu", -1};
const ActivationSpec kIdentity{"identity", -1};

ModelSpec spec_with(const std::string& variant, std::int64_t layers, const ActivationSpec& dendrite,
                    const ActivationSpec& soma) {
  VariantOptions o = test::small_options();
  o.layers = layers;
  o.dendrite_activation = dendrite;
  o.soma_activation = soma;
  return variant_spec(variant, o);
}

ExecutorOptions options_for(const Model& m, bool fuse_layers) {
  ExecutorOptions o{Backend::optimized, {m.logits}, m.loss};
  o.fuse_layers = fuse_layers;
  return o;
}

// How many steps of the executor's order run the fused layer kernel.
std::size_t fused_layers(const Executor& e) {
  std::size_t count = 0;
  for (int n : e.forward_order()) count += e.kernel_name(n) == "dendritic_layer" ? 1 : 0;
  return count;
}

// One forward and backward of m on a batch: the logits, the loss and every parameter gradient.
struct Pass {
  Tensor logits, loss;
  std::vector<Tensor> grads;
  std::size_t fused = 0;
};

Pass run_pass(Model& m, bool fuse_layers, const Dataset& data, std::int64_t batch) {
  Executor e(m.graph, options_for(m, fuse_layers));
  Tensor x({batch, data.features()}), y({batch}, DType::i32);
  for (std::int64_t i = 0; i < x.numel(); ++i) x.f32()[i] = data.images.f32()[i % data.images.numel()];
  for (std::int64_t i = 0; i < batch; ++i) y.i32()[i] = data.labels.i32()[i % data.size()];
  e.set_input(m.x, x);
  e.set_input(m.y, y);
  e.forward(/*training=*/true);
  e.backward();
  Pass p{e.value(m.logits).clone(), e.value(m.loss).clone(), {}, fused_layers(e)};
  for (const Tensor* g : e.parameter_grads()) p.grads.push_back(g->clone());
  return p;
}

struct PairCase {
  std::string label, variant;
  std::int64_t layers;
  ActivationSpec dendrite, soma;
};
std::ostream& operator<<(std::ostream& os, const PairCase& c) { return os << c.label; }

class LayerFusion : public ::testing::TestWithParam<PairCase> {};

TEST_P(LayerFusion, AgreesWithTheUnfusedRunInEveryOutputAndGradient) {
  const PairCase& c = GetParam();
  Model m = build_model(spec_with(c.variant, c.layers, c.dendrite, c.soma));
  const Dataset data = testing_data::quadrant_blobs(96, 5);
  // 70 samples: a whole panel of the kernel and a tail; 5: a batch below one vector.
  for (const std::int64_t batch : {70, 5}) {
    const Pass fused = run_pass(m, true, data, batch), unfused = run_pass(m, false, data, batch);
    EXPECT_EQ(fused.fused, static_cast<std::size_t>(c.layers));
    EXPECT_EQ(unfused.fused, 0u);
    EXPECT_LT(test::max_relative_error(fused.logits, unfused.logits), 1e-5) << "batch " << batch;
    EXPECT_LT(test::max_relative_error(fused.loss, unfused.loss), 1e-5) << "batch " << batch;
    const std::vector<ValueId>& params = m.graph.parameters();
    for (std::size_t i = 0; i < params.size(); ++i)
      EXPECT_LT(test::max_relative_error(fused.grads[i], unfused.grads[i]), 1e-5)
          << m.graph.value(params[i]).name << ", batch " << batch;
  }
}

// A few Adam steps each way: the runs stay together, and each is the same bits when repeated.
TEST_P(LayerFusion, TrainsLikeTheUnfusedRunAndRepeatsBitwise) {
  const PairCase& c = GetParam();
  const ModelSpec spec = spec_with(c.variant, c.layers, c.dendrite, c.soma);
  Model fused = build_model(spec), again = build_model(spec), unfused = build_model(spec);
  const Dataset data = testing_data::quadrant_blobs(96, 5);
  const std::vector<float> l_fused = testing_data::train_steps(fused, data, 4);
  const std::vector<float> l_again = testing_data::train_steps(again, data, 4);
  const std::vector<float> l_unfused = testing_data::train_steps(unfused, data, 4, {true, true, /*layers=*/false});
  EXPECT_EQ(l_fused, l_again);
  EXPECT_LT(test::max_relative_error(l_fused, l_unfused), 1e-5);
  for (ValueId p : fused.graph.parameters()) {
    const Value& v = fused.graph.value(p);
    EXPECT_TRUE(v.data.bitwise_equal(again.graph.value(p).data)) << v.name;
    EXPECT_LT(test::max_relative_error(v.data, unfused.graph.value(p).data), 1e-5) << v.name;
  }
}

std::vector<PairCase> pair_cases() {
  const std::vector<std::pair<std::string, ActivationSpec>> kinds{{"leaky", kLeaky}, {"relu", kRelu}, {"identity", kIdentity}};
  const std::vector<std::string> variants{"dann-grf", "dann-r", "dann-lrf"};
  std::vector<PairCase> cases;
  std::size_t k = 0;
  for (const auto& [d_name, d] : kinds)
    for (const auto& [s_name, s] : kinds)
      for (const std::int64_t layers : {1, 2}) {
        const std::string& variant = variants[k++ % variants.size()];
        std::string label = d_name + "_" + s_name + "_depth" + std::to_string(layers) + "_" + variant;
        for (char& ch : label) ch = ch == '-' ? '_' : ch;
        cases.push_back({label, variant, layers, d, s});
      }
  cases.push_back({"leaky_leaky_depth3_dann_grf", "dann-grf", 3, kLeaky, kLeaky});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Pairs, LayerFusion, ::testing::ValuesIn(pair_cases()),
                         [](const auto& param_info) { return param_info.param.label; });

// Central differences of the fused run's own loss against its backward, every parameter entry.
// A step of 1e-3 and random biases keep pre-activations from sitting on or near a rectifier's kink.
TEST(LayerFusion, GradientsMatchFiniteDifferencesOfTheFusedLoss) {
  for (const std::int64_t layers : {1, 2}) {
    Model m = build_model(spec_with("dann-grf", layers, kLeaky, kRelu));
    // Biases of zero would put every dendrite that reads only silent somata exactly on its kink.
    Rng rng(11);
    for (ValueId p : m.graph.parameters()) {
      Tensor& w = m.graph.value(p).data;
      if (w.rank() == 1 && m.graph.value(p).name.find("bias") != std::string::npos)
        for (std::int64_t i = 0; i < w.numel(); ++i) w.f32()[i] = static_cast<float>(rng.uniform(-0.3, 0.3));
    }
    const Dataset data = testing_data::quadrant_blobs(6, 9);
    Executor e(m.graph, options_for(m, true));
    ASSERT_EQ(fused_layers(e), static_cast<std::size_t>(layers));
    e.set_input(m.x, data.images);
    e.set_input(m.y, data.labels);
    e.forward(/*training=*/false);  // no dropout: the function the differences below see
    e.backward();
    std::vector<Tensor> analytic;
    for (const Tensor* g : e.parameter_grads()) analytic.push_back(g->clone());
    auto loss = [&] {
      e.forward(/*training=*/false);
      return static_cast<double>(e.value(m.loss).f32()[0]);
    };
    const std::vector<ValueId>& params = m.graph.parameters();
    for (std::size_t p = 0; p < params.size(); ++p) {
      Tensor& w = m.graph.value(params[p]).data;
      for (std::int64_t i = 0; i < w.numel(); ++i) {
        const float keep = w.f32()[i], h = 1e-3f;
        w.f32()[i] = keep + h;
        const double up = loss();
        w.f32()[i] = keep - h;
        const double down = loss();
        w.f32()[i] = keep;
        const double numeric = (up - down) / (2.0 * h);
        EXPECT_NEAR(analytic[p].f32()[i], numeric, 1e-3 + 1e-2 * std::fabs(numeric))
            << m.graph.value(params[p]).name << "[" << i << "], depth " << layers;
      }
    }
  }
}

std::size_t fused_layers_of(Model& m, ExecutorOptions o) { return fused_layers(Executor(m.graph, o)); }

TEST(LayerFusion, TheOptionAndTheReferenceBackendTurnItOff) {
  Model m = build_model(test::small_spec("dann-grf"));
  EXPECT_EQ(fused_layers_of(m, options_for(m, true)), 1u);
  EXPECT_EQ(fused_layers_of(m, options_for(m, false)), 0u);
  ExecutorOptions reference = options_for(m, true);
  reference.backend = Backend::reference;
  EXPECT_EQ(fused_layers_of(m, reference), 0u);
}

TEST(LayerFusion, ChainsTheKernelDoesNotTakeStayUnfused) {
  // Activations other than rectifiers, random somata (sANN), the masked reference computation.
  Model gelu = build_model(spec_with("dann-r", 1, {"gelu", -1}, kLeaky));
  EXPECT_EQ(fused_layers_of(gelu, options_for(gelu, true)), 0u);
  Model sann = build_model(test::small_spec("sann"));
  EXPECT_EQ(fused_layers_of(sann, options_for(sann, true)), 0u);
  Model masked = build_model(test::small_spec("dann-grf"), {SparseImpl::masked});
  EXPECT_EQ(fused_layers_of(masked, options_for(masked, true)), 0u);
  // A requested inner value keeps its layer's four nodes (and can be read).
  Model m = build_model(test::small_spec("dann-grf"));
  const ValueId dendrites = m.graph.find("layer0.dendrites.act");
  ExecutorOptions o = options_for(m, true);
  o.outputs.push_back(dendrites);
  Executor e(m.graph, o);
  EXPECT_EQ(fused_layers(e), 0u);
  const Dataset data = testing_data::quadrant_blobs(4, 1);
  e.set_input(m.x, data.images);
  e.set_input(m.y, data.labels);
  e.forward(false);
  EXPECT_EQ(e.value(dendrites).dim(0), 4);
}

// With kernel timing, the fused kernel also reports how long its threads waited in its parallel
// regions: a part of its calls' time.
TEST(LayerFusion, TheFusedKernelReportsItsThreadsWaitsAsPartOfItsTime) {
  Model m = build_model(test::small_spec("dann-grf"));
  ExecutorOptions o = options_for(m, true);
  o.time_kernels = true;
  Executor e(m.graph, o);
  const Dataset data = testing_data::quadrant_blobs(64, 1);
  e.set_input(m.x, data.images);
  e.set_input(m.y, data.labels);
  for (int step = 0; step < 3; ++step) {
    e.forward(true);
    e.backward();
  }
  int layers = 0;
  for (int n : e.forward_order()) {
    if (e.kernel_name(n) != "dendritic_layer") continue;
    ++layers;
    const Executor::KernelTime t = e.kernel_time(n);
    EXPECT_GT(t.forward, 0);
    EXPECT_GT(t.backward, 0);
    EXPECT_GE(t.wait, 0);
    EXPECT_LE(t.wait, t.forward + t.backward);
  }
  EXPECT_EQ(layers, 1);
}

TEST(LayerFusion, InnerValuesOfAFusedLayerAreNotReadable) {
  Model m = build_model(test::small_spec("dann-grf"));
  Executor e(m.graph, options_for(m, true));
  const Dataset data = testing_data::quadrant_blobs(4, 1);
  e.set_input(m.x, data.images);
  e.set_input(m.y, data.labels);
  e.forward(false);
  for (const char* name : {"layer0.dendrites", "layer0.dendrites.act", "layer0.somata"})
    EXPECT_THROW(e.value(m.graph.find(name)), Error) << name;
  EXPECT_EQ(e.value(m.logits).dim(0), 4);
}

}  // namespace
}  // namespace dendrite
