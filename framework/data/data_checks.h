// Checks on a training / test pair that can be made before the first epoch, so that a run does
// not train for hours and then fail, or silently train on data that cannot work.
//
//   check_same_sample_shape(train_shape, "a-images.idx", test_shape, "b-images.idx");  // Error
//   for (const std::string& w : check_training_data(train, test)) print("warning: " + w);
//
// Errors name the files involved; warnings are returned (the library does not print).
#pragma once

#include <string>
#include <vector>

#include "framework/core/tensor.h"
#include "framework/data/dataset.h"

namespace dendrite {

// Error naming both files and both shapes ({H, W, C}) when they differ.
void check_same_sample_shape(const Shape& train, const std::string& train_file, const Shape& test,
                             const std::string& test_file);

// Error when the training labels hold fewer than two distinct classes (nothing to learn), or when
// a label lies outside [0, num_classes) of its set. Returns the warnings:
// - test labels of classes that never occur in training (listed, with how many test samples);
// - image values outside [0, 1] (the inputs the models are built for), with the range found,
//   unless `normalized` (the model standardises its inputs itself: --normalize).
std::vector<std::string> check_training_data(const Dataset& train, const Dataset& test, bool normalized = false);

}  // namespace dendrite
