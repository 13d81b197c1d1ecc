// The op interface. An op is defined once, in one file under ops/, by an OpDef:
//   - infer:       output types from input types and attributes (runs when a node is built);
//   - make_kernel: a kernel object for one node, for a backend (optimized or reference).
// A kernel object lives as long as the executor that owns it, so it may cache oneDNN
// primitives and intermediates (per batch size) between forward and backward.
//
// Adding an op <name>:
//   1. ops/<name>.cpp defining `OpDef make_<name>_op()`; X(<name>) in DENDRITE_OP_LIST
//      (ops/registry.h); the file in ops/CMakeLists.txt.
//   2. Its kernels: the optimized one (ops/cpu/ or ops/onednn/) and a plain reference one
//      (ops/reference/), each file in its folder's CMakeLists.txt.
//   3. Rows in the op test table, op_cases() in tests/ops/op_cases.cpp, at least one with
//      gradcheck on (kernel vs reference, finite-difference gradients).
//   4. One line in DENDRITE_ONNX_EXPORT_LIST (export/onnx_op_list.h): STANDARD(<name>) with
//      export/mappings/<name>.cpp defining `void emit_<name>(OnnxNodeWriter&)` (and the file in
//      export/CMakeLists.txt), SAME_AS(<name>, <other>), NOT_EXPORTED(<name>), or CUSTOM(<name>).
//   test_op_coverage (tests/export/op_coverage_test.cpp) fails while 3 or 4 is missing.
// Adding a custom op <name> (a graph op exported as an ai.dendrite op with a plugin kernel), on
// top of 1-3:
//   - its op file comes with its shape rule, ops/<name>_shape.h (a header-only ShapeRule,
//     ops/shape_rule.h); the OpDef takes its inputs from it (set_inputs_by_rule) and its `infer`
//     runs it (infer_by_rule, ops/infer_util.h);
//   - its kernels also include a forward the plugin can call without OpenMP or oneDNN (ops/cpu/),
//     whose source is added to dendrite_plugin_kernels in export/plugin/CMakeLists.txt;
//   - one export file, export/specs/<name>_spec.h, defining `const CustomOpSpec& <name>_spec()`
//     (export/specs/custom_op_spec.h: ONNX name, input docs, output, attributes, function body,
//     the shape rule); its #include and X(<name>) in DENDRITE_CUSTOM_OP_LIST
//     (export/specs/custom_op_list.h); CUSTOM(<name>) in DENDRITE_ONNX_EXPORT_LIST;
//   - one plugin file, export/plugin/<name>_op.cpp, defining `const OrtCustomOp*
//     plugin::<name>_op()` as a SpecOp<Kernel> (export/plugin/spec_op.h) whose Kernel checks each
//     call with KernelInputs and calls the ops/cpu forward; the file in the dendrite_ort_plugin
//     sources of export/plugin/CMakeLists.txt.
// The schema, the function body, the exported node, the importer's checks and the plugin's
// registration and shape checks then follow from the spec and the lists.
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
  // Seconds this kernel's threads have waited in its own parallel regions (starting, barriers,
  // the join; the mean over each team), summed over every call so far: the synchronisation a
  // profile reports. Kernels without such regions, or that do not measure them, return 0.
  virtual double wait_seconds() const { return 0.0; }
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
