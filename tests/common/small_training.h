// Small models and a few real training steps, shared by the tests that compare two ways of
// running the same model (masked against sparse, fused against unfused).
//
//   Model m = build_model(small_spec("dann-grf"));
//   std::vector<float> losses = train_steps(m, testing_data::quadrant_blobs(96, 5), 6);
#pragma once

#include <string>
#include <vector>

#include "framework/data/dataset.h"
#include "framework/graph/executor.h"
#include "framework/model/model.h"
#include "framework/model/variants.h"

namespace dendrite::testing_data {

// Variant `variant` on 8 x 8 inputs, 4 classes, D = 4, S = 8, k = 6, seed 3; `o` may change more.
ModelSpec small_spec(const std::string& variant, VariantOptions o = {});

// Losses of `steps` Adam steps on consecutive batches of 16 from `data`; the model's weights
// change. `fuse` and `hand_off` are the executor's switches (ExecutorOptions::fuse and
// ExecutorOptions::hand_off_layouts).
std::vector<float> train_steps(Model& m, const Dataset& data, int steps, bool fuse = true, bool hand_off = true);

// max |a - b| / max |b| over all elements (max |a - b| when b is all zeros); infinity when the
// shapes differ.
double max_relative_difference(const Tensor& a, const Tensor& b);

}  // namespace dendrite::testing_data
