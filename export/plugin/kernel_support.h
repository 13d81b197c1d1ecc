// Pieces shared by the plugin's kernels: naming the node in messages, reading the inputs of one
// call and checking them against the op's spec (export/specs: count, element type by kind, rank,
// the shape rule), and turning exceptions into OrtStatus at the C boundary.
//
//   OrtStatusPtr ComputeV2(OrtKernelContext* context) {
//     return plugin::guarded(label_.c_str(), [&] {
//       const plugin::KernelInputs in(context, label_, somatic_spec());   // every input checked
//       const plugin::TensorArg& x = in.input(0);
//       float* y = in.output();                                           // [N, S], by the rule
//     });
//   }
//
// Every check throws dendrite::Error whose message starts with the node label, e.g.
// "Dendritic node 'layer0.dendrites': input W must be float, got double".
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "export/plugin/ort_headers.h"
#include "export/specs/custom_op_spec.h"
#include "framework/core/error.h"

namespace dendrite::plugin {

// "float", "int32", "int64", ...; "type <n>" for a type without a name here.
std::string element_type_name(ONNXTensorElementDataType type);

// "<op> node '<name>'"; a node without a name is named by its first output instead.
std::string node_label(const char* op, const OrtKernelInfo* info);

// One input tensor of the current call (ORT owns the data).
struct TensorArg {
  const char* name = "";
  ONNXTensorElementDataType type = ONNX_TENSOR_ELEMENT_DATA_TYPE_UNDEFINED;
  std::vector<std::int64_t> shape;
  const void* data = nullptr;

  std::int64_t dim(std::size_t i) const { return shape[i]; }
  std::int64_t numel() const;
  const float* f32() const { return static_cast<const float*>(data); }
};

// The type, shape and data of a tensor value (unchecked).
TensorArg tensor_arg(const char* name, const Ort::ConstValue& value);
// Throws Error unless t, input i of `spec`, has the element type of its kind (float values;
// int32 or int64 indices) and its rank.
void check_input(const std::string& label, const CustomOpSpec& spec, std::size_t i, const TensorArg& t);
// The spec's shape rule on these inputs: "" or the problem ("B [3] must have one entry per ...").
std::string shape_problem(const CustomOpSpec& spec, const std::vector<TensorArg>& inputs);

// The inputs and outputs of one kernel call, with checks that name the node and the input.
class KernelInputs {
 public:
  // Reads every input and checks the call against the spec: exactly its inputs and one output,
  // each input present, a tensor, of its kind's type and its rank, then the shape rule.
  KernelInputs(OrtKernelContext* context, const std::string& label, const CustomOpSpec& spec);

  const TensorArg& input(std::size_t i) const { return inputs_.at(i); }
  // Allocates the (float) output, with the dimensions the shape rule gives.
  float* output() const;

  // Calls fn(begin, count) for the rows [begin, begin + count) of [0, n), `chunk` rows at a time,
  // on ONNX Runtime's intra-op thread pool (see NOTE [plugin threading] in CMakeLists.txt). fn
  // runs on ORT's threads and must not throw: allocate and check everything before.
  template <typename Fn>
  void for_each_chunk(std::int64_t n, std::int64_t chunk, const Fn& fn) const;

 private:
  Ort::KernelContext context_;
  const std::string& label_;
  const CustomOpSpec& spec_;
  std::vector<TensorArg> inputs_;
};

template <typename Fn>
void KernelInputs::for_each_chunk(std::int64_t n, std::int64_t chunk, const Fn& fn) const {
  const std::int64_t chunks = (n + chunk - 1) / chunk;
  if (chunks <= 1) {
    if (n > 0) fn(std::int64_t{0}, n);
    return;
  }
  struct Job {
    const Fn* fn;
    std::int64_t n, chunk;
  } job{&fn, n, chunk};
  auto run_chunk = [](void* data, std::size_t c) noexcept {
    const Job& j = *static_cast<const Job*>(data);
    const std::int64_t begin = static_cast<std::int64_t>(c) * j.chunk;
    (*j.fn)(begin, std::min(j.chunk, j.n - begin));
  };
  context_.ParallelFor(run_chunk, static_cast<std::size_t>(chunks), 0, &job);
}

// Scratch for a chunk function (for_each_chunk): at least `floats` floats owned by the calling
// thread, valid until its next call; it only grows, so steady-state calls allocate nothing and a
// chunk's working set stays the chunk's size whatever the batch. nullptr when it cannot grow
// (the chunk function must then record the failure; the kernel reports it after the loop).
float* thread_scratch(std::size_t floats) noexcept;

// Runs fn and returns nullptr, or an OrtStatus describing the exception it threw: bad input
// (dendrite::Error, whose message already names the node) is ORT_INVALID_ARGUMENT; any other
// exception keeps its ORT code or becomes ORT_FAIL, its message prefixed with `label`.
// Never throws: this is where the plugin's C++ exceptions stop.
OrtStatusPtr status_from_current_exception(const char* label) noexcept;
template <typename Fn>
OrtStatusPtr guarded(const char* label, Fn&& fn) noexcept {
  try {
    fn();
    return nullptr;
  } catch (...) {
    return status_from_current_exception(label);
  }
}

}  // namespace dendrite::plugin
