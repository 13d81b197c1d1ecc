// The expected cost of a sweep run, used to hand out the largest runs first and for the ETA.
//
// A training step costs, per sample, about a_dense per weight of a dense layer (oneDNN GEMM),
// a_sparse per existing connection of a sparse layer (dendrite's CSR kernels, several times slower
// per connection than a GEMM) and a fixed a_sample (batch gather, loss, optimizer and framework
// overheads per sample); forward-only evaluation costs a third of that. So
//
//   seconds = a_run + (epochs * train_samples + (epochs * validation_samples + test_samples) / 3)
//                     * (a_dense * dense_weights + a_sparse * sparse_weights + a_sample)
//
// in seconds of one core. The constants are fitted to single-threaded runs on the development
// machine (README, "Sweeps"); other machines scale them, which the sweep's ETA corrects for by
// measuring how fast costs are actually finished.
#pragma once

#include <cstdint>

#include "framework/model/model_spec.h"

namespace dendrite {

struct WeightCounts {
  std::int64_t dense = 0;   // weights of dense layers (hidden, output, dense dendrite/soma masks)
  std::int64_t sparse = 0;  // existing connections of sparse layers (random, RF, block masks)
  std::int64_t biases = 0;
  std::int64_t parameters() const { return dense + sparse + biases; }
};

// Counted from the spec as build_model builds it (random masks: k per dendrite on average;
// receptive fields: k per dendrite and channel).
WeightCounts count_weights(const ModelSpec& spec);

struct RunCostInputs {
  std::int64_t epochs = 0;
  std::int64_t train_samples = 0;       // after the validation split
  std::int64_t validation_samples = 0;  // evaluated after every epoch
  std::int64_t test_samples = 0;        // evaluated once
};

// Estimated single-core seconds of one run.
double estimate_run_seconds(const ModelSpec& spec, const RunCostInputs& inputs);

}  // namespace dendrite
