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

// The executor's optimizing passes (ExecutorOptions::fuse, hand_off_layouts, fuse_layers).
struct Passes {
  bool fuse = true, hand_off = true, layers = true;
};

// Losses of `steps` Adam steps (TrainStep, dropout seed 0) on consecutive batches of 16 from
// `data`, with the executor's passes `passes`; the model's weights change.
std::vector<float> train_steps(Model& m, const Dataset& data, int steps, Passes passes = {});

// The op of every node of m's graph, in graph order.
std::vector<std::string> ops_of(const Model& m);

}  // namespace dendrite::testing_data
