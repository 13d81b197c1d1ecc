// The op test table: one row per (op, attributes, concrete input shapes, how to fill them).
// The same rows drive every test mode:
//   test_ops       (label unit):      optimized kernel vs reference kernel, forward and every
//                                     gradient, to `tolerance` relative; bitwise repeatability;
//                                     one kernel object reused across batch sizes;
//                                     no heap allocation in a steady-state step;
//   test_gradcheck (label gradcheck): central finite differences of loss = sum(y * r) against
//                                     the backward of both backends, for every differentiable
//                                     input.
//
// Adding a row (one entry in op_cases() in op_cases.cpp):
//   cases.push_back(OpCase{"dense_N1", "dense", {}, {f32({1, 8}), f32({5, 8}), f32({5})}});
//   OpCase c{"relu_2d", "activation", {{"kind", std::string("relu")}},
//            {f32({6, 7}, away_from_zero(0.1f, 3.0f))}};
//   c.batched = {0};   // input 0 has the batch in dim 0: also run a partial batch
//   cases.push_back(c);
// Integer inputs use labels(shape, num_classes) or given(tensor) (fixed contents, e.g. CSR
// indices built by a helper when the table is made).
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "framework/core/attrs.h"
#include "framework/core/rng.h"
#include "framework/core/tensor.h"
#include "ops/op.h"

namespace dendrite::test {

using FillFn = std::function<void(Tensor&, Rng&)>;

// f32 values uniform in [lo, hi).
FillFn uniform(float lo, float hi);
// f32 values with |v| uniform in [margin, hi) and a random sign: keeps ReLU-family inputs away
// from the kink at 0 by more than the finite-difference step.
FillFn away_from_zero(float margin, float hi);

struct InputSpec {
  Shape shape;
  DType dtype = DType::f32;
  FillFn fill;
};

InputSpec f32(Shape shape, FillFn fill = uniform(-1.0f, 1.0f));
// i32 values uniform in [0, num_classes).
InputSpec labels(Shape shape, int num_classes);
// Fixed contents (copied for each run), f32 or i32.
InputSpec given(Tensor t);

struct OpCase {
  OpCase(std::string name_, std::string op_, Attrs attrs_, std::vector<InputSpec> inputs_)
      : name(std::move(name_)), op(std::move(op_)), attrs(std::move(attrs_)),
        inputs(std::move(inputs_)) {}

  std::string name;  // unique; letters, digits and '_' (it becomes the test name)
  std::string op;
  Attrs attrs;
  std::vector<InputSpec> inputs;
  // Inputs whose dim 0 is the batch; when non-empty (and the batch > 1) test_ops also runs a
  // smaller batch (the first rows) and the full batch again through the same kernel objects.
  std::vector<int> batched;
  bool training = false;
  std::uint64_t seed = 7;        // KernelArgs::seed
  double tolerance = 1e-5;       // optimized vs reference: max|a - b| / max|b|
  bool gradcheck = true;         // false: test_gradcheck skips the row (rows that exist only
                                 // to exercise threading; gradcheck runs on one thread)
  double grad_step = 1e-2;       // finite-difference step (inputs are f32)
  double grad_tolerance = 2e-3;  // max|fd - analytic| / max|analytic|, per input
  // Heap allocations allowed in one steady-state forward + backward of the optimized kernel.
  // Our kernels allocate nothing once warm; oneDNN allocates a small execution context in every
  // primitive call (a few blocks each), so rows of oneDNN-backed ops set kOneDnnAllocations.
  int allowed_allocations = 0;
};

// Allocation allowance for rows whose optimized kernel runs oneDNN primitives. Creating a
// primitive costs hundreds of allocations, so a kernel that rebuilt its primitives would still
// fail.
inline constexpr int kOneDnnAllocations = 32;

const std::vector<OpCase>& op_cases();
// The rows of the fused dANN layer kernel (op_cases_layer.cpp), part of op_cases().
void add_dendritic_layer_cases(std::vector<OpCase>& cases);
// The definition a row's `op` names: an op of the op list, or the fused layer kernel.
const OpDef& op_def(const std::string& name);

// A random CSR index (ops/csr_index.h) for rows of the sparse ops: row j gets a number of
// connections uniform in [min_len, max_len] (rows listed in empty_rows get none), to distinct
// inputs in random order.
struct CsrTensors {
  Tensor row_ptr;  // [n_out + 1] i32
  Tensor col;      // [nnz] i32
  std::int64_t nnz = 0;
};
CsrTensors random_csr(std::int64_t n_out, std::int64_t n_in, std::int64_t min_len,
                      std::int64_t max_len, std::uint64_t seed,
                      const std::vector<std::int64_t>& empty_rows = {});

// gtest prints a case by its name (instead of its bytes).
void PrintTo(const OpCase& c, std::ostream* os);

// Names gtest's parameterized tests after the case:
//   INSTANTIATE_TEST_SUITE_P(Cases, MyTest, ::testing::ValuesIn(op_cases()), CaseName());
struct CaseName {
  template <class ParamInfo>
  std::string operator()(const ParamInfo& p) const {
    return p.param.name;
  }
};

}  // namespace dendrite::test
