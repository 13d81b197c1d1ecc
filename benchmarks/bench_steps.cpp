#include "benchmarks/bench_steps.h"

#include "framework/core/rng.h"

namespace dendrite::bench {

SyntheticStep::SyntheticStep(const std::string& variant, std::int64_t D, std::int64_t S, SparseImpl impl,
                             std::int64_t batch, const StepSettings& settings)
    : model_(build_model(bench_model_spec(variant, D, S, 1), {impl})),
      x_({batch, model_.spec.input_size()}),
      y_({batch}, DType::i32) {
  step_ = bench_train_step(model_, settings);
  Rng rng(7);
  for (std::int64_t i = 0; i < x_.numel(); ++i) x_.f32()[i] = static_cast<float>(rng.uniform());
  for (std::int64_t i = 0; i < batch; ++i)
    y_.i32()[i] = static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(model_.spec.classes)));
}

}  // namespace dendrite::bench
