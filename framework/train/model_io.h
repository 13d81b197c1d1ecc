// Models in checkpoints: the spec goes into the checkpoint's JSON header, every parameter and
// constant (weights, biases, connectivity) into its tensors, under the graph's value names.
//
//   save_checkpoint(path, model_checkpoint(model));
//   Model m = load_model(path);   // rebuilds the graph from the spec, then loads the tensors
#pragma once

#include <string>

#include "framework/model/model.h"
#include "framework/train/checkpoint.h"

namespace dendrite {

Checkpoint model_checkpoint(const Model& model);

// Copies every parameter and constant of `model` from `ckpt` (by name; shapes and types must
// match; `source` names the file in errors). With constants_must_match, constants (the
// connectivity) are compared instead of copied: for a model whose kernels may already have seen them.
void restore_model_tensors(Model& model, const Checkpoint& ckpt, const std::string& source,
                           bool constants_must_match = false);

Model model_from_checkpoint(const Checkpoint& ckpt, const std::string& source);
Model load_model(const std::string& checkpoint_path);

}  // namespace dendrite
