// Every row of the op table: once warm (including a switch to a smaller batch and back), a
// forward + backward of the optimized kernel makes no more heap allocations than the row
// allows (none for our own kernels). Counts C++ allocations on every thread through a
// replacement of the global operator new, active only while a step is being measured.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "tests/ops/op_harness.h"

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};

void* counted_alloc(std::size_t n, std::size_t align) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1);
  if (n == 0) n = 1;
  void* p = align <= alignof(std::max_align_t) ? std::malloc(n)
                                               : std::aligned_alloc(align, (n + align - 1) / align * align);
  if (!p) throw std::bad_alloc();
  return p;
}
}  // namespace

void* operator new(std::size_t n) { return counted_alloc(n, 0); }
void* operator new[](std::size_t n) { return counted_alloc(n, 0); }
void* operator new(std::size_t n, std::align_val_t a) { return counted_alloc(n, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return counted_alloc(n, static_cast<std::size_t>(a)); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace dendrite::test {
namespace {

// Tensors and KernelArgs of one call, built once so that running a step allocates nothing.
struct Step {
  std::vector<Tensor> inputs, outputs, d_outputs, d_inputs;
  KernelArgs args;

  Step(const OpCase& c, std::vector<Tensor> in) : inputs(std::move(in)) {
    const OpDef& def = op_def(c.op);
    std::vector<TensorType> types;
    for (const Tensor& t : inputs) types.push_back({t.shape(), t.dtype()});
    for (const TensorType& t : def.infer(types, c.attrs)) outputs.emplace_back(t.shape, t.dtype);
    d_outputs = random_like(outputs, 3);
    for (std::size_t i = 0; i < inputs.size(); ++i)
      d_inputs.push_back(def.differentiable[i] ? Tensor(inputs[i].shape()) : Tensor());
    for (const Tensor& t : inputs) args.inputs.push_back(&t);
    for (Tensor& t : outputs) args.outputs.push_back(&t);
    for (const Tensor& t : d_outputs) args.d_outputs.push_back(&t);
    for (std::size_t i = 0; i < inputs.size(); ++i)
      args.d_inputs.push_back(def.differentiable[i] ? &d_inputs[i] : nullptr);
    args.training = c.training;
    args.seed = c.seed;
  }

  void run(OpKernel& kernel) {
    kernel.forward(args);
    kernel.backward(args);
  }
};

class SteadyState : public ::testing::TestWithParam<OpCase> {};

TEST_P(SteadyState, StepAllocatesNothing) {
  const OpCase& c = GetParam();
  std::unique_ptr<OpKernel> kernel = op_def(c.op).make_kernel(c.attrs, Backend::optimized);
  Step full(c, make_inputs(c, 1));
  full.run(*kernel);
  if (!c.batched.empty()) {
    const std::int64_t batch = full.inputs[static_cast<std::size_t>(c.batched[0])].dim(0);
    if (batch > 1) {
      Step part(c, take_rows(c, full.inputs, batch / 2));
      part.run(*kernel);
      full.run(*kernel);
      part.run(*kernel);
    }
  }
  g_allocations = 0;
  g_counting = true;
  full.run(*kernel);
  g_counting = false;
  EXPECT_LE(g_allocations.load(), c.allowed_allocations)
      << "heap allocations in a steady-state forward + backward";
}

INSTANTIATE_TEST_SUITE_P(Cases, SteadyState, ::testing::ValuesIn(op_cases()), CaseName());

}  // namespace
}  // namespace dendrite::test
