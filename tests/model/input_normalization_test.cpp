// The input stage (spec.normalize): statistics by hand, the floor, the graph it builds, that the
// model computes its layers on (x - mean) / std, and that the statistics travel with the model
// (spec JSON, checkpoints, rebuilds).
#include "framework/model/input_normalization.h"

#include <gtest/gtest.h>

#include <cmath>

#include "framework/core/error.h"
#include "framework/graph/executor.h"
#include "framework/model/model_rewrite.h"
#include "framework/train/model_io.h"
#include "tests/common/expect_error.h"
#include "tests/common/small_model.h"
#include "tests/common/synthetic_data.h"

namespace dendrite {
namespace {

// 3 samples, 2 features: feature 0 = {0, 0.5, 1}, feature 1 constant 1.
Tensor three_by_two() {
  Tensor x({3, 2});
  const float v[] = {0.0f, 1.0f, 0.5f, 1.0f, 1.0f, 1.0f};
  std::copy(v, v + 6, x.f32());
  return x;
}

TEST(InputStatistics, PerFeatureByHand) {
  const InputStatistics s = input_statistics(three_by_two(), "feature");
  ASSERT_EQ(s.mean.shape(), (Shape{2}));
  EXPECT_FLOAT_EQ(s.mean.f32()[0], 0.5f);
  EXPECT_FLOAT_EQ(s.mean.f32()[1], 1.0f);
  EXPECT_FLOAT_EQ(s.std.f32()[0], static_cast<float>(std::sqrt(1.0 / 6.0)));  // population std
  EXPECT_FLOAT_EQ(s.std.f32()[1], static_cast<float>(kNormalizeStdFloor));    // constant: the floor
}

TEST(InputStatistics, GlobalByHand) {
  // Values 0, 1, 0.5, 1, 1, 1: mean 0.75; squared deviations 0.5625 + 5 * 0.0625 = 0.875.
  const InputStatistics s = input_statistics(three_by_two(), "global");
  ASSERT_EQ(s.mean.shape(), (Shape{1}));
  EXPECT_FLOAT_EQ(s.mean.f32()[0], 0.75f);
  EXPECT_FLOAT_EQ(s.std.f32()[0], static_cast<float>(std::sqrt(0.875 / 6.0)));
}

TEST(InputStatistics, Errors) {
  test::expect_error([] { input_statistics(three_by_two(), "minmax"); }, {"unknown mode 'minmax'"});
  test::expect_error([] { input_statistics(Tensor({0, 4}), "global"); }, {"no training data"});
  test::expect_error([] { input_statistics(Tensor({4}), "global"); }, {"must be f32 [N, F]"});
}

ModelSpec small_spec(const std::string& variant, const std::string& normalize) {
  ModelSpec spec = test::small_spec(variant);
  spec.normalize = normalize;
  return spec;
}

Tensor logits(Model& m, const Tensor& x) {
  Executor exec(m.graph, {Backend::optimized, {m.logits}, kNoValue});
  exec.set_input(m.x, x);
  exec.set_input(m.y, Tensor({x.dim(0)}, DType::i32));
  exec.forward(false);
  return exec.value(m.logits).clone();
}

TEST(InputNormalization, BuildsTheStageInFrontOfTheFirstLayer) {
  for (const char* mode : {"feature", "global"}) {
    Model m = build_model(small_spec("dann-grf", mode));
    const ValueId mean = m.graph.find(kInputMeanName), std = m.graph.find(kInputStdName);
    ASSERT_NE(mean, kNoValue);
    ASSERT_NE(std, kNoValue);
    EXPECT_EQ(m.graph.value(mean).kind, ValueKind::constant);
    EXPECT_EQ(m.graph.value(std).data.shape(), (Shape{std::string(mode) == "global" ? 1 : 64}));
    EXPECT_EQ(m.graph.nodes().front().op, "normalize");
    EXPECT_EQ(m.graph.nodes().front().inputs.front(), m.x);
  }
  // Same trainable parameters with and without the stage (constants are not trainable).
  EXPECT_EQ(build_model(small_spec("dann-grf", "global")).parameter_count(),
            build_model(small_spec("dann-grf", "none")).parameter_count());
  EXPECT_EQ(build_model(small_spec("dann-grf", "none")).graph.find(kInputMeanName), kNoValue);
}

// The normalized model on x computes what the plain model (the same weights: the stage draws no
// random numbers) computes on (x - mean) / std.
TEST(InputNormalization, LayersSeeStandardizedInputs) {
  const Dataset train = testing_data::quadrant_blobs(50, 1);
  const Tensor x = testing_data::quadrant_blobs(9, 2).images;
  for (const char* variant : {"mlp", "dann-r", "dann-grf"}) {
    for (const char* mode : {"feature", "global"}) {
      SCOPED_TRACE(std::string(variant) + " " + mode);
      Model normalized = build_model(small_spec(variant, mode));
      fit_input_normalization(normalized, train.images);
      Model plain = build_model(small_spec(variant, "none"));
      const InputStatistics s = input_statistics(train.images, mode);
      Tensor z = x.clone();
      for (std::int64_t i = 0; i < z.dim(0); ++i)
        for (std::int64_t j = 0; j < z.dim(1); ++j) {
          const std::int64_t c = s.mean.numel() == 1 ? 0 : j;
          z.f32()[i * z.dim(1) + j] = (x.f32()[i * z.dim(1) + j] - s.mean.f32()[c]) / s.std.f32()[c];
        }
      const Tensor a = logits(normalized, x), b = logits(plain, z);
      EXPECT_TRUE(a.bitwise_equal(b));
      EXPECT_FALSE(a.bitwise_equal(logits(plain, x)));  // the stage does change the result
    }
  }
}

TEST(InputNormalization, StatisticsTravelThroughCheckpointsAndRebuilds) {
  Model m = build_model(small_spec("dann-r", "feature"));
  fit_input_normalization(m, testing_data::quadrant_blobs(40, 3).images);
  const Tensor& fitted = m.graph.value(m.graph.find(kInputStdName)).data;
  const Model back = model_from_checkpoint(model_checkpoint(m), "memory");
  EXPECT_EQ(back.spec.normalize, "feature");
  EXPECT_TRUE(back.graph.value(back.graph.find(kInputStdName)).data.bitwise_equal(fitted));
  EXPECT_TRUE(back.graph.value(back.graph.find(kInputMeanName))
                  .data.bitwise_equal(m.graph.value(m.graph.find(kInputMeanName)).data));
  const Model masked = rebuild_model(m, {SparseImpl::masked});
  EXPECT_TRUE(masked.graph.value(masked.graph.find(kInputStdName)).data.bitwise_equal(fitted));
}

TEST(InputNormalization, SpecJson) {
  const ModelSpec spec = small_spec("dann-r", "global");
  const nlohmann::json j = to_json(spec);
  EXPECT_EQ(j.at("normalize"), "global");
  EXPECT_EQ(model_spec_from_json(j).normalize, "global");
  EXPECT_FALSE(to_json(small_spec("dann-r", "none")).contains("normalize"));  // unchanged for plain models
  nlohmann::json bad = j;
  bad["normalize"] = "zscore";
  test::expect_error([&] { model_spec_from_json(bad); }, {"unknown normalize 'zscore'"});
}

TEST(InputNormalization, BadStatisticsAreRefused) {
  Model m = build_model(small_spec("mlp", "global"));
  test::expect_error(
      [&] {
        set_input_statistics(m, {Tensor({64}), Tensor({64})});
      },
      {"statistics 'input.mean' are f32[64], the model needs f32[1]"});
  Model plain = build_model(small_spec("mlp", "none"));
  test::expect_error([&] { set_input_statistics(plain, {Tensor({1}), Tensor({1})}); }, {"has no input normalization"});
  // A std of 0 (e.g. from a hand-edited file) stops the forward with the node's name.
  m.graph.value(m.graph.find(kInputStdName)).data.f32()[0] = 0.0f;
  test::expect_error(
      [&] {
        logits(m, Tensor({2, 64}));
      },
      {"node 'input.normalize' (normalize): normalize: std[0] = 0 must be positive"});
}

}  // namespace
}  // namespace dendrite
