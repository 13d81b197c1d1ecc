// dropout: attr p in [0, 1). Training: y = x * mask, mask[i] = 0 with probability p and
// 1/(1-p) otherwise, drawn from Rng(KernelArgs::seed), so one seed always gives one mask.
// Eval: y = x. Backward: d_x = d_y * mask (the mask of the last forward; identity after an
// eval forward).
//   x: any shape f32 -> y: same shape f32
// One implementation serves both backends (the mask must be the same for both).
#include <algorithm>
#include <cmath>
#include <vector>

#include "framework/core/error.h"
#include "framework/core/rng.h"
#include "ops/op.h"

namespace dendrite {

namespace {
double dropout_p(const Attrs& attrs) {
  const double p = attrs.get_float("p");
  DENDRITE_CHECK(p >= 0.0 && p < 1.0, "dropout: attribute p must be in [0, 1), got {}", p);
  return p;
}

std::vector<TensorType> infer_dropout(const std::vector<TensorType>& in, const Attrs& attrs) {
  dropout_p(attrs);
  DENDRITE_CHECK(in[0].dtype == DType::f32, "dropout: input x must be f32, got {}",
                 type_str(in[0]));
  return {in[0]};
}

class Dropout : public OpKernel {
 public:
  explicit Dropout(double p) : p_(p) {}

  void forward(KernelArgs& args) override {
    const Tensor& x = *args.inputs[0];
    float* y = args.outputs[0]->f32();
    const std::int64_t n = x.numel();
    masked_ = args.training && p_ > 0.0;
    if (!masked_) {
      std::copy(x.f32(), x.f32() + n, y);
      return;
    }
    mask_.resize(static_cast<std::size_t>(n));  // grows only; no allocation in steady state
    const float scale = static_cast<float>(1.0 / (1.0 - p_));
    Rng rng(args.seed);
    for (std::int64_t i = 0; i < n; ++i) mask_[i] = rng.uniform() < p_ ? 0.0f : scale;
    const float* xp = x.f32();
    for (std::int64_t i = 0; i < n; ++i) y[i] = xp[i] * mask_[i];
  }

  void backward(KernelArgs& args) override {
    Tensor* d_x = args.d_inputs[0];
    if (!d_x) return;
    const float* d_y = args.d_outputs[0]->f32();
    const std::int64_t n = d_x->numel();
    if (!masked_) {
      std::copy(d_y, d_y + n, d_x->f32());
      return;
    }
    DENDRITE_ASSERT(static_cast<std::int64_t>(mask_.size()) == n,
                    "dropout: backward over {} elements after a forward over {}", n, mask_.size());
    float* dx = d_x->f32();
    for (std::int64_t i = 0; i < n; ++i) dx[i] = d_y[i] * mask_[i];
  }

 private:
  double p_;
  bool masked_ = false;       // the last forward applied a mask
  std::vector<float> mask_;   // 0 or 1/(1-p) per element of the last training forward
};
}  // namespace

OpDef make_dropout_op() {
  OpDef def;
  def.name = "dropout";
  def.num_inputs = 1;
  def.differentiable = {true};
  def.infer = infer_dropout;
  def.make_kernel = [](const Attrs& attrs, Backend) -> std::unique_ptr<OpKernel> {
    return std::make_unique<Dropout>(dropout_p(attrs));
  };
  return def;
}

}  // namespace dendrite
