// The test-size model: every variant of the paper at 8 x 8 x 1 inputs (the size of the
// quadrant-blob images in synthetic_data.h and of the tool tests' corpus), small enough that a
// training step takes microseconds.
//
//   Model m = build_model(small_spec("dann-grf"));
//   VariantOptions o = small_options();  // to change more first
//   o.layers = 2;
//   Model deep = build_model(variant_spec("dann-lrf", o));
//   Trainer(m, small_train_config(2)).fit(testing_data::quadrant_blobs(300, 1), Dataset{});
#pragma once

#include <cstdint>
#include <string>

#include "framework/model/model_spec.h"
#include "framework/model/variants.h"
#include "framework/train/trainer.h"

namespace dendrite::test {

// 8 x 8 x 1 inputs, 4 classes, seed 3; dendritic variants D = 4, S = 8, k = 6; the MLP one
// hidden layer of 16. The activations are variant_spec's defaults.
VariantOptions small_options();

// variant_spec(variant, small_options())
ModelSpec small_spec(const std::string& variant);

// How the end-to-end tests train it: `epochs` epochs of batch 32, seed 5, Adam at lr 1e-2, quiet.
TrainConfig small_train_config(std::int64_t epochs);

}  // namespace dendrite::test
