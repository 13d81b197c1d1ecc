// Parity with the input stage (spec.normalize): a model whose statistics come from training data
// (one feature constant, so its std is the floor), exported, runs in ONNX Runtime with the plugin
// and through the function bodies and gives the framework's logits on raw [0, 1] inputs. The
// exported stage is standard Sub and Div nodes reading the statistics as initializers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "export/onnx_export.h"
#include "export/onnx_import.h"
#include "export/runtime/ort_model.h"
#include "framework/model/input_normalization.h"
#include "tests/common/synthetic_data.h"
#include "tests/export/export_test_util.h"
#include "tests/plugin/plugin_test_util.h"

namespace dendrite {
namespace {

using namespace plugin_test;
using export_test::logits_of;

struct Case {
  std::string variant, normalize;
};

class NormalizeParity : public ::testing::TestWithParam<Case> {};

const onnx::TensorProto* initializer(const onnx::ModelProto& proto, const std::string& name) {
  for (const auto& t : proto.graph().initializer())
    if (t.name() == name) return &t;
  return nullptr;
}

TEST_P(NormalizeParity, OrtMatchesTheFrameworkOnRawInputs) {
  ModelSpec spec = export_test::small_variant(GetParam().variant);
  spec.normalize = GetParam().normalize;
  Model model = build_model(spec);
  Dataset train = testing_data::quadrant_blobs(120, 1);
  for (std::int64_t i = 0; i < train.size(); ++i) train.images.f32()[i * 64 + 9] = 0.0f;  // never varies
  fit_input_normalization(model, train.images);
  const Tensor& std = model.graph.value(model.graph.find(kInputStdName)).data;
  if (spec.normalize == "feature") {
    EXPECT_EQ(std.f32()[9], static_cast<float>(kNormalizeStdFloor));
  }

  const onnx::ModelProto proto = export_model(model);
  check_onnx_model(proto);
  // x feeds Sub(x, input.mean), whose output feeds Div(., input.std), whose output feeds the first layer.
  const onnx::NodeProto& sub = proto.graph().node(0);
  const onnx::NodeProto& div = proto.graph().node(1);
  EXPECT_EQ(sub.op_type(), "Sub");
  EXPECT_EQ(sub.input(0), "x");
  EXPECT_EQ(sub.input(1), kInputMeanName);
  EXPECT_EQ(div.op_type(), "Div");
  EXPECT_EQ(div.input(0), sub.output(0));
  EXPECT_EQ(div.input(1), kInputStdName);
  EXPECT_EQ(proto.graph().node(2).input(0), div.output(0));
  ASSERT_NE(initializer(proto, kInputStdName), nullptr);
  EXPECT_EQ(initializer(proto, kInputStdName)->dims(0), std.numel());

  const std::string path = save_model(proto, GetParam().variant + "-" + GetParam().normalize + ".onnx");
  const std::int64_t n = 70;
  Tensor x = testing_data::quadrant_blobs(n, 2).images;
  // Feature 9 off its training value: the floor's scale shows.
  for (std::int64_t i = 0; i < n; ++i) x.f32()[i * 64 + 9] = static_cast<float>(i % 3) * 0.01f;
  const Tensor expected = logits_of(model, x);
  float scale = 1;
  for (std::int64_t i = 0; i < expected.numel(); ++i) scale = std::max(scale, std::abs(expected.f32()[i]));
  for (bool plugin : {true, false}) {
    SCOPED_TRACE(plugin ? "with the plugin" : "function bodies");
    const OrtModel ort(path, plugin, 1);
    EXPECT_LE(max_abs_diff(ort.run(x.f32(), n), expected), 1e-5f * scale);
  }
  // Imported back (train --init, dendrite run's framework side): the same statistics and logits.
  Model back = import_onnx(path);
  EXPECT_EQ(back.spec.normalize, spec.normalize);
  EXPECT_TRUE(back.graph.value(back.graph.find(kInputStdName)).data.bitwise_equal(std));
  EXPECT_TRUE(logits_of(back, x).bitwise_equal(expected));
}

INSTANTIATE_TEST_SUITE_P(Variants, NormalizeParity,
                         ::testing::Values(Case{"mlp", "feature"}, Case{"mlp", "global"},
                                           Case{"dann-r", "feature"}, Case{"dann-grf", "feature"},
                                           Case{"dann-lrf", "global"}, Case{"vann", "feature"}),
                         [](const ::testing::TestParamInfo<Case>& p) {
                           std::string name = p.param.variant + "_" + p.param.normalize;
                           for (char& ch : name) ch = ch == '-' ? '_' : ch;
                           return name;
                         });

}  // namespace
}  // namespace dendrite
