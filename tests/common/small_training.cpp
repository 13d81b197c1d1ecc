#include "tests/common/small_training.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "framework/train/train_step.h"

namespace dendrite::testing_data {

ModelSpec small_spec(const std::string& variant, VariantOptions o) {
  o.input = {8, 8, 1};
  o.classes = 4;
  o.dendrites = 4;
  o.somata = 8;
  o.synapses = 6;
  o.seed = 3;
  return variant_spec(variant, o);
}

std::vector<float> train_steps(Model& m, const Dataset& data, int steps, bool fuse, bool hand_off) {
  ExecutorOptions options = training_executor_options(m);
  options.fuse = fuse;
  options.hand_off_layouts = hand_off;
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

double max_relative_difference(const Tensor& a, const Tensor& b) {
  if (a.shape() != b.shape()) return std::numeric_limits<double>::infinity();
  double diff = 0, scale = 0;
  for (std::int64_t i = 0; i < a.numel(); ++i) {
    diff = std::max(diff, std::abs(double{a.f32()[i]} - b.f32()[i]));
    scale = std::max(scale, std::abs(double{b.f32()[i]}));
  }
  return scale > 0 ? diff / scale : diff;
}

}  // namespace dendrite::testing_data
