// The plugin's DendriticLayer kernel (the fused layer kernel) against plain loops, on models that
// hold one node and no function body (only the plugin can run them): every pair of activations,
// int32 and int64 indices, batches that fill several chunks, an empty batch, the attributes'
// defaults; and bad attributes or shapes, each a clear error naming the node.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "export/runtime/ort_model.h"
#include "tests/common/expect_error.h"
#include "tests/export/export_test_util.h"
#include "tests/plugin/plugin_test_util.h"

namespace dendrite {
namespace {

using namespace plugin_test;
using export_test::random_inputs;

struct Kind {
  const char* name;
  float slope;
};
constexpr Kind kKinds[] = {{"relu", 0.0f}, {"leaky_relu", 0.2f}, {"identity", 1.0f}};

TEST(PluginLayer, EveryActivationPairMatchesPlainLoops) {
  DendriticLayerCase c = DendriticLayerCase::random(/*n_in=*/12, /*S=*/5, /*D=*/3, /*seed=*/1);
  for (const Kind& d : kKinds) {
    for (const Kind& s : kKinds) {
      c.dendrite_activation = d.name;
      c.dendrite_alpha = d.slope;
      c.soma_activation = s.name;
      c.soma_alpha = s.slope;
      for (const bool int64 : {false, true}) {
        SCOPED_TRACE(fmt::format("{} / {}, {} indices", d.name, s.name, int64 ? "int64" : "int32"));
        OrtModel m(save_model(c.model(int64), "layer.onnx"), /*use_plugin=*/true, /*threads=*/2);
        EXPECT_EQ(m.classes(), 5);
        for (const std::int64_t n : {1, 64, 150}) {  // one chunk, exactly one, three with a partial one
          const Tensor x = random_inputs(n, 12, 30 + static_cast<std::uint64_t>(n));
          EXPECT_LE(max_abs_diff(m.run(x.f32(), n), c.reference(x)), 1e-5f) << "batch " << n;
        }
      }
    }
  }
}

TEST(PluginLayer, MissingAttributesTakeTheDefaultsLeakyRelu001) {
  DendriticLayerCase c = DendriticLayerCase::random(10, 4, 4, 2);
  c.dendrite_alpha = c.soma_alpha = 0.01f;  // what the reference computes
  OrtModel m(save_model(c.model(false, /*attributes=*/false), "defaults.onnx"), true, 1);
  const Tensor x = random_inputs(7, 10, 3);
  EXPECT_LE(max_abs_diff(m.run(x.f32(), 7), c.reference(x)), 1e-5f);
}

TEST(PluginLayer, EmptyBatchGivesEmptyOutput) {
  OrtModel m(save_model(DendriticLayerCase::random(8, 3, 2, 4).model(), "empty.onnx"), true, 1);
  const float unused = 0.0f;
  EXPECT_EQ(m.run(&unused, 0).shape(), (Shape{0, 3}));
}

// Loads the model with the plugin and runs a batch of 4: the error must name the node, the
// problem and the file.
void expect_layer_error(const onnx::ModelProto& proto, std::vector<std::string> parts,
                        const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
  const std::string path = save_model(proto, "bad-layer.onnx");
  const Tensor x = random_inputs(4, proto.graph().input(0).type().tensor_type().shape().dim(1).dim_value(), 1);
  parts.push_back(path);
  parts.push_back("DendriticLayer node 'layer0'");
  test::expect_error([&] { OrtModel(path, true, 1).run(x.f32(), 4); }, parts, file, line);
}

TEST(PluginLayer, BadAttributesAreNamed) {
  const DendriticLayerCase good = DendriticLayerCase::random(8, 3, 2, 5);
  DendriticLayerCase c = good;
  c.dendrite_activation = "sigmoid";
  expect_layer_error(c.model(), {"attribute dendrite_activation is 'sigmoid'", "relu, leaky_relu and identity"});
  c = good;
  c.soma_activation = "relu";
  c.soma_alpha = 0.5f;
  expect_layer_error(c.model(), {"attribute soma_alpha must be 0 for relu", "got 0.5"});
  c = good;
  c.dendrite_activation = "identity";
  c.dendrite_alpha = 0.0f;
  expect_layer_error(c.model(), {"attribute dendrite_alpha must be 1 for identity"});
  c = good;
  c.soma_alpha = std::numeric_limits<float>::quiet_NaN();
  expect_layer_error(c.model(), {"attribute soma_alpha must be finite"});
}

TEST(PluginLayer, ShapesThatDisagreeAreNamed) {
  DendriticLayerCase c = DendriticLayerCase::random(8, 3, 2, 6);
  onnx::ModelProto short_bias = c.model();
  for (onnx::TensorProto& t : *short_bias.mutable_graph()->mutable_initializer())
    if (t.name() == "soma_B") t = float_tensor("soma_B", {2}, {0.5f, -0.5f});  // for S = 3
  expect_layer_error(short_bias, {"soma_B [2] must have one entry per soma", "soma_W [3, 2] has S = 3"});
  c.somata = SomaticCase::random(2, 2, 7);  // 4 dendrites for 6
  expect_layer_error(c.model(), {"B [6] must have one bias per dendrite", "S * D = 2 * 2 = 4"});
}

TEST(PluginLayer, BadIndicesAreNamed) {
  DendriticLayerCase c = DendriticLayerCase::random(8, 3, 2, 8);
  c.dendrites.indices[0] = 8;  // one past the last input
  expect_layer_error(c.model(), {"col[0] = 8 is not an input index in [0, 8)"});
}

}  // namespace
}  // namespace dendrite
