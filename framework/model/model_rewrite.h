// Models rewritten or refilled: the same model in another form, and a model's weights copied in
// by name from wherever they are stored.
//
//   Model masked = rebuild_model(trained, {SparseImpl::masked});  // same values, masked ops
//   Model dense = densified_model(trained);   // sparse layers as dense layers of masked weights
//   if (has_sparse_layers(spec)) ...          // the sparse and masked paths differ
//
//   // A reader of a file format: every parameter and constant of `m`, by its value name.
//   copy_tensors_by_name(m, {"'run.ckpt'", "tensor"},
//                        [&](const std::string& name) { return find_in_file(name); });
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "framework/model/model.h"

namespace dendrite {

// The tensor a source stores under `name`, or nullopt when it holds none. It may throw Error
// (e.g. a stored tensor that cannot be decoded); the error then names the tensor.
using TensorLookup = std::function<std::optional<Tensor>(const std::string& name)>;

struct TensorSource {
  std::string label;             // names the source in errors: "'run/checkpoint.ckpt'"
  std::string noun = "tensor";   // what the source calls an entry: "tensor", "initializer", "value"
  bool constants_must_match = false;  // compare constants (the connectivity) instead of copying
};

// Copies every parameter and constant of `model` (in value order) from `lookup`, into the tensors
// the model already holds. Each must exist with the model's shape and dtype; errors name the source,
// the entry and what the model needs. With constants_must_match, constants are compared instead:
// for a model whose kernels may already have validated them.
void copy_tensors_by_name(Model& model, const TensorSource& source, const TensorLookup& lookup);

// The same model (spec and every parameter and constant value) built again with other options,
// e.g. a trained model switched between the sparse and the masked path. The values are copied.
Model rebuild_model(const Model& model, const BuildOptions& options);

// The same model with every sparse layer (dendritic, somatic and their masked forms) turned into a
// dense layer holding the masked weights (zeros where there is no connection): what exporting the
// paper's reference model gives. Same logits up to float rounding.
Model densified_model(const Model& model);

// True when a layer of `spec` has a sparse input or soma mask, so that its sparse and masked
// implementations differ (and densified_model changes it).
bool has_sparse_layers(const ModelSpec& spec);

}  // namespace dendrite
