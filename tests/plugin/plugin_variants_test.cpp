// Every model variant, exported with its dANN layers as DendriticLayer nodes and as the four nodes
// of earlier files, runs in ONNX Runtime with the plugin and without it (the function bodies) and
// gives the framework's logits (optimized executor) and its argmax; so do dANN layers with every
// pair of rectifier activations, at depth 1 and 2.
#include <gtest/gtest.h>

#include "export/onnx_export.h"
#include "export/runtime/ort_model.h"
#include "framework/model/variants.h"
#include "framework/train/metrics.h"
#include "tests/common/expect_error.h"
#include "tests/common/small_model.h"
#include "tests/export/export_test_util.h"
#include "tests/plugin/plugin_test_util.h"

namespace dendrite {
namespace {

using namespace plugin_test;
using export_test::logits_of;
using export_test::random_inputs;

std::vector<std::int32_t> argmax(const Tensor& logits) {
  std::vector<std::int32_t> classes;
  append_argmax(logits, classes);
  return classes;
}

class PluginVariants : public ::testing::TestWithParam<std::string> {};

// Both exports of `model` (layers fused and as four nodes) with and without the plugin, on n rows.
void expect_ort_matches_the_framework(Model& model, const std::string& name, std::int64_t n) {
  const Tensor x = random_inputs(n, 64, 11);
  const Tensor expected = logits_of(model, x);
  for (const bool fused : {true, false}) {
    ExportOptions options;
    options.fuse_layers = fused;
    const std::string path = save_model(export_model(model, {}, options), name + (fused ? "" : "-4") + ".onnx");
    for (const bool plugin : {true, false}) {
      SCOPED_TRACE(fmt::format("{}, {} export, {}", name, fused ? "fused" : "four-node",
                               plugin ? "with the plugin" : "function bodies"));
      const OrtModel ort(path, plugin, 1);
      EXPECT_EQ(ort.plugin_loaded(), plugin);
      const Tensor got = ort.run(x.f32(), n);
      EXPECT_LE(max_abs_diff(got, expected), 1e-5f);
      EXPECT_EQ(argmax(got), argmax(expected));
    }
  }
}

TEST_P(PluginVariants, OrtMatchesTheFrameworkWithAndWithoutPlugin) {
  // small_variant's gelu somata keep its layers as four nodes; the paper's activations fuse.
  Model gelu = build_model(export_test::small_variant(GetParam()));
  expect_ort_matches_the_framework(gelu, GetParam(), 70);  // a full 64-sample chunk and a partial one
  VariantOptions o = test::small_options();
  o.classes = 3;
  Model paper = build_model(variant_spec(GetParam(), o));
  expect_ort_matches_the_framework(paper, GetParam() + "-leaky", 70);
}

TEST(PluginLayers, EveryRectifierPairAndDepthMatchesTheFramework) {
  const ActivationSpec kinds[] = {{"relu", -1}, {"leaky_relu", 0.2}, {"identity", -1}};
  for (const std::int64_t layers : {1, 2}) {
    for (const ActivationSpec& d : kinds) {
      for (const ActivationSpec& s : kinds) {
        VariantOptions o = test::small_options();
        o.layers = layers;
        o.dendrite_activation = d;
        o.soma_activation = s;
        Model m = build_model(variant_spec("dann-grf", o));
        expect_ort_matches_the_framework(m, fmt::format("grf-{}-{}-{}", layers, d.kind, s.kind), 13);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllVariants, PluginVariants, ::testing::ValuesIn(variant_names()),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           std::string name = p.param;
                           for (char& ch : name) ch = ch == '-' ? '_' : ch;
                           return name;
                         });

// In an exported file each custom node also has a function body; with the plugin registered ORT
// must run the plugin's kernel: a corrupted index then fails with the plugin's message.
TEST(PluginVariantsSelection, PluginKernelRunsInsteadOfTheFunctionBody) {
  VariantOptions paper = test::small_options();
  paper.classes = 3;
  struct Case {
    ModelSpec spec;
    const char* node;  // the plugin's label of the node reading the index
  };
  for (const Case& c : {Case{export_test::small_variant("dann-r"), "Dendritic node 'layer0.dendrites'"},
                        Case{variant_spec("dann-r", paper), "DendriticLayer node 'layer0'"}}) {
    Model model = build_model(c.spec);
    onnx::ModelProto proto = export_model(model);
    bool corrupted = false;
    for (onnx::TensorProto& t : *proto.mutable_graph()->mutable_initializer()) {
      if (t.name() != "layer0.dendrites.col") continue;
      ASSERT_EQ(t.data_type(), onnx::TensorProto::INT32);
      ASSERT_GE(t.raw_data().size(), 4u);
      const std::int32_t bad = 64;  // one past the last input
      t.mutable_raw_data()->replace(0, 4, reinterpret_cast<const char*>(&bad), 4);
      corrupted = true;
    }
    ASSERT_TRUE(corrupted) << "no initializer layer0.dendrites.col in the export";
    const std::string path = save_model(proto, "corrupted-index.onnx");
    const Tensor x = random_inputs(2, 64, 12);
    test::expect_error([&] { OrtModel(path, true, 1).run(x.f32(), 2); },
                       {c.node, "col[0] = 64 is not an input index in [0, 64)"});
  }
}

}  // namespace
}  // namespace dendrite
