// The kernel side of the executor's fusion and layout handoff: dendritic and somatic kernels with
// a fused leaky ReLU and with input 0 and/or output 0 batch-innermost must compute what the plain
// kernel computes (row-major, no activation) followed by the activation, forward and every
// gradient, on batches that cover vector tails, partial tiles and threads.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "framework/core/rng.h"
#include "ops/cpu/transpose.h"
#include "ops/op.h"
#include "tests/common/relative_error.h"
#include "tests/ops/op_cases.h"
#include "tests/common/small_training.h"

namespace dendrite {
namespace {

using Port = OpKernel::Port;

Tensor random_tensor(Shape shape, std::uint64_t seed) {
  Tensor t(std::move(shape));
  Rng rng(seed);
  for (std::int64_t i = 0; i < t.numel(); ++i) t.f32()[i] = static_cast<float>(rng.uniform(-1.0, 1.0));
  return t;
}

// [rows, cols] -> [cols, rows], same shape label (the executor keeps the logical shape).
Tensor transposed(const Tensor& t) {
  Tensor out(t.shape());
  cpu::transpose(t.f32(), t.dim(0), t.dim(1), out.f32());
  return out;
}
Tensor untransposed(const Tensor& t) {  // the inverse: [cols, rows] data back to [rows, cols]
  Tensor out(t.shape());
  cpu::transpose(t.f32(), t.dim(1), t.dim(0), out.f32());
  return out;
}

struct LayerRun {
  Tensor y, d_x, d_w, d_b;
};

// One forward + backward of `kernel` on (inputs, d_y). Gradients for w, b and (with_d_x) x.
LayerRun run(OpKernel& kernel, const std::vector<Tensor>& inputs, const Tensor& y_shape, const Tensor& d_y,
             bool with_d_x = true) {
  LayerRun r{Tensor(y_shape.shape()), Tensor(inputs[0].shape()), Tensor(inputs[1].shape()), Tensor(inputs[2].shape())};
  KernelArgs a;
  for (const Tensor& t : inputs) a.inputs.push_back(&t);
  a.outputs = {&r.y};
  a.d_outputs = {&d_y};
  a.d_inputs.assign(inputs.size(), nullptr);
  a.d_inputs[0] = with_d_x ? &r.d_x : nullptr;  // a first layer: no d_x (its own kernel path)
  a.d_inputs[1] = &r.d_w;
  a.d_inputs[2] = &r.d_b;
  a.training = true;
  kernel.forward(a);
  kernel.backward(a);
  return r;
}

struct LayoutCase {
  std::string name;
  bool in, out;  // batch-innermost ports
  bool leaky;    // a fused leaky_relu(0.2)
};

class LayoutHandoff : public ::testing::TestWithParam<LayoutCase> {};

// op: dendritic (index inputs given) or somatic.
void check(const std::string& op, std::vector<Tensor> inputs, std::int64_t n_out, const LayoutCase& c,
           std::int64_t N) {
  const Tensor y_shape({N, n_out});
  const Tensor d_y = random_tensor({N, n_out}, 11);
  auto plain = find_op(op).make_kernel({}, Backend::optimized);
  auto make_fast = [&] {
    auto k = find_op(op).make_kernel({}, Backend::optimized);
    EXPECT_TRUE(k->supports_batch_inner(Port::input0) && k->supports_batch_inner(Port::output0));
    if (c.leaky) {
      EXPECT_TRUE(k->fuse_activation({ActivationKind::leaky_relu, 0.2f}));
    }
    if (c.in) k->set_batch_inner(Port::input0);
    if (c.out) k->set_batch_inner(Port::output0);
    return k;
  };
  auto fast = make_fast();

  // Expected: the plain kernel's y, then the activation; its backward with d_y through the activation.
  const LayerRun first = run(*plain, inputs, y_shape, d_y);
  Tensor y_act = first.y.clone(), d_z = d_y.clone();
  for (std::int64_t i = 0; i < y_act.numel(); ++i) {
    if (!c.leaky || first.y.f32()[i] > 0) continue;
    y_act.f32()[i] *= 0.2f;
    d_z.f32()[i] *= 0.2f;
  }
  const LayerRun want = run(*plain, inputs, y_shape, d_z);

  std::vector<Tensor> fast_inputs = inputs;
  if (c.in) fast_inputs[0] = transposed(inputs[0]);
  LayerRun got = run(*fast, fast_inputs, y_shape, c.out ? transposed(d_y) : d_y);
  if (c.out) got.y = untransposed(got.y);
  if (c.in) got.d_x = untransposed(got.d_x);
  const std::string where = op + " N=" + std::to_string(N);
  EXPECT_LT(test::max_relative_error(got.y, y_act), 1e-5) << where << " y";
  EXPECT_LT(test::max_relative_error(got.d_x, want.d_x), 1e-5) << where << " d_x";
  EXPECT_LT(test::max_relative_error(got.d_w, want.d_w), 1e-5) << where << " d_w";
  EXPECT_LT(test::max_relative_error(got.d_b, want.d_b), 1e-5) << where << " d_b";

  auto first_layer = make_fast();  // the same without d_x: the kernels' fused first-layer paths
  const LayerRun no_d_x = run(*first_layer, fast_inputs, y_shape, c.out ? transposed(d_y) : d_y, false);
  EXPECT_LT(test::max_relative_error(no_d_x.d_w, want.d_w), 1e-5) << where << " d_w, no d_x";
  EXPECT_LT(test::max_relative_error(no_d_x.d_b, want.d_b), 1e-5) << where << " d_b, no d_x";
}

TEST_P(LayoutHandoff, DendriticMatchesThePlainKernel) {
  for (const std::int64_t N : {1, 13, 70, 130}) {
    const test::CsrTensors t = test::random_csr(200, 90, 0, 24, 5, {3});
    std::vector<Tensor> inputs = {random_tensor({N, 90}, 1), random_tensor({t.nnz}, 2), random_tensor({200}, 3),
                                  t.row_ptr, t.col};
    check("dendritic", inputs, 200, GetParam(), N);
  }
}

TEST_P(LayoutHandoff, SomaticMatchesThePlainKernel) {
  for (const std::int64_t N : {1, 13, 70, 130}) {
    for (const std::int64_t D : {4, 16}) {
      const std::int64_t S = 37;
      check("somatic", {random_tensor({N, S * D}, 1), random_tensor({S, D}, 2), random_tensor({S}, 3)}, S,
            GetParam(), N);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Ports, LayoutHandoff,
                         ::testing::Values(LayoutCase{"fused_only", false, false, true},
                                           LayoutCase{"input", true, false, false},
                                           LayoutCase{"output", false, true, false},
                                           LayoutCase{"both", true, true, false},
                                           LayoutCase{"input_fused", true, false, true},
                                           LayoutCase{"output_fused", false, true, true},
                                           LayoutCase{"both_fused", true, true, true}),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace dendrite
