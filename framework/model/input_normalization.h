// The input stage of a model: standardisation y = (x - mean) / std in front of the first layer
// (op normalize), with the mean and std of the training data. It is part of the model, not of the
// data: the statistics are graph constants, so checkpoints, ONNX export (Sub and Div with the
// statistics as initializers: the exported model takes raw [0, 1] inputs), import and
// `train --init` carry them like the connectivity, and every split (training, validation, test,
// and inference in ONNX Runtime) goes through the same stage.
//
//   spec.normalize = "feature";                     // per feature, or "global"
//   Model m = build_model(spec);                    // statistics 0 and 1 until fitted
//   fit_input_normalization(m, train.images);       // the training split's, after the validation split
//
// Statistics, computed in double over the N samples given:
//   feature:     mean_j and std_j of each feature j      (tensors of shape [F])
//   global:      one mean and std over all N * F values  (shape [1], broadcast over the features)
// std is the population standard deviation (divisor N, as sklearn's StandardScaler and Keras'
// Normalization layer), raised to at least kNormalizeStdFloor so that a feature that never varies
// in the training data (MNIST's border pixels) divides by the floor instead of by 0.
#pragma once

#include <string>

#include "framework/core/tensor.h"
#include "framework/graph/graph.h"
#include "framework/model/model.h"

namespace dendrite {

// One grey level of 8-bit image data scaled to [0, 1]: a feature whose spread in the training
// data is below it is scaled up by at most 255.
inline constexpr double kNormalizeStdFloor = 1.0 / 255.0;

inline constexpr const char* kInputMeanName = "input.mean";
inline constexpr const char* kInputStdName = "input.std";
inline constexpr const char* kInputNormalizeName = "input.normalize";

struct InputStatistics {
  Tensor mean;  // f32 [F] (feature) or [1] (global)
  Tensor std;   // same shape, every value >= kNormalizeStdFloor
};

// The statistics of x (f32 [N, F], N > 0) for `mode` ("feature" or "global").
InputStatistics input_statistics(const Tensor& x, const std::string& mode);

// Adds the stage for spec.normalize (not "none") to a graph being built: constants input.mean and
// input.std (0 and 1) and the normalize node reading `x`; returns the node's output.
ValueId add_input_normalization(Graph& graph, ValueId x, const ModelSpec& spec);

// Sets the statistics of a model built with normalization (shapes must match the model's).
void set_input_statistics(Model& model, const InputStatistics& stats);
// input_statistics(x, model.spec.normalize), then set_input_statistics. Nothing to do for a model
// without normalization.
void fit_input_normalization(Model& model, const Tensor& x);

}  // namespace dendrite
