#include "tests/common/small_training.h"

#include <algorithm>

#include "framework/train/train_step.h"

namespace dendrite::testing_data {

std::vector<float> train_steps(Model& m, const Dataset& data, int steps, Passes passes) {
  ExecutorOptions options = training_executor_options(m);
  options.fuse = passes.fuse;
  options.hand_off_layouts = passes.hand_off;
  options.fuse_layers = passes.layers;
  TrainStep step(m, OptimizerConfig{}, /*seed=*/0, options);
  std::vector<float> losses;
  constexpr std::int64_t kBatch = 16;
  for (int s = 0; s < steps; ++s) {
    Tensor x({kBatch, data.features()}), y({kBatch}, DType::i32);
    const std::int64_t first = (s * kBatch) % (data.size() - kBatch);
    std::copy_n(data.images.f32() + first * data.features(), x.numel(), x.f32());
    std::copy_n(data.labels.i32() + first, kBatch, y.i32());
    losses.push_back(step.step(x, y).loss);
  }
  return losses;
}

std::vector<std::string> ops_of(const Model& m) {
  std::vector<std::string> ops;
  for (const Node& n : m.graph.nodes()) ops.push_back(n.op);
  return ops;
}

}  // namespace dendrite::testing_data
