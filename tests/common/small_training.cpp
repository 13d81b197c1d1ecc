#include "tests/common/small_training.h"

#include <algorithm>

#include "framework/optim/optimizer.h"

namespace dendrite::testing_data {

std::vector<float> train_steps(Model& m, const Dataset& data, int steps, bool fuse, bool hand_off) {
  ExecutorOptions options{Backend::optimized, {m.logits}, m.loss};
  options.fuse = fuse;
  options.hand_off_layouts = hand_off;
  Executor exec(m.graph, options);
  NamedTensors params;
  for (ValueId p : m.graph.parameters()) params.emplace_back(m.graph.value(p).name, m.graph.value(p).data);
  auto opt = make_optimizer(OptimizerConfig{}, params);
  const std::vector<const Tensor*> grads = exec.parameter_grads();
  std::vector<float> losses;
  constexpr std::int64_t kBatch = 16;
  for (int s = 0; s < steps; ++s) {
    Tensor x({kBatch, data.features()}), y({kBatch}, DType::i32);
    const std::int64_t first = (s * kBatch) % (data.size() - kBatch);
    std::copy_n(data.images.f32() + first * data.features(), x.numel(), x.f32());
    std::copy_n(data.labels.i32() + first, kBatch, y.i32());
    exec.set_input(m.x, x);
    exec.set_input(m.y, y);
    exec.forward(true, static_cast<std::uint64_t>(s));
    losses.push_back(exec.value(m.loss).f32()[0]);
    exec.backward();
    opt->step(grads);
  }
  return losses;
}

}  // namespace dendrite::testing_data
