// dense: y = x w^T + b.
//   x: [N, n_in] f32, w: [n_out, n_in] f32, b: [n_out] f32 -> y: [N, n_out] f32
// Optimized: oneDNN inner product (ops/onednn/inner_product.h). Reference: plain loops.
#include "framework/core/error.h"
#include "ops/infer_util.h"
#include "ops/onednn/inner_product.h"
#include "ops/op.h"
#include "ops/reference/dense.h"

namespace dendrite {

namespace {
std::vector<TensorType> infer_dense(const std::vector<TensorType>& in, const Attrs&) {
  const TensorType& x = in[0];
  const TensorType& w = in[1];
  const TensorType& b = in[2];
  expect_type("dense", "x", x, DType::f32, 2);
  expect_type("dense", "w", w, DType::f32, 2);
  expect_type("dense", "b", b, DType::f32, 1);
  expect_concrete("dense", "w", w);
  expect_concrete("dense", "b", b);
  DENDRITE_CHECK(dims_agree(x.shape[1], w.shape[1]),
                 "dense: x {} has {} features but w {} expects {} (w is [n_out, n_in])",
                 type_str(x), x.shape[1], type_str(w), w.shape[1]);
  DENDRITE_CHECK(b.shape[0] == w.shape[0],
                 "dense: b {} does not match w {}: expected {} biases (w is [n_out, n_in])",
                 type_str(b), type_str(w), w.shape[0]);
  return {TensorType{{x.shape[0], w.shape[0]}, DType::f32}};
}

onednn::DenseShape shape_of(const KernelArgs& args) {
  const Tensor& x = *args.inputs[0];
  const Tensor& w = *args.inputs[1];
  return {x.dim(0), x.dim(1), w.dim(0)};
}

class DenseOneDnn : public OpKernel {
 public:
  void forward(KernelArgs& args) override {
    ip_.forward(shape_of(args), args.inputs[0]->f32(), args.inputs[1]->f32(),
                args.inputs[2]->f32(), args.outputs[0]->f32());
  }

  void backward(KernelArgs& args) override {
    const onednn::DenseShape s = shape_of(args);
    const float* d_y = args.d_outputs[0]->f32();
    Tensor* d_x = args.d_inputs[0];
    Tensor* d_w = args.d_inputs[1];
    Tensor* d_b = args.d_inputs[2];
    if (d_x) ip_.backward_data(s, d_y, args.inputs[1]->f32(), d_x->f32());
    if (!d_w && !d_b) return;
    // oneDNN computes d_w and d_b together; a gradient nobody wants goes to a scratch buffer
    // allocated once (parameters have a fixed shape).
    if (!d_w && unwanted_w_.numel() == 0) unwanted_w_ = Tensor(args.inputs[1]->shape());
    if (!d_b && unwanted_b_.numel() == 0) unwanted_b_ = Tensor(args.inputs[2]->shape());
    ip_.backward_weights(s, args.inputs[0]->f32(), d_y, d_w ? d_w->f32() : unwanted_w_.f32(),
                         d_b ? d_b->f32() : unwanted_b_.f32());
  }

 private:
  onednn::InnerProduct ip_;
  Tensor unwanted_w_, unwanted_b_;
};

class DenseReference : public OpKernel {
 public:
  void forward(KernelArgs& args) override {
    const onednn::DenseShape s = shape_of(args);
    reference::dense_forward(s.batch, s.n_in, s.n_out, args.inputs[0]->f32(),
                             args.inputs[1]->f32(), args.inputs[2]->f32(),
                             args.outputs[0]->f32());
  }
  void backward(KernelArgs& args) override {
    const onednn::DenseShape s = shape_of(args);
    auto ptr = [](Tensor* t) { return t ? t->f32() : nullptr; };
    reference::dense_backward(s.batch, s.n_in, s.n_out, args.inputs[0]->f32(),
                              args.inputs[1]->f32(), args.d_outputs[0]->f32(),
                              ptr(args.d_inputs[0]), ptr(args.d_inputs[1]),
                              ptr(args.d_inputs[2]));
  }
};
}  // namespace

OpDef make_dense_op() {
  OpDef def;
  def.name = "dense";
  def.num_inputs = 3;
  def.differentiable = {true, true, true};
  def.infer = infer_dense;
  def.make_kernel = [](const Attrs&, Backend backend) -> std::unique_ptr<OpKernel> {
    if (backend == Backend::reference) return std::make_unique<DenseReference>();
    return std::make_unique<DenseOneDnn>();
  };
  return def;
}

}  // namespace dendrite
