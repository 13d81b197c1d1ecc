#include "tests/ops/op_harness.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "framework/core/error.h"

namespace dendrite::test {

std::vector<Tensor> make_inputs(const OpCase& c, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<Tensor> inputs;
  for (const InputSpec& spec : c.inputs) {
    Tensor t(spec.shape, spec.dtype);
    DENDRITE_ASSERT(spec.fill != nullptr, "case {}: an input has no fill", c.name);
    spec.fill(t, rng);
    inputs.push_back(t);
  }
  return inputs;
}

std::vector<Tensor> take_rows(const OpCase& c, const std::vector<Tensor>& inputs,
                              std::int64_t rows) {
  std::vector<Tensor> out = inputs;
  for (int i : c.batched) {
    const Tensor& full = inputs[static_cast<std::size_t>(i)];
    Shape shape = full.shape();
    shape[0] = rows;
    Tensor part(shape, full.dtype());
    std::memcpy(part.raw(), full.raw(), part.nbytes());  // rows are contiguous in dim 0
    out[static_cast<std::size_t>(i)] = part;
  }
  return out;
}

std::vector<Tensor> random_like(const std::vector<Tensor>& like, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<Tensor> out;
  for (const Tensor& t : like) {
    Tensor r(t.shape());
    uniform(-1.0f, 1.0f)(r, rng);
    out.push_back(r);
  }
  return out;
}

OpRunner::OpRunner(const OpCase& c, Backend backend)
    : case_(c), def_(&op_def(c.op)), kernel_(def_->make_kernel(c.attrs, backend)) {}

std::vector<Tensor> OpRunner::forward(const std::vector<Tensor>& inputs) {
  std::vector<TensorType> types;
  for (const Tensor& t : inputs) types.push_back({t.shape(), t.dtype()});
  const std::vector<TensorType> out_types = def_->infer(types, case_.attrs);
  std::vector<Tensor> outputs;
  for (const TensorType& t : out_types) outputs.emplace_back(t.shape, t.dtype);

  KernelArgs args;
  for (const Tensor& t : inputs) args.inputs.push_back(&t);
  for (Tensor& t : outputs) args.outputs.push_back(&t);
  args.training = case_.training;
  args.seed = case_.seed;
  kernel_->forward(args);
  return outputs;
}

std::vector<Tensor> OpRunner::backward(const std::vector<Tensor>& inputs,
                                       const std::vector<Tensor>& outputs,
                                       const std::vector<Tensor>& d_outputs) {
  std::vector<Tensor> d_inputs(inputs.size());
  KernelArgs args;
  for (const Tensor& t : inputs) args.inputs.push_back(&t);
  // The kernel API takes mutable outputs; backward only reads them.
  std::vector<Tensor> outs = outputs;
  for (Tensor& t : outs) args.outputs.push_back(&t);
  for (const Tensor& t : d_outputs) args.d_outputs.push_back(&t);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (def_->differentiable[i]) {
      // Pre-filled with NaN: a kernel that forgets to overwrite a gradient fails the tests.
      d_inputs[i] = Tensor(inputs[i].shape());
      d_inputs[i].fill(std::nanf(""));
      args.d_inputs.push_back(&d_inputs[i]);
    } else {
      args.d_inputs.push_back(nullptr);
    }
  }
  args.training = case_.training;
  args.seed = case_.seed;
  kernel_->backward(args);
  return d_inputs;
}

}  // namespace dendrite::test
