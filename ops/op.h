// The op interface. An op is defined once, in one file under ops/, by an OpDef:
//   - infer:       output types from input types and attributes (runs when a node is built);
//   - make_kernel: a kernel object for one node, for a backend (optimized or reference).
// A kernel object lives as long as the executor that owns it, so it may cache oneDNN
// primitives and intermediates (per batch size) between forward and backward.
//
// Adding an op: write ops/<name>.cpp defining `OpDef make_<name>_op()`, add one line to
// DENDRITE_OP_LIST in ops/registry.h, and one row to the op test table (tests/ops/op_cases.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "framework/core/attrs.h"
#include "framework/core/tensor.h"
#include "ops/activation_kind.h"

namespace dendrite {

struct TensorType {
  Shape shape;  // dimension 0 may be kBatch
  DType dtype = DType::f32;
  bool operator==(const TensorType& o) const { return shape == o.shape && dtype == o.dtype; }
};

std::string type_str(const TensorType& t);  // "f32[N, 784]"

// Optimized kernels use oneDNN or hand-tuned loops; reference kernels are plain loops written
// for clarity, and tests compare the two.
enum class Backend { optimized, reference };

// What a kernel sees. Forward reads inputs and writes outputs. Backward reads inputs, outputs
// (the forward results) and d_outputs, and overwrites every non-null d_input.
struct KernelArgs {
  std::vector<const Tensor*> inputs;
  std::vector<Tensor*> outputs;
  std::vector<const Tensor*> d_outputs;
  std::vector<Tensor*> d_inputs;  // nullptr where no gradient is wanted
  bool training = false;
  std::uint64_t seed = 0;  // differs every step; for stochastic ops such as dropout

  // For forward(): may a backward of this step follow (training, and the output has a gradient
  // buffer), and would it write d_inputs[i]? Kernels use them to keep what a backward needs.
  bool expects_backward() const { return training && !d_outputs.empty() && d_outputs[0] != nullptr; }
  bool wants_d_input(std::size_t i) const { return i < d_inputs.size() && d_inputs[i] != nullptr; }
};

class OpKernel {
 public:
  virtual ~OpKernel() = default;
  virtual void forward(KernelArgs& args) = 0;
  virtual void backward(KernelArgs& args) = 0;
  // Fusion (the executor's, see framework/graph/executor.h): a kernel that can apply activation
  // `a` to its own output returns true, and from then on its output is f(its result), and
  // backward's d_outputs[0] is the gradient of f's output. Called once, before any forward().
  virtual bool fuse_activation(const Activation& a) {
    (void)a;
    return false;
  }
  // Layout handoff (the executor's): can the kernel take its input 0 (and write d_inputs[0]), or
  // write its output 0 (and take d_outputs[0]), batch-innermost: [features, N] in the same buffer?
  // The executor hands a value over that way when its producer and its only consumer both can,
  // and says so with set_batch_inner before any forward().
  enum class Port { input0, output0 };
  virtual bool supports_batch_inner(Port port) const {
    (void)port;
    return false;
  }
  virtual void set_batch_inner(Port port) { (void)port; }
};

struct OpDef {
  std::string name;
  int num_inputs = 1;
  int num_outputs = 1;
  // Per input: false for inputs that never get a gradient (indices, labels).
  std::vector<bool> differentiable;
  // Throws dendrite::Error naming the mismatch (both shapes); the graph adds the node's name.
  std::function<std::vector<TensorType>(const std::vector<TensorType>&, const Attrs&)> infer;
  std::function<std::unique_ptr<OpKernel>(const Attrs&, Backend)> make_kernel;
};

// Looks an op up by name; throws dendrite::Error listing the known ops if there is none.
const OpDef& find_op(const std::string& name);
std::vector<std::string> op_names();

}  // namespace dendrite
