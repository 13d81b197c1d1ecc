#include "benchmarks/bench_workload.h"

#include "framework/model/variants.h"

namespace dendrite::bench {

ModelSpec bench_model_spec(const std::string& variant, std::int64_t D, std::int64_t S, std::uint64_t seed) {
  VariantOptions o;
  o.dendrites = D;
  o.somata = S;
  o.synapses = 16;
  o.seed = seed;
  return variant_spec(variant, o);
}

std::unique_ptr<TrainStep> bench_train_step(Model& model, const StepSettings& settings) {
  ExecutorOptions o = training_executor_options(model);
  o.fuse = settings.executor_passes;
  o.hand_off_layouts = settings.executor_passes;
  o.fuse_layers = settings.fuse_layers;
  o.time_kernels = settings.time_kernels;
  return std::make_unique<TrainStep>(model, OptimizerConfig{}, /*seed=*/0, o);
}

InferenceLoop::InferenceLoop(Model& model) : model_(model), exec_(model.graph, {Backend::optimized, {model.logits}}) {}

const Tensor& InferenceLoop::run(const Tensor& x) {
  exec_.set_input(model_.x, x);
  exec_.forward(/*training=*/false);
  return exec_.value(model_.logits);
}

}  // namespace dendrite::bench
