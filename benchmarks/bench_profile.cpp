#include "benchmarks/bench_profile.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "benchmarks/bench_batches.h"

namespace dendrite::bench {

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// The kernel times of one window, in seconds over all its steps, by part.
StepProfile kernel_parts(const Model& model, const Executor& e) {
  const int output_node = model.graph.value(model.logits).producer, loss_node = model.graph.value(model.loss).producer;
  StepProfile p;
  for (int n : e.forward_order()) {
    const Executor::KernelTime t = e.kernel_time(n);
    const double seconds = t.forward + t.backward;
    if (n == output_node) p.output_layer += seconds;
    else if (n == loss_node) p.loss += seconds;
    else p.layers += seconds;
    p.sync += t.wait;
  }
  return p;
}

// One window of s.runs steps, per step in milliseconds.
StepProfile profile_window(const Model& model, TrainStep& step, BatchStream& batches, const RateSettings& s) {
  step.reset_times();
  double gather = 0;
  const Clock::time_point start = Clock::now();
  std::int64_t runs = 0;
  while (runs < s.runs) {
    const Clock::time_point g0 = Clock::now();
    const Batch& b = batches.next();
    gather += seconds_since(g0);
    step.step(b.x, b.y);
    ++runs;
    if (s.max_seconds > 0 && seconds_since(start) > s.max_seconds) break;
  }
  const double total = seconds_since(start);
  StepProfile p = kernel_parts(model, step.executor());
  p.gather = gather;
  p.optimizer = step.update_seconds();
  p.step = total;
  p.other = std::max(0.0, total - (p.gather + p.layers + p.output_layer + p.loss + p.optimizer));
  const double per_step_ms = 1e3 / static_cast<double>(runs);
  for (double* v : {&p.step, &p.gather, &p.layers, &p.output_layer, &p.loss, &p.optimizer, &p.sync, &p.other})
    *v *= per_step_ms;
  p.measured = true;
  return p;
}
}  // namespace

std::string profile_text(const StepProfile& p) {
  return fmt::format("step {:.3f} ms = gather {:.3f} + layers {:.3f} (sync {:.3f}) + output layer {:.3f} + loss {:.3f} + "
                     "optimizer {:.3f} + other {:.3f}",
                     p.step, p.gather, p.layers, p.sync, p.output_layer, p.loss, p.optimizer, p.other);
}

nlohmann::json profile_json(const StepProfile& p) {
  return {{"step_ms", p.step},     {"gather_ms", p.gather},       {"layers_ms", p.layers},
          {"sync_ms", p.sync},     {"output_layer_ms", p.output_layer}, {"loss_ms", p.loss},
          {"optimizer_ms", p.optimizer}, {"other_ms", p.other}};
}

StepProfile profile_training(Model& model, const Dataset& train, const RateSettings& s, StepSettings settings) {
  settings.time_kernels = true;
  const std::unique_ptr<TrainStep> step = bench_train_step(model, settings);
  BatchStream batches(train, s.batch);
  for (std::int64_t i = 0; i < s.warmup; ++i) {
    const Batch& b = batches.next();
    step->step(b.x, b.y);
  }
  StepProfile best;
  for (std::int64_t r = 0; r < std::max<std::int64_t>(1, s.repeats); ++r) {
    const StepProfile p = profile_window(model, *step, batches, s);
    if (!best.measured || p.step < best.step) best = p;
  }
  return best;
}

}  // namespace dendrite::bench
