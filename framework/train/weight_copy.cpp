#include "framework/train/weight_copy.h"

#include <algorithm>

#include "framework/core/error.h"

namespace dendrite {

namespace {
// The parameter values of `graph`, in the order of graph.parameters().
std::vector<Tensor*> parameters(Graph& graph) {
  std::vector<Tensor*> out;
  for (ValueId p : graph.parameters()) out.push_back(&graph.value(p).data);
  return out;
}
}  // namespace

WeightCopy::WeightCopy(const Graph& graph) {
  for (ValueId p : graph.parameters()) {
    const Value& v = graph.value(p);
    DENDRITE_ASSERT(v.data.dtype() == DType::f32, "parameter '{}' is not f32", v.name);
    names_.push_back(v.name);
    values_.emplace_back(v.data.shape());
  }
}

void WeightCopy::capture(const Graph& graph) {
  const std::vector<ValueId> ps = graph.parameters();
  DENDRITE_ASSERT(ps.size() == values_.size(), "weight copy of {} parameters, graph has {}", values_.size(), ps.size());
  for (std::size_t i = 0; i < ps.size(); ++i) {
    const Tensor& from = graph.value(ps[i]).data;
    std::copy(from.f32(), from.f32() + from.numel(), values_[i].f32());
  }
}

void WeightCopy::swap_with(Graph& graph) {
  const std::vector<Tensor*> ps = parameters(graph);
  DENDRITE_ASSERT(ps.size() == values_.size(), "weight copy of {} parameters, graph has {}", values_.size(), ps.size());
  for (std::size_t i = 0; i < ps.size(); ++i)
    std::swap_ranges(ps[i]->f32(), ps[i]->f32() + ps[i]->numel(), values_[i].f32());
}

void WeightCopy::append_to(Checkpoint& ckpt, const std::string& prefix) const {
  for (std::size_t i = 0; i < values_.size(); ++i) ckpt.tensors.emplace_back(prefix + names_[i], values_[i]);
}

void WeightCopy::load(const Checkpoint& ckpt, const std::string& prefix) {
  for (std::size_t i = 0; i < values_.size(); ++i) {
    const Tensor& t = ckpt.tensor(prefix + names_[i]);
    DENDRITE_CHECK(t.dtype() == DType::f32 && t.shape() == values_[i].shape(),
                   "checkpoint '{}': tensor '{}{}' is {}{}, the model's parameter is f32{}", ckpt.path, prefix,
                   names_[i], dtype_name(t.dtype()), shape_str(t.shape()), shape_str(values_[i].shape()));
    std::copy(t.f32(), t.f32() + t.numel(), values_[i].f32());
  }
}

void WeightCopy::replace_in(Checkpoint& ckpt) const {
  for (auto& [name, tensor] : ckpt.tensors) {
    const auto it = std::find(names_.begin(), names_.end(), name);
    if (it != names_.end()) tensor = values_[static_cast<std::size_t>(it - names_.begin())];
  }
}

}  // namespace dendrite
