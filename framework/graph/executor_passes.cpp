// The executor's optimization passes (framework/graph/executor.h: Fusion, Layout handoff). They
// run once, when the executor is made, on the pruned order and the kernels of the optimized
// backend; kernels that support nothing (reference ones) make them no-ops.
#include <algorithm>

#include "framework/graph/executor.h"

namespace dendrite {

namespace {
// Per value: the node that reads it when it is read exactly once by the ordered nodes and is not
// requested (in `wanted`); -1 otherwise. Only such values may disappear into a fused kernel or be
// stored in a layout that only their producer and reader understand.
std::vector<int> sole_readers(const Graph& graph, const std::vector<int>& order, const std::vector<ValueId>& wanted) {
  std::vector<int> reads(graph.values().size(), 0);
  std::vector<int> reader(graph.values().size(), -1);
  for (int n : order) {
    for (ValueId in : graph.nodes()[static_cast<std::size_t>(n)].inputs) {
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
  const std::vector<int> reader = sole_readers(graph_, order_, wanted);
  std::vector<bool> absorbed(nodes.size(), false);
  for (int n : order_) {
    const Node& node = nodes[static_cast<std::size_t>(n)];
    if (absorbed[static_cast<std::size_t>(n)] || node.outputs.size() != 1) continue;
    const auto z = static_cast<std::size_t>(node.outputs[0]);
    if (reader[z] < 0) continue;
    const Node& act = nodes[static_cast<std::size_t>(reader[z])];
    if (act.op != "activation") continue;
    if (!kernels_[static_cast<std::size_t>(n)]->fuse_activation(activation_from_attrs(act.attrs))) continue;
    outputs_[static_cast<std::size_t>(n)] = act.outputs;
    absorbed[static_cast<std::size_t>(reader[z])] = true;
    kernels_[static_cast<std::size_t>(reader[z])].reset();
  }
  order_.erase(std::remove_if(order_.begin(), order_.end(),
                              [&](int n) { return absorbed[static_cast<std::size_t>(n)]; }),
               order_.end());
}

void Executor::hand_off_layouts(const std::vector<ValueId>& wanted) {
  const auto& nodes = graph_.nodes();
  const std::vector<int> reader = sole_readers(graph_, order_, wanted);
  using Port = OpKernel::Port;
  for (int n : order_) {
    const std::vector<ValueId>& outs = outputs_[static_cast<std::size_t>(n)];
    if (outs.size() != 1) continue;
    const auto y = static_cast<std::size_t>(outs[0]);
    if (reader[y] < 0) continue;
    const auto c = static_cast<std::size_t>(reader[y]);
    if (nodes[c].inputs[0] != outs[0] || graph_.value(outs[0]).type.shape.size() != 2) continue;
    OpKernel& producer = *kernels_[static_cast<std::size_t>(n)];
    OpKernel& consumer = *kernels_[c];
    if (!producer.supports_batch_inner(Port::output0) || !consumer.supports_batch_inner(Port::input0)) continue;
    producer.set_batch_inner(Port::output0);
    consumer.set_batch_inner(Port::input0);
    batch_inner_[y] = true;
  }
}

}  // namespace dendrite
