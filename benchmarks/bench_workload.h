// The timed workloads of `dendrite-bench`: one training step (the framework's TrainStep with
// Adam) and one inference pass, on a model built for the comparison, with everything allocated
// before the first timed call. A library (dendrite_bench_workloads) that dendrite-bench and
// dendrite_kernel_bench both link.
//
//   Model m = build_model(bench_model_spec("dann-grf", 16, 256, 1), {SparseImpl::masked});
//   auto train = bench_train_step(m);
//   StepSettings unfused;
//   unfused.fuse_layers = false;                  // without the fused dendritic-layer kernel
//   auto plain = bench_train_step(m, unfused);
//   train->step(x, y);                // x: f32 [N, 784], y: i32 [N]
//   InferenceLoop infer(m);
//   const Tensor& logits = infer.run(x);
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "framework/graph/executor.h"
#include "framework/model/model.h"
#include "framework/optim/optimizer.h"
#include "framework/train/train_step.h"

namespace dendrite::bench {

// A named variant (dann-r, dann-lrf, dann-grf, vann, ...) at D dendrites per soma and S somata,
// k = 16, for 28 x 28 x 1 images and 10 classes, the paper's LeakyReLU(0.1) activations.
ModelSpec bench_model_spec(const std::string& variant, std::int64_t D, std::int64_t S, std::uint64_t seed);

// The executor's settings of a timed training step (ExecutorOptions).
struct StepSettings {
  bool executor_passes = true;  // activation fusion and layout handoff
  bool fuse_layers = true;      // the fused dendritic-layer kernel (layer fusion)
  bool time_kernels = false;    // a profile: per-kernel times (costs a clock read per kernel call)
};

// The timed training step: the paper's optimizer (Adam, lr 1e-3), dropout seed 0.
std::unique_ptr<TrainStep> bench_train_step(Model& model, const StepSettings& settings = {});

class InferenceLoop {
 public:
  explicit InferenceLoop(Model& model);
  // Logits f32 [N, classes] for x: f32 [N, features]; valid until the next call.
  const Tensor& run(const Tensor& x);

 private:
  Model& model_;
  Executor exec_;
};

}  // namespace dendrite::bench
