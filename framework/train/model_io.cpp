#include "framework/train/model_io.h"

#include <algorithm>

#include "framework/core/error.h"
#include "framework/core/version.h"
#include "framework/model/model_rewrite.h"

namespace dendrite {

Checkpoint model_checkpoint(const Model& model) {
  Checkpoint c;
  c.meta["format"] = "dendrite-model";
  c.meta["framework_version"] = framework_version();
  c.meta["model"] = to_json(model.spec);
  for (const Value& v : model.graph.values())
    if (v.kind == ValueKind::parameter || v.kind == ValueKind::constant) c.tensors.emplace_back(v.name, v.data);
  return c;
}

void restore_model_tensors(Model& model, const Checkpoint& ckpt, const std::string& source,
                           bool constants_must_match) {
  copy_tensors_by_name(model, {fmt::format("'{}'", source), "tensor", constants_must_match},
                       [&ckpt](const std::string& name) -> std::optional<Tensor> {
                         if (const Tensor* t = ckpt.find(name)) return *t;
                         return std::nullopt;
                       });
}

Model model_from_checkpoint(const Checkpoint& ckpt, const std::string& source) {
  DENDRITE_CHECK(ckpt.meta.contains("model"), "'{}' holds no model description", source);
  ModelSpec spec;
  try {
    spec = model_spec_from_json(ckpt.meta["model"]);
  } catch (const Error& e) {
    throw Error(fmt::format("'{}': {}", source, e.what()));
  }
  // A big model that promises more weights than the file holds is refused before it is built
  // (and allocated); see kMaxModelParametersBuiltUnchecked.
  std::int64_t stored = 0;
  for (const auto& entry : ckpt.tensors)
    if (entry.second.dtype() == DType::f32) stored += entry.second.numel();
  DENDRITE_CHECK(spec.min_parameter_count() <= std::max(stored, kMaxModelParametersBuiltUnchecked),
                 "'{}': the model description needs at least {} parameters, but the file holds only {} f32 values",
                 source, spec.min_parameter_count(), stored);
  Model m = build_model(spec);
  restore_model_tensors(m, ckpt, source);
  return m;
}

Model load_model(const std::string& checkpoint_path) {
  return model_from_checkpoint(load_checkpoint(checkpoint_path), checkpoint_path);
}

}  // namespace dendrite
