#include "framework/train/train_step.h"

#include <chrono>
#include <cmath>

#include "framework/train/metrics.h"

namespace dendrite {

namespace {
NamedTensors named_parameters(Graph& g) {
  NamedTensors out;
  for (ValueId p : g.parameters()) out.emplace_back(g.value(p).name, g.value(p).data);
  return out;
}
}  // namespace

NonFiniteLoss::NonFiniteLoss(float loss)
    : Error(fmt::format("the loss became {}; the step stopped before the update", loss)), loss_(loss) {}

ExecutorOptions training_executor_options(const Model& model, Backend backend) {
  return ExecutorOptions{backend, {model.logits}, model.loss};
}

TrainStep::TrainStep(Model& model, const OptimizerConfig& optimizer, std::uint64_t seed)
    : TrainStep(model, optimizer, seed, training_executor_options(model)) {}

TrainStep::TrainStep(Model& model, const OptimizerConfig& optimizer, std::uint64_t seed,
                     const ExecutorOptions& options)
    : model_(model), seed_(seed), exec_(model.graph, options), timed_(options.time_kernels) {
  optimizer_ = make_optimizer(optimizer, named_parameters(model.graph));
  grads_ = exec_.parameter_grads();
}

TrainStep::~TrainStep() = default;

StepResult TrainStep::run_forward(const Tensor& x, const Tensor& y, bool training) {
  exec_.set_input(model_.x, x);
  exec_.set_input(model_.y, y);
  exec_.forward(training, training ? static_cast<std::uint64_t>(optimizer_->steps()) ^ (seed_ << 32) : 0);
  return {exec_.value(model_.loss).f32()[0], count_correct(exec_.value(model_.logits), y)};
}

StepResult TrainStep::step(const Tensor& x, const Tensor& y) {
  const StepResult r = run_forward(x, y, /*training=*/true);
  if (!std::isfinite(r.loss)) throw NonFiniteLoss(r.loss);
  exec_.backward();
  const auto t0 = timed_ ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
  optimizer_->step(grads_);
  if (timed_) update_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

void TrainStep::reset_times() {
  exec_.reset_kernel_times();
  update_seconds_ = 0;
}

StepResult TrainStep::evaluate(const Tensor& x, const Tensor& y) { return run_forward(x, y, /*training=*/false); }

const Tensor& TrainStep::logits() const { return exec_.value(model_.logits); }

}  // namespace dendrite
