// The executor's passes, run once when it is made (Executor::analyze, in this file's order):
// pruning, ordering, the graph inputs read, kernels, layer fusion, activation fusion, layout
// handoff, which values need gradients, and the backward order. Fusion and handoff (executor.h:
// Layer fusion, Fusion, Layout handoff) work on the pruned order and the kernels of the optimized
// backend; kernels that support nothing (reference ones) make them no-ops.
#include <algorithm>

#include "framework/core/error.h"
#include "framework/graph/executor.h"
#include "framework/graph/layer_chain.h"
#include "ops/dendritic_layer.h"

namespace dendrite {

// Nodes needed for the wanted values: an iterative walk back from them.
std::vector<bool> Executor::needed_nodes(const std::vector<ValueId>& wanted) const {
  const auto& nodes = graph_.nodes();
  std::vector<bool> needed(nodes.size(), false);
  std::vector<ValueId> stack = wanted;
  while (!stack.empty()) {
    ValueId v = stack.back();
    stack.pop_back();
    int p = graph_.value(v).producer;
    if (p < 0 || needed[static_cast<std::size_t>(p)]) continue;
    needed[static_cast<std::size_t>(p)] = true;
    for (ValueId in : nodes[static_cast<std::size_t>(p)].inputs) stack.push_back(in);
  }
  return needed;
}

// Kahn's algorithm over the needed nodes: a node is ready when all its producers ran.
void Executor::order_nodes(const std::vector<bool>& needed) {
  const auto& nodes = graph_.nodes();
  std::vector<int> pending(nodes.size(), 0);
  std::vector<std::vector<int>> consumers(graph_.values().size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (!needed[i]) continue;
    for (ValueId in : nodes[i].inputs) {
      if (graph_.value(in).producer >= 0) ++pending[i];
      consumers[static_cast<std::size_t>(in)].push_back(static_cast<int>(i));
    }
  }
  std::vector<int> ready;
  for (std::size_t i = 0; i < nodes.size(); ++i)
    if (needed[i] && pending[i] == 0) ready.push_back(static_cast<int>(i));
  while (!ready.empty()) {
    // Smallest index first keeps the order stable and equal to the build order when possible.
    auto it = std::min_element(ready.begin(), ready.end());
    int n = *it;
    ready.erase(it);
    order_.push_back(n);
    for (ValueId out : nodes[static_cast<std::size_t>(n)].outputs)
      for (int c : consumers[static_cast<std::size_t>(out)])
        if (--pending[static_cast<std::size_t>(c)] == 0) ready.push_back(c);
  }
}

// The graph inputs the ordered nodes read: forward() requires exactly these to be bound.
void Executor::find_used_inputs() {
  std::vector<bool> used(graph_.values().size(), false);
  for (int n : order_)
    for (ValueId in : graph_.nodes()[static_cast<std::size_t>(n)].inputs) used[static_cast<std::size_t>(in)] = true;
  for (ValueId in : graph_.inputs())
    if (used[static_cast<std::size_t>(in)]) used_inputs_.push_back(in);
}

// One kernel per ordered node, of the requested backend; each node first runs its own op on its
// own inputs and outputs.
void Executor::make_kernels() {
  const auto& nodes = graph_.nodes();
  kernels_.resize(nodes.size());
  steps_.resize(nodes.size());
  for (int n : order_) {
    const Node& node = nodes[static_cast<std::size_t>(n)];
    Step& step = steps_[static_cast<std::size_t>(n)];
    step = {&find_op(node.op), node.attrs, node.inputs, node.outputs};
    try {
      kernels_[static_cast<std::size_t>(n)] = step.def->make_kernel(node.attrs, options_.backend);
    } catch (const Error& e) {
      throw Error(fmt::format("node '{}' ({}): {}", node.name, node.op, e.what()));
    }
  }
}

// Each dANN layer chain becomes one step at its dendritic node: the fused kernel on the chain's
// inputs, writing the soma activation's output; its other three nodes leave the order. A chain
// whose somatic weights are computed by a node (not parameters or constants) stays as it is: the
// fused kernel runs where the dendritic node did, maybe before that node.
void Executor::fuse_layers(const std::vector<ValueId>& wanted) {
  const auto& nodes = graph_.nodes();
  std::vector<bool> absorbed(nodes.size(), false);
  for (LayerChain& c : find_layer_chains(graph_, order_, wanted)) {
    bool leaves_only = true;
    for (std::size_t i = 1; i < c.inputs.size(); ++i) leaves_only = leaves_only && graph_.value(c.inputs[i]).producer < 0;
    if (!leaves_only) continue;
    const Node& node = nodes[static_cast<std::size_t>(c.dendritic)];
    Step step{&dendritic_layer_def(), std::move(c.attrs), std::move(c.inputs), {c.output}};
    try {
      kernels_[static_cast<std::size_t>(c.dendritic)] = step.def->make_kernel(step.attrs, options_.backend);
    } catch (const Error& e) {
      throw Error(fmt::format("node '{}' ({}): {}", node.name, step.def->name, e.what()));
    }
    steps_[static_cast<std::size_t>(c.dendritic)] = std::move(step);
    for (int n : {c.dendrite_activation, c.somatic, c.soma_activation}) {
      absorbed[static_cast<std::size_t>(n)] = true;
      kernels_[static_cast<std::size_t>(n)].reset();
    }
  }
  order_.erase(std::remove_if(order_.begin(), order_.end(),
                              [&](int n) { return absorbed[static_cast<std::size_t>(n)]; }),
               order_.end());
}

namespace {
// Per value: the node that reads it when it is read exactly once by the ordered nodes and is not
// requested (in `wanted`); -1 otherwise. Only such values may disappear into a fused kernel or be
// stored in a layout that only their producer and reader understand.
template <class Steps>
std::vector<int> sole_readers(std::size_t n_values, const Steps& steps, const std::vector<int>& order,
                              const std::vector<ValueId>& wanted) {
  std::vector<int> reads(n_values, 0);
  std::vector<int> reader(n_values, -1);
  for (int n : order) {
    for (ValueId in : steps[static_cast<std::size_t>(n)].inputs) {
      ++reads[static_cast<std::size_t>(in)];
      reader[static_cast<std::size_t>(in)] = n;
    }
  }
  for (ValueId w : wanted) ++reads[static_cast<std::size_t>(w)];
  for (std::size_t v = 0; v < reads.size(); ++v)
    if (reads[v] != 1) reader[v] = -1;
  return reader;
}
}  // namespace

void Executor::fuse_activations(const std::vector<ValueId>& wanted) {
  const auto& nodes = graph_.nodes();
  const std::vector<int> reader = sole_readers(graph_.values().size(), steps_, order_, wanted);
  std::vector<bool> absorbed(nodes.size(), false);
  for (int n : order_) {
    Step& step = steps_[static_cast<std::size_t>(n)];
    if (absorbed[static_cast<std::size_t>(n)] || step.outputs.size() != 1) continue;
    const auto z = static_cast<std::size_t>(step.outputs[0]);
    if (reader[z] < 0) continue;
    const Step& act = steps_[static_cast<std::size_t>(reader[z])];
    if (act.def->name != "activation") continue;
    if (!kernels_[static_cast<std::size_t>(n)]->fuse_activation(activation_from_attrs(act.attrs))) continue;
    step.outputs = act.outputs;
    absorbed[static_cast<std::size_t>(reader[z])] = true;
    kernels_[static_cast<std::size_t>(reader[z])].reset();
  }
  order_.erase(std::remove_if(order_.begin(), order_.end(),
                              [&](int n) { return absorbed[static_cast<std::size_t>(n)]; }),
               order_.end());
}

void Executor::hand_off_layouts(const std::vector<ValueId>& wanted) {
  const std::vector<int> reader = sole_readers(graph_.values().size(), steps_, order_, wanted);
  using Port = OpKernel::Port;
  for (int n : order_) {
    const std::vector<ValueId>& outs = steps_[static_cast<std::size_t>(n)].outputs;
    if (outs.size() != 1) continue;
    const auto y = static_cast<std::size_t>(outs[0]);
    if (reader[y] < 0) continue;
    const auto c = static_cast<std::size_t>(reader[y]);
    if (steps_[c].inputs[0] != outs[0] || graph_.value(outs[0]).type.shape.size() != 2) continue;
    OpKernel& producer = *kernels_[static_cast<std::size_t>(n)];
    OpKernel& consumer = *kernels_[c];
    if (!producer.supports_batch_inner(Port::output0) || !consumer.supports_batch_inner(Port::input0)) continue;
    producer.set_batch_inner(Port::output0);
    consumer.set_batch_inner(Port::input0);
    batch_inner_[y] = true;
  }
}

// A value needs a gradient when it is a parameter or a differentiable input of its producer needs
// one; parameter gradients are allocated here, once, for every plan.
void Executor::mark_gradients() {
  const Value& loss = graph_.value(options_.loss);
  DENDRITE_CHECK(shape_numel(loss.type.shape) == 1 && loss.type.dtype == DType::f32,
                 "executor: loss '{}' must be a single f32 value, got {}", loss.name, type_str(loss.type));
  for (std::size_t v = 0; v < graph_.values().size(); ++v)
    if (graph_.values()[v].kind == ValueKind::parameter) needs_grad_[v] = true;
  for (int n : order_) {
    const Step& step = steps_[static_cast<std::size_t>(n)];
    bool any = false;
    for (std::size_t i = 0; i < step.inputs.size(); ++i)
      any = any || (step.def->differentiable[i] && needs_grad_[static_cast<std::size_t>(step.inputs[i])]);
    for (ValueId out : step.outputs) needs_grad_[static_cast<std::size_t>(out)] = any;
  }
  DENDRITE_CHECK(needs_grad_[static_cast<std::size_t>(options_.loss)],
                 "executor: loss '{}' does not depend on any parameter", loss.name);
  for (ValueId p : graph_.parameters())
    param_grads_[static_cast<std::size_t>(p)] = Tensor(graph_.value(p).type.shape, DType::f32);
}

// Backward visits the ordered nodes that lead from a parameter to the loss, in reverse order.
void Executor::order_backward() {
  std::vector<bool> value_reaches(graph_.values().size(), false);
  value_reaches[static_cast<std::size_t>(options_.loss)] = true;
  for (auto it = order_.rbegin(); it != order_.rend(); ++it) {
    const std::vector<ValueId>& outs = steps_[static_cast<std::size_t>(*it)].outputs;
    bool reaches = false;
    for (ValueId out : outs) reaches = reaches || value_reaches[static_cast<std::size_t>(out)];
    if (!reaches || !needs_grad_[static_cast<std::size_t>(outs[0])]) continue;
    backward_order_.push_back(*it);
    for (ValueId in : steps_[static_cast<std::size_t>(*it)].inputs)
      value_reaches[static_cast<std::size_t>(in)] = true;
  }
}

}  // namespace dendrite
