#include "tools/bench_workload.h"

#include "framework/model/variants.h"

namespace dendrite::tools {

namespace {
NamedTensors named_parameters(Graph& g) {
  NamedTensors out;
  for (ValueId p : g.parameters()) out.emplace_back(g.value(p).name, g.value(p).data);
  return out;
}
}  // namespace

ModelSpec bench_model_spec(const std::string& variant, std::int64_t D, std::int64_t S, std::uint64_t seed) {
  VariantOptions o;
  o.dendrites = D;
  o.somata = S;
  o.synapses = 16;
  o.seed = seed;
  return variant_spec(variant, o);
}

TrainLoop::TrainLoop(Model& model)
    : model_(model), exec_(model.graph, {Backend::optimized, {model.logits}, model.loss}) {
  optimizer_ = make_optimizer(OptimizerConfig{}, named_parameters(model.graph));
  grads_ = exec_.parameter_grads();
}

float TrainLoop::step(const Tensor& x, const Tensor& y) {
  exec_.set_input(model_.x, x);
  exec_.set_input(model_.y, y);
  exec_.forward(/*training=*/true, static_cast<std::uint64_t>(optimizer_->steps()));
  const float loss = exec_.value(model_.loss).f32()[0];
  exec_.backward();
  optimizer_->step(grads_);
  return loss;
}

InferenceLoop::InferenceLoop(Model& model) : model_(model), exec_(model.graph, {Backend::optimized, {model.logits}}) {}

const Tensor& InferenceLoop::run(const Tensor& x) {
  exec_.set_input(model_.x, x);
  exec_.forward(/*training=*/false);
  return exec_.value(model_.logits);
}

}  // namespace dendrite::tools
