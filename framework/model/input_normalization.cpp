#include "framework/model/input_normalization.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "framework/core/error.h"

namespace dendrite {

InputStatistics input_statistics(const Tensor& x, const std::string& mode) {
  DENDRITE_CHECK(mode == "feature" || mode == "global",
                 "input normalization: unknown mode '{}' (known: feature, global)", mode);
  DENDRITE_CHECK(x.dtype() == DType::f32 && x.shape().size() == 2,
                 "input normalization: the data must be f32 [N, F], got {}{}", dtype_name(x.dtype()),
                 shape_str(x.shape()));
  const std::int64_t n = x.shape()[0], f = x.shape()[1];
  DENDRITE_CHECK(n > 0 && f > 0, "input normalization: no training data to compute statistics from ({} samples)", n);
  const bool per_feature = mode == "feature";
  const std::size_t k = per_feature ? static_cast<std::size_t>(f) : 1;
  const double count = per_feature ? static_cast<double>(n) : static_cast<double>(n) * static_cast<double>(f);
  const float* p = x.f32();
  // Two passes (mean, then squared deviations) in double.
  std::vector<double> mean(k, 0.0), var(k, 0.0);
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < f; ++j) mean[per_feature ? static_cast<std::size_t>(j) : 0] += p[i * f + j];
  for (double& m : mean) m /= count;
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j = 0; j < f; ++j) {
      const std::size_t c = per_feature ? static_cast<std::size_t>(j) : 0;
      const double d = static_cast<double>(p[i * f + j]) - mean[c];
      var[c] += d * d;
    }
  }
  InputStatistics s{Tensor({static_cast<std::int64_t>(k)}), Tensor({static_cast<std::int64_t>(k)})};
  for (std::size_t c = 0; c < k; ++c) {
    s.mean.f32()[c] = static_cast<float>(mean[c]);
    s.std.f32()[c] = static_cast<float>(std::max(std::sqrt(var[c] / count), kNormalizeStdFloor));
  }
  return s;
}

ValueId add_input_normalization(Graph& graph, ValueId x, const ModelSpec& spec) {
  DENDRITE_CHECK(spec.normalize == "feature" || spec.normalize == "global",
                 "model '{}': unknown normalize '{}' (known: none, feature, global)", spec.name, spec.normalize);
  const std::int64_t k = spec.normalize == "feature" ? spec.input_size() : 1;
  Tensor ones({k});
  std::fill(ones.f32(), ones.f32() + k, 1.0f);
  const ValueId mean = graph.add_constant(kInputMeanName, Tensor({k}));
  const ValueId std = graph.add_constant(kInputStdName, ones);
  return graph.add_node("normalize", {x, mean, std}, {}, kInputNormalizeName);
}

void set_input_statistics(Model& model, const InputStatistics& stats) {
  const ValueId mean = model.graph.find(kInputMeanName);
  const ValueId std = model.graph.find(kInputStdName);
  DENDRITE_CHECK(mean != kNoValue && std != kNoValue, "model '{}' has no input normalization", model.spec.name);
  for (const auto& [id, t] : {std::pair<ValueId, const Tensor*>{mean, &stats.mean}, {std, &stats.std}}) {
    Value& v = model.graph.value(id);
    DENDRITE_CHECK(t->dtype() == DType::f32 && t->shape() == v.data.shape(),
                   "model '{}': statistics '{}' are {}{}, the model needs {}{}", model.spec.name, v.name,
                   dtype_name(t->dtype()), shape_str(t->shape()), dtype_name(v.data.dtype()),
                   shape_str(v.data.shape()));
    std::copy(t->f32(), t->f32() + t->numel(), v.data.f32());
  }
}

void fit_input_normalization(Model& model, const Tensor& x) {
  if (model.spec.normalize == "none") return;
  set_input_statistics(model, input_statistics(x, model.spec.normalize));
}

}  // namespace dendrite
