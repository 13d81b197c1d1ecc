// A training step of a whole model on a synthetic MNIST-shaped batch, for the micro-benchmarks.
//
//   SyntheticStep step("dann-grf", /*D=*/16, /*S=*/256, SparseImpl::sparse, /*batch=*/128);
//   SyntheticStep plain(..., settings);   // StepSettings: without layer fusion, ...
//   step.run();
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "benchmarks/bench_workload.h"
#include "framework/core/tensor.h"
#include "framework/model/model.h"

namespace dendrite::bench {

class SyntheticStep {
 public:
  SyntheticStep(const std::string& variant, std::int64_t D, std::int64_t S, SparseImpl impl, std::int64_t batch,
                const StepSettings& settings = {});
  void run() { step_->step(x_, y_); }

 private:
  Model model_;
  std::unique_ptr<TrainStep> step_;  // after model_: it refers to it
  Tensor x_, y_;
};

}  // namespace dendrite::bench
