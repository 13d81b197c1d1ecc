// Executor: runs a Graph forward and, when given a loss, backward (reverse-mode autodiff).
//
//   Executor exec(graph, {Backend::optimized, /*outputs=*/{logits}, /*loss=*/loss});
//   exec.set_input(x, batch_x);             // shares the tensor's storage, no copy
//   exec.set_input(y, batch_y);
//   exec.forward(/*training=*/true, seed);
//   exec.backward();                        // d loss / d every parameter
//   const Tensor& g = exec.grad(weight);
//
// Planning. The executor orders the nodes needed for the requested outputs with dependency counts
// (Kahn's algorithm; nodes that feed no output are pruned), and for each batch size builds a plan
// once: concrete shapes (shape inference again, with the batch bound), one buffer per value and per
// gradient, and the argument lists of every kernel. A steady-state step therefore allocates nothing.
// Parameter gradients are allocated once and shared by all plans.
//
// Autodiff. A value needs a gradient when it is a parameter or a differentiable input of its
// producer needs one. backward() visits the nodes that lead from a parameter to the loss in reverse
// order; the first consumer of a value writes its gradient, later ones write into a scratch buffer
// that is added in (gradient accumulation where a value feeds several nodes). Every gradient is
// checked against the forward shape, and errors name the node.
//
// Fusion. With the optimized backend, a node whose single output is read only by an activation
// node (and is not requested) may take that activation into its kernel, as oneDNN post-ops do
// (OpKernel::fuse_activation; today dendritic and somatic take relu and leaky_relu). The
// activation node then leaves the order, the fused node writes the activation's output and
// receives its gradient, and the value between them is never materialized (value() refuses it).
// The fused kernels do the same float operations, so results are bitwise those of the unfused run.
//
// Layer fusion. With the optimized backend, each dANN layer, the chain dendritic -> activation
// -> somatic -> activation (framework/graph/layer_chain.h: its three inner values read by the
// chain alone, not requested, both activations rectifiers), runs as one fused dendritic-layer
// kernel (ops/dendritic_layer.h) in place of its four nodes (ExecutorOptions::fuse_layers). The
// kernel is listed in forward_order() under the dendritic node (kernel_name() says which it
// runs); it writes the soma activation's output, receives its gradient and gives the gradients
// of the chain's inputs. Its inner values are never materialized. Results agree with the
// unfused run to float rounding (the sums run in another order).
//
// Layout handoff. After fusion, a rank-2 value with exactly one reader (as its input 0), not
// requested, is stored batch-innermost ([features, N] in its [N, features] buffer, and so is its
// gradient) when its producer and reader both support that (OpKernel::supports_batch_inner; today
// dendritic and somatic). That is the sparse kernels' own layout, so both sides skip a transpose.
// Sums may then run in another order: results agree with the unfused run to float rounding.
//
// The graph must not change while an executor uses it (the executor keeps pointers into it).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "framework/graph/graph.h"
#include "ops/op.h"

namespace dendrite {

struct ExecutorOptions {
  Backend backend = Backend::optimized;
  std::vector<ValueId> outputs;  // values read after forward()
  ValueId loss = kNoValue;       // a scalar; when set, backward() is available
  bool fuse = true;              // let kernels take in the activation that follows them
  bool fuse_layers = true;       // run each dANN layer chain as one fused kernel (layer fusion)
  bool time_kernels = false;     // measure every kernel call's wall time (kernel_time)
  bool hand_off_layouts = true;  // let producer and reader agree on a batch-innermost layout
};

class Executor {
 public:
  Executor(Graph& graph, ExecutorOptions options);
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Binds a graph input for the next forward(). Checks dtype, rank and the non-batch dims; every
  // input with a batch dimension must agree on the batch size.
  void set_input(ValueId id, const Tensor& t);
  void forward(bool training, std::uint64_t seed = 0);
  void backward();

  const Tensor& value(ValueId id) const;  // after forward(): outputs, inputs, parameters, constants
  const Tensor& grad(ValueId param) const;  // after backward()
  // Gradients of graph.parameters(), in that order.
  std::vector<const Tensor*> parameter_grads() const;
  // The nodes run, in order: without fused activations and with one node per fused layer.
  const std::vector<int>& forward_order() const { return order_; }
  // The kernel node n of forward_order() runs: its op's, or "dendritic_layer" for a fused layer.
  const std::string& kernel_name(int n) const { return steps_.at(static_cast<std::size_t>(n)).def->name; }
  // True when layout handoff stores `id` batch-innermost between its producer and its reader.
  bool stored_batch_inner(ValueId id) const { return batch_inner_.at(static_cast<std::size_t>(id)); }
  const std::vector<int>& backward_order() const { return backward_order_; }

  // With ExecutorOptions::time_kernels: for node n of forward_order(), the wall seconds of its
  // kernel's forward and backward calls and the seconds its threads waited in the kernel's own
  // parallel regions (OpKernel::wait_seconds, part of the calls' time), summed since the
  // executor was made or since reset_kernel_times(). Zeros without time_kernels.
  struct KernelTime {
    double forward = 0, backward = 0, wait = 0;
  };
  KernelTime kernel_time(int n) const;
  void reset_kernel_times();

 private:
  struct Plan;
  Plan& plan_for(std::int64_t batch);
  std::unique_ptr<Plan> build_plan(std::int64_t batch);
  // analyze() runs the passes below once, in this order (executor_passes.cpp).
  void analyze();
  std::vector<bool> needed_nodes(const std::vector<ValueId>& wanted) const;  // pruning
  void order_nodes(const std::vector<bool>& needed);                          // order_
  void find_used_inputs();                                                    // used_inputs_
  void make_kernels();                                                        // kernels_, steps_
  void fuse_layers(const std::vector<ValueId>& wanted);
  void fuse_activations(const std::vector<ValueId>& wanted);
  void hand_off_layouts(const std::vector<ValueId>& wanted);                 // batch_inner_
  void mark_gradients();                                                      // needs_grad_, param_grads_
  void order_backward();                                                      // backward_order_

  Graph& graph_;
  ExecutorOptions options_;
  std::vector<int> order_;           // forward node order (pruned, fused, topological)
  // What a node runs after the passes: its op, or the fused layer's kernel definition, with the
  // attributes, the values it reads and those it writes (a fused activation's or layer's output).
  struct Step {
    const OpDef* def = nullptr;
    Attrs attrs;
    std::vector<ValueId> inputs, outputs;
  };
  std::vector<Step> steps_;          // per node
  std::vector<int> backward_order_;  // nodes visited by backward(), in visiting order
  std::vector<bool> needs_grad_;     // per value
  std::vector<bool> batch_inner_;    // per value: stored batch-innermost (layout handoff)
  std::vector<ValueId> used_inputs_;  // graph inputs read by the ordered nodes
  std::vector<std::unique_ptr<OpKernel>> kernels_;  // per node (null when pruned)
  std::vector<Tensor> param_grads_;  // per value; defined for parameters when training
  std::vector<Tensor> bound_inputs_;  // per value
  std::vector<KernelTime> times_;    // per node (time_kernels)
  std::vector<double> wait_base_;    // per node: the kernel's wait_seconds() at the last reset
  std::map<std::int64_t, std::unique_ptr<Plan>> plans_;
  Plan* current_ = nullptr;
};

}  // namespace dendrite
