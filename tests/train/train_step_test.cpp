// TrainStep, the one training step: what step() and evaluate() return, the non-finite loss
// refusal (nothing updated), and the dropout seed rule that makes a resumed run draw the masks an
// uninterrupted one draws.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "framework/train/metrics.h"
#include "framework/train/train_step.h"
#include "tests/common/small_model.h"
#include "tests/common/synthetic_data.h"

namespace dendrite {
namespace {

using test::small_spec;

// Batch `index` of 16 consecutive samples of `data`.
std::pair<Tensor, Tensor> batch_of(const Dataset& data, std::int64_t index) {
  constexpr std::int64_t kBatch = 16;
  Tensor x({kBatch, data.features()}), y({kBatch}, DType::i32);
  const std::int64_t first = index * kBatch;
  std::copy_n(data.images.f32() + first * data.features(), x.numel(), x.f32());
  std::copy_n(data.labels.i32() + first, kBatch, y.i32());
  return {x, y};
}

ModelSpec with_dropout() {
  VariantOptions o = test::small_options();
  o.dropout = 0.5;
  return variant_spec("dann-r", o);
}

TEST(TrainStep, StepReturnsTheLossBeforeTheUpdateAndTheCorrectCount) {
  const Dataset data = testing_data::quadrant_blobs(64, 5);
  Model m = build_model(small_spec("dann-grf"));
  TrainStep step(m, OptimizerConfig{}, 1);
  const auto [x, y] = batch_of(data, 0);
  const StepResult before = step.evaluate(x, y);  // no dropout in this model: same forward
  EXPECT_EQ(before.correct, count_correct(step.logits(), y));
  const StepResult r = step.step(x, y);
  EXPECT_EQ(r.loss, before.loss);
  EXPECT_EQ(r.correct, before.correct);
  EXPECT_EQ(step.optimizer().steps(), 1);
  const StepResult after = step.evaluate(x, y);
  EXPECT_LT(after.loss, before.loss) << "one Adam step on the batch lowers its loss";
  EXPECT_EQ(step.optimizer().steps(), 1) << "evaluate() updates nothing";
}

TEST(TrainStep, NonFiniteLossStopsBeforeTheUpdate) {
  const Dataset data = testing_data::quadrant_blobs(32, 5);
  Model m = build_model(small_spec("dann-r"));
  TrainStep step(m, OptimizerConfig{}, 1);
  Tensor& bias = m.graph.value(m.graph.find("output.bias")).data;
  bias.f32()[0] = std::numeric_limits<float>::infinity();
  const Tensor weights = m.graph.value(m.graph.find("output.weight")).data.clone();
  const auto [x, y] = batch_of(data, 0);
  try {
    step.step(x, y);
    FAIL() << "an infinite logit must stop the step";
  } catch (const NonFiniteLoss& e) {
    EXPECT_FALSE(std::isfinite(e.loss()));
    EXPECT_NE(std::string(e.what()).find("the loss became"), std::string::npos) << e.what();
  }
  EXPECT_EQ(step.optimizer().steps(), 0);
  EXPECT_TRUE(m.graph.value(m.graph.find("output.weight")).data.bitwise_equal(weights));
}

TEST(TrainStep, DropoutMasksFollowTheSeedAndTheStepCount) {
  const Dataset data = testing_data::quadrant_blobs(64, 5);
  auto losses = [&](std::uint64_t seed, int steps) {
    Model m = build_model(with_dropout());
    TrainStep step(m, OptimizerConfig{}, seed);
    std::vector<float> out;
    for (int s = 0; s < steps; ++s) out.push_back(step.step(batch_of(data, s).first, batch_of(data, s).second).loss);
    return out;
  };
  EXPECT_EQ(losses(7, 3), losses(7, 3));
  EXPECT_NE(losses(7, 3), losses(8, 3)) << "another seed, other dropout masks";

  // A step that continues from a saved optimizer (state and step count) draws the masks the
  // uninterrupted run draws at that step.
  const std::vector<float> whole = losses(7, 3);
  Model m = build_model(with_dropout());
  NamedTensors state;
  {
    TrainStep first(m, OptimizerConfig{}, 7);
    for (int s = 0; s < 2; ++s) first.step(batch_of(data, s).first, batch_of(data, s).second);
    state = first.optimizer().state();
  }
  TrainStep resumed(m, OptimizerConfig{}, 7);
  resumed.optimizer().load_state(state, 2);
  EXPECT_EQ(resumed.step(batch_of(data, 2).first, batch_of(data, 2).second).loss, whole[2]);
}

TEST(TrainStep, ExecutorOptionsComeFromTheCaller) {
  Model m = build_model(small_spec("dann-grf"));
  ExecutorOptions plain = training_executor_options(m);
  EXPECT_TRUE(plain.fuse && plain.hand_off_layouts);
  EXPECT_EQ(plain.loss, m.loss);
  plain.fuse = plain.hand_off_layouts = false;
  const Dataset data = testing_data::quadrant_blobs(32, 5);
  TrainStep fused(m, OptimizerConfig{}, 1);
  Model copy = build_model(small_spec("dann-grf"));
  TrainStep unfused(copy, OptimizerConfig{}, 1, plain);
  const auto [x, y] = batch_of(data, 0);
  // Fusion alone is bitwise; without the layout handoff the sums run in another order.
  EXPECT_NEAR(fused.step(x, y).loss, unfused.step(x, y).loss, 1e-5);
}

// With the executor's kernel timing, the step also times the optimizer's updates.
TEST(TrainStep, TimesTheUpdatesWithKernelTiming) {
  const Dataset data = testing_data::quadrant_blobs(32, 5);
  const auto [x, y] = batch_of(data, 0);
  for (const bool timed : {true, false}) {
    Model m = build_model(small_spec("dann-grf"));
    ExecutorOptions o = training_executor_options(m);
    o.time_kernels = timed;
    TrainStep step(m, OptimizerConfig{}, 1, o);
    step.step(x, y);
    EXPECT_EQ(step.update_seconds() > 0, timed);
    const int first = step.executor().forward_order().front();
    EXPECT_EQ(step.executor().kernel_time(first).forward > 0, timed);
    step.reset_times();
    EXPECT_EQ(step.update_seconds(), 0.0);
    EXPECT_EQ(step.executor().kernel_time(first).forward, 0.0);
  }
}

}  // namespace
}  // namespace dendrite
