#include "framework/model/model_rewrite.h"

#include <cstring>
#include <map>

#include "framework/core/error.h"
#include "ops/csr_index.h"
#include "ops/reference/masked_dense.h"

namespace dendrite {

namespace {
bool is_csr_op(const std::string& op) { return op == "dendritic" || op == "masked_dendritic"; }
bool is_block_op(const std::string& op) { return op == "somatic" || op == "masked_somatic"; }

std::string type_of(const Tensor& t) { return type_str({t.shape(), t.dtype()}); }

// The dense [n_out, n_in] weight of a sparse node of `g`.
Tensor dense_weight(const Graph& g, const Node& node) {
  const Tensor& w = g.value(node.inputs[1]).data;
  const std::int64_t n_out = g.value(node.inputs[2]).data.dim(0);
  if (is_block_op(node.op)) {
    const std::int64_t S = w.dim(0), D = w.dim(1);
    Tensor dense({S, S * D});
    reference::block_to_dense(S, D, w.f32(), dense.f32());
    return dense;
  }
  const Tensor& row_ptr = g.value(node.inputs[3]).data;
  const Tensor& col = g.value(node.inputs[4]).data;
  const std::int64_t n_in = g.value(node.inputs[0]).type.shape[1];
  const CsrIndex csr{n_out, n_in, col.numel(), row_ptr.i32(), col.i32()};
  Tensor dense({n_out, n_in});
  reference::csr_to_dense(csr, w.f32(), dense.f32());
  return dense;
}
}  // namespace

void copy_tensors_by_name(Model& model, const TensorSource& source, const TensorLookup& lookup) {
  for (ValueId id = 0; id < static_cast<ValueId>(model.graph.values().size()); ++id) {
    Value& v = model.graph.value(id);
    if (v.kind != ValueKind::parameter && v.kind != ValueKind::constant) continue;
    const std::optional<Tensor> found = lookup(v.name);
    DENDRITE_CHECK(found.has_value(), "{}: no {} '{}' for the model '{}' (it needs {})", source.label, source.noun,
                   v.name, model.spec.name, type_of(v.data));
    DENDRITE_CHECK(found->shape() == v.data.shape() && found->dtype() == v.data.dtype(),
                   "{}: {} '{}' is {}, the model needs {}", source.label, source.noun, v.name, type_of(*found),
                   type_of(v.data));
    if (v.kind == ValueKind::constant && source.constants_must_match) {
      DENDRITE_CHECK(found->bitwise_equal(v.data), "{}: {} '{}' differs from the model's", source.label,
                     source.noun, v.name);
      continue;
    }
    if (found->nbytes()) std::memcpy(v.data.raw(), found->raw(), found->nbytes());
  }
}

Model rebuild_model(const Model& model, const BuildOptions& options) {
  Model out = build_model(model.spec, options);
  copy_tensors_by_name(out, {fmt::format("rebuild_model of '{}'", model.spec.name), "value"},
                       [&model](const std::string& name) -> std::optional<Tensor> {
                         const ValueId from = model.graph.find(name);
                         if (from == kNoValue) return std::nullopt;
                         return model.graph.value(from).data;
                       });
  return out;
}

Model densified_model(const Model& model) {
  const Graph& g = model.graph;
  Model out;
  out.spec = model.spec;
  out.layers = model.layers;
  std::map<ValueId, ValueId> mapped;  // value of `model` -> value of `out`
  // Inputs first; parameters and constants when a node first uses them (so the sparse weights
  // and index tensors, which the dense layers replace, are never copied).
  for (ValueId in : g.inputs()) mapped[in] = out.graph.add_input(g.value(in).name, g.value(in).type);
  auto take = [&](ValueId id) {
    auto it = mapped.find(id);
    if (it != mapped.end()) return it->second;
    const Value& v = g.value(id);
    DENDRITE_ASSERT(v.kind == ValueKind::parameter || v.kind == ValueKind::constant,
                    "densified_model: value '{}' used before it is produced", v.name);
    const ValueId copy = v.kind == ValueKind::parameter ? out.graph.add_parameter(v.name, v.data.clone())
                                                        : out.graph.add_constant(v.name, v.data.clone());
    return mapped[id] = copy;
  };
  for (const Node& n : g.nodes()) {
    if (is_csr_op(n.op) || is_block_op(n.op)) {
      const ValueId w = out.graph.add_parameter(g.value(n.inputs[1]).name, dense_weight(g, n));
      mapped[n.outputs[0]] = out.graph.add_node("dense", {take(n.inputs[0]), w, take(n.inputs[2])}, {}, n.name);
      continue;
    }
    std::vector<ValueId> inputs;
    for (ValueId in : n.inputs) inputs.push_back(take(in));
    const std::vector<ValueId> outs = out.graph.add_node_multi(n.op, inputs, n.attrs, n.name);
    DENDRITE_ASSERT(outs.size() == n.outputs.size(), "densified_model: node '{}' changed its outputs", n.name);
    for (std::size_t i = 0; i < outs.size(); ++i) mapped[n.outputs[i]] = outs[i];
  }
  out.x = mapped.at(model.x);
  out.y = mapped.at(model.y);
  out.logits = mapped.at(model.logits);
  out.loss = mapped.at(model.loss);
  return out;
}

bool has_sparse_layers(const ModelSpec& spec) {
  for (const LayerSpec& l : spec.layers)
    if (l.type == "dendritic" && (!l.dense_input() || l.soma_connectivity != "dense")) return true;
  return false;
}

}  // namespace dendrite
