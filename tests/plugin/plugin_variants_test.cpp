// Every model variant, exported, runs in ONNX Runtime with the plugin and without it (the
// function bodies) and gives the framework's logits (optimized executor) and its argmax.
#include <gtest/gtest.h>

#include "export/onnx_export.h"
#include "export/runtime/ort_model.h"
#include "framework/model/variants.h"
#include "framework/train/metrics.h"
#include "tests/common/expect_error.h"
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

TEST_P(PluginVariants, OrtMatchesTheFrameworkWithAndWithoutPlugin) {
  Model model = build_model(export_test::small_variant(GetParam()));
  const std::string path = save_model(export_model(model), GetParam() + ".onnx");
  const std::int64_t n = 70;  // a full 64-sample chunk and a partial one
  const Tensor x = random_inputs(n, 64, 11);
  const Tensor expected = logits_of(model, x);
  for (bool plugin : {true, false}) {
    SCOPED_TRACE(plugin ? "with the plugin" : "function bodies");
    const OrtModel ort(path, plugin, 1);
    EXPECT_EQ(ort.plugin_loaded(), plugin);
    const Tensor got = ort.run(x.f32(), n);
    EXPECT_LE(max_abs_diff(got, expected), 1e-5f);
    EXPECT_EQ(argmax(got), argmax(expected));
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
  Model model = build_model(export_test::small_variant("dann-r"));
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
                     {"Dendritic node 'layer0.dendrites'", "col[0] = 64 is not an input index in [0, 64)"});
}

}  // namespace
}  // namespace dendrite
