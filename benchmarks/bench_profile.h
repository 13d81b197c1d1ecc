// Where a training step's time goes, for `dendrite-bench`: the step timed part by part with the
// executor's kernel timing (ExecutorOptions::time_kernels), in milliseconds per step:
//   gather        drawing the shuffled mini-batch (framework/data/batcher.h)
//   layers        the hidden layers' kernels, forward and backward (the fused dendritic-layer
//                 kernel, or dendritic, somatic and activation kernels without it; dropout)
//   output_layer  the node that writes the logits (the dense output layer), forward and backward
//   loss          the node that writes the loss (softmax cross-entropy), forward and backward
//   optimizer     the optimizer's update (Adam)
//   sync          of `layers`: time the threads waited in the kernels' own parallel regions
//                 (starting, barriers, the join; OpKernel::wait_seconds); measured by the fused
//                 layer kernel only, so 0 without it
//   other         the rest of the step (inputs, the loss check, the correct count, the executor)
//
//   StepProfile p = profile_training(model, train, {128, 5, 50, 5.0, 3}, settings);
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "benchmarks/bench_measure.h"
#include "benchmarks/bench_workload.h"
#include "framework/data/dataset.h"
#include "framework/model/model.h"

namespace dendrite::bench {

struct StepProfile {
  double step = 0, gather = 0, layers = 0, output_layer = 0, loss = 0, optimizer = 0, sync = 0, other = 0;
  bool measured = false;
};

// "step 3.10 ms = gather 0.20 + layers 2.00 (sync 0.10) + output layer 0.10 + loss 0.01 + optimizer
// 0.60 + other 0.19"; the same as JSON (milliseconds by part).
std::string profile_text(const StepProfile& p);
nlohmann::json profile_json(const StepProfile& p);

// s.runs steps (after s.warmup), s.repeats times; the repetition with the shortest step counts.
// settings.time_kernels is set here. Changes the model's weights.
StepProfile profile_training(Model& model, const Dataset& train, const RateSettings& s, StepSettings settings);

}  // namespace dendrite::bench
