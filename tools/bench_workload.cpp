#include "tools/bench_workload.h"

#include <map>

#include "framework/core/error.h"
#include "framework/model/variants.h"
#include "ops/csr_index.h"
#include "ops/reference/masked_dense.h"

namespace dendrite::tools {

namespace {
bool is_csr_op(const std::string& op) { return op == "dendritic" || op == "masked_dendritic"; }
bool is_block_op(const std::string& op) { return op == "somatic" || op == "masked_somatic"; }

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

bool has_sparse_layers(const Model& model) {
  for (const Node& n : model.graph.nodes())
    if (is_csr_op(n.op) || is_block_op(n.op)) return true;
  return false;
}

ModelSpec bench_model_spec(const std::string& variant, std::int64_t D, std::int64_t S, std::uint64_t seed) {
  VariantOptions o;
  o.dendrites = D;
  o.somata = S;
  o.synapses = 16;
  o.seed = seed;
  return variant_spec(variant, o);
}

std::unique_ptr<TrainStep> bench_train_step(Model& model, bool executor_passes) {
  ExecutorOptions o = training_executor_options(model);
  o.fuse = executor_passes;
  o.hand_off_layouts = executor_passes;
  return std::make_unique<TrainStep>(model, OptimizerConfig{}, /*seed=*/0, o);
}

InferenceLoop::InferenceLoop(Model& model) : model_(model), exec_(model.graph, {Backend::optimized, {model.logits}}) {}

const Tensor& InferenceLoop::run(const Tensor& x) {
  exec_.set_input(model_.x, x);
  exec_.forward(/*training=*/false);
  return exec_.value(model_.logits);
}

}  // namespace dendrite::tools
