// A few real training steps, shared by the tests that compare two ways of running the same
// model (masked against sparse, fused against unfused).
//
//   Model m = build_model(test::small_spec("dann-grf"));
//   std::vector<float> losses = train_steps(m, testing_data::quadrant_blobs(96, 5), 6);
#pragma once

#include <string>
#include <vector>

#include "framework/data/dataset.h"
#include "framework/graph/executor.h"
#include "framework/model/model.h"

namespace dendrite::testing_data {

// Losses of `steps` Adam steps (TrainStep, dropout seed 0) on consecutive batches of 16 from `data`; the model's weights
// change. `fuse` and `hand_off` are the executor's switches (ExecutorOptions::fuse and
// ExecutorOptions::hand_off_layouts).
std::vector<float> train_steps(Model& m, const Dataset& data, int steps, bool fuse = true, bool hand_off = true);

// The op of every node of m's graph, in graph order.
std::vector<std::string> ops_of(const Model& m);

}  // namespace dendrite::testing_data
