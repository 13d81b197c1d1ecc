// normalize: y = (x - mean) / std, the standardisation of a model's input with statistics of
// the training data, per feature (mean, std of shape [F]) or one pair for all features ([1]).
//   x: f32 [N, F], mean: f32 [F] or [1], std: f32 of mean's shape, every value > 0 -> y: f32 [N, F]
// Backward, with s = std and y the output:
//   d_x = d_y / s,  d_mean = -sum(d_y / s),  d_std = -sum(d_y * y / s)
// the sums over the batch (and over the features too for [1]).
// The float operations are those of ONNX Sub then Div, so the exported form computes the same bits.
// One implementation serves both backends.
#include <cmath>
#include <vector>

#include "framework/core/error.h"
#include "ops/infer_util.h"
#include "ops/op.h"

namespace dendrite {

namespace {

std::vector<TensorType> infer_normalize(const std::vector<TensorType>& in, const Attrs&) {
  expect_type("normalize", "x", in[0], DType::f32, 2);
  expect_type("normalize", "mean", in[1], DType::f32, 1);
  expect_type("normalize", "std", in[2], DType::f32, 1);
  expect_concrete("normalize", "mean", in[1]);
  expect_concrete("normalize", "std", in[2]);
  const std::int64_t f = in[1].shape[0];
  DENDRITE_CHECK(f == 1 || dims_agree(f, in[0].shape[1]),
                 "normalize: mean {} must have one value or one per feature of x {}", type_str(in[1]),
                 type_str(in[0]));
  DENDRITE_CHECK(in[2].shape == in[1].shape, "normalize: std {} must have the shape of mean {}", type_str(in[2]),
                 type_str(in[1]));
  return {in[0]};
}

class Normalize : public OpKernel {
 public:
  void forward(KernelArgs& args) override {
    const Tensor& x = *args.inputs[0];
    const Tensor& mean = *args.inputs[1];
    const Tensor& std = *args.inputs[2];
    check_statistics(mean, std);
    const std::int64_t n = x.shape()[0], f = x.shape()[1];
    const std::int64_t stride = mean.numel() == 1 ? 0 : 1;  // [1]: one pair for every feature
    const float* xp = x.f32();
    const float* m = mean.f32();
    const float* s = std.f32();
    float* y = args.outputs[0]->f32();
    for (std::int64_t i = 0; i < n; ++i)
      for (std::int64_t j = 0; j < f; ++j) y[i * f + j] = (xp[i * f + j] - m[j * stride]) / s[j * stride];
  }

  void backward(KernelArgs& args) override {
    const Tensor& std = *args.inputs[2];
    const Tensor& y = *args.outputs[0];
    const Tensor& d_y = *args.d_outputs[0];
    const std::int64_t n = y.shape()[0], f = y.shape()[1];
    const std::int64_t stride = std.numel() == 1 ? 0 : 1;
    const float* s = std.f32();
    const float* dy = d_y.f32();
    if (args.wants_d_input(0)) {
      float* dx = args.d_inputs[0]->f32();
      for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t j = 0; j < f; ++j) dx[i * f + j] = dy[i * f + j] / s[j * stride];
    }
    Tensor* d_mean = args.wants_d_input(1) ? args.d_inputs[1] : nullptr;
    Tensor* d_std = args.wants_d_input(2) ? args.d_inputs[2] : nullptr;
    if (!d_mean && !d_std) return;
    // Per statistic: sums over the samples (and, for [1], the features) in double.
    const std::int64_t k = std.numel();
    const float* yp = y.f32();
    for (std::int64_t c = 0; c < k; ++c) {
      double sum_dy = 0, sum_dy_y = 0;
      const std::int64_t j_begin = k == 1 ? 0 : c, j_end = k == 1 ? f : c + 1;
      for (std::int64_t i = 0; i < n; ++i) {
        for (std::int64_t j = j_begin; j < j_end; ++j) {
          sum_dy += static_cast<double>(dy[i * f + j]);
          sum_dy_y += static_cast<double>(dy[i * f + j]) * static_cast<double>(yp[i * f + j]);
        }
      }
      if (d_mean) d_mean->f32()[c] = static_cast<float>(-sum_dy / static_cast<double>(s[c]));
      if (d_std) d_std->f32()[c] = static_cast<float>(-sum_dy_y / static_cast<double>(s[c]));
    }
  }

 private:
  static void check_statistics(const Tensor& mean, const Tensor& std) {
    const float* m = mean.f32();
    const float* s = std.f32();
    for (std::int64_t j = 0; j < std.numel(); ++j) {
      DENDRITE_CHECK(std::isfinite(m[j]), "normalize: mean[{}] = {} is not finite", j, m[j]);
      DENDRITE_CHECK(std::isfinite(s[j]) && s[j] > 0, "normalize: std[{}] = {} must be positive and finite", j, s[j]);
    }
  }
};

}  // namespace

OpDef make_normalize_op() {
  OpDef def;
  def.name = "normalize";
  def.num_inputs = 3;
  def.differentiable = {true, true, true};
  def.infer = infer_normalize;
  def.make_kernel = [](const Attrs&, Backend) -> std::unique_ptr<OpKernel> { return std::make_unique<Normalize>(); };
  return def;
}

}  // namespace dendrite
