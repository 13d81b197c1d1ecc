// activation: y = f(x) elementwise, f chosen by attrs `kind` and `alpha`
// (see ops/activation_kind.h for the kinds, formulas and default alphas).
//   x: any shape f32 -> y: same shape f32
// Optimized: oneDNN eltwise (ops/onednn/eltwise.h). Reference: ops/reference/activation.h.
#include "framework/core/error.h"
#include "ops/activation_kind.h"
#include "ops/onednn/eltwise.h"
#include "ops/op.h"
#include "ops/reference/activation.h"

namespace dendrite {

namespace {
std::vector<TensorType> infer_activation(const std::vector<TensorType>& in, const Attrs& attrs) {
  const Activation a = activation_from_attrs(attrs);  // rejects unknown kinds here, at build time
  DENDRITE_CHECK(in[0].dtype == DType::f32, "activation {}: input x must be f32, got {}",
                 activation_name(a.kind), type_str(in[0]));
  return {in[0]};
}

class ActivationOneDnn : public OpKernel {
 public:
  explicit ActivationOneDnn(Activation a) : eltwise_(a) {}
  void forward(KernelArgs& args) override {
    const Tensor& x = *args.inputs[0];
    eltwise_.forward(x.numel(), x.f32(), args.outputs[0]->f32());
  }
  void backward(KernelArgs& args) override {
    if (!args.d_inputs[0]) return;
    const Tensor& x = *args.inputs[0];
    eltwise_.backward(x.numel(), x.f32(), args.d_outputs[0]->f32(), args.d_inputs[0]->f32());
  }

 private:
  onednn::Eltwise eltwise_;
};

class ActivationReference : public OpKernel {
 public:
  explicit ActivationReference(Activation a) : activation_(a) {}
  void forward(KernelArgs& args) override {
    const Tensor& x = *args.inputs[0];
    reference::activation_forward(activation_, x.numel(), x.f32(), args.outputs[0]->f32());
  }
  void backward(KernelArgs& args) override {
    if (!args.d_inputs[0]) return;
    const Tensor& x = *args.inputs[0];
    reference::activation_backward(activation_, x.numel(), x.f32(), args.d_outputs[0]->f32(),
                                   args.d_inputs[0]->f32());
  }

 private:
  Activation activation_;
};
}  // namespace

OpDef make_activation_op() {
  OpDef def;
  def.name = "activation";
  def.num_inputs = 1;
  def.differentiable = {true};
  def.infer = infer_activation;
  def.make_kernel = [](const Attrs& attrs, Backend backend) -> std::unique_ptr<OpKernel> {
    const Activation a = activation_from_attrs(attrs);
    if (backend == Backend::reference) return std::make_unique<ActivationReference>(a);
    return std::make_unique<ActivationOneDnn>(a);
  };
  return def;
}

}  // namespace dendrite
