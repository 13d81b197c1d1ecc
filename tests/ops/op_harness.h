// Runs one row of the op test table through an op's kernel without an executor: builds the
// KernelArgs directly (inputs, outputs from shape inference, d_outputs, d_inputs).
//
//   OpRunner run(op_case, Backend::reference);
//   std::vector<Tensor> in = make_inputs(op_case, /*seed=*/1);
//   std::vector<Tensor> y = run.forward(in);
//   std::vector<Tensor> d_in = run.backward(in, y, d_y);   // undefined where not differentiable
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ops/op.h"
#include "tests/ops/op_cases.h"

namespace dendrite::test {

// Fresh input tensors for a case, filled by its InputSpecs from Rng(seed).
std::vector<Tensor> make_inputs(const OpCase& c, std::uint64_t seed);
// The first `rows` rows of every batched input (dim 0); other inputs are shared as they are.
std::vector<Tensor> take_rows(const OpCase& c, const std::vector<Tensor>& inputs, std::int64_t rows);
// One f32 tensor per output type, uniform in [-1, 1) from Rng(seed).
std::vector<Tensor> random_like(const std::vector<Tensor>& like, std::uint64_t seed);

class OpRunner {
 public:
  OpRunner(const OpCase& c, Backend backend);

  const OpDef& def() const { return *def_; }
  // Runs shape inference on the concrete input types, then the kernel's forward.
  std::vector<Tensor> forward(const std::vector<Tensor>& inputs);
  // Gradients of every differentiable input (undefined Tensor for the others).
  std::vector<Tensor> backward(const std::vector<Tensor>& inputs,
                               const std::vector<Tensor>& outputs,
                               const std::vector<Tensor>& d_outputs);

 private:
  OpCase case_;  // a copy: callers may pass a temporary
  const OpDef* def_;
  std::unique_ptr<OpKernel> kernel_;
};

}  // namespace dendrite::test
