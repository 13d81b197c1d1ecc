#include "ops/dendritic_layer.h"

#include <vector>

#include "framework/core/error.h"
#include "ops/cpu/dendritic_layer.h"
#include "ops/csr_index.h"
#include "ops/dendritic_layer_shape.h"
#include "ops/infer_util.h"
#include "ops/reference/dendritic_layer.h"

namespace dendrite {

namespace {
constexpr std::size_t kX = 0, kW = 1, kB = 2, kRowPtr = kRowPtrInput, kCol = kColInput;
constexpr std::size_t kSomaW = kSomaWeightInput, kSomaB = kSomaBiasInput;

// The rule, then what the dendritic layer also requires (fixed sizes, an int32-indexable nnz).
std::vector<TensorType> infer_layer(const std::vector<TensorType>& in, const Attrs& attrs) {
  const TensorType y = infer_by_rule(kDendriticLayerKernel, kDendriticLayerShape, in);
  find_op("dendritic").infer({in[kX], in[kW], in[kB], in[kRowPtr], in[kCol]}, attrs);
  for (const std::size_t i : {kSomaW, kSomaB})
    expect_concrete(kDendriticLayerKernel, kDendriticLayerShape.inputs[i].name, in[i]);
  return {y};
}

Activation activation_named(const Attrs& attrs, const std::string& prefix) {
  Attrs a;
  a.set("kind", attrs.get_string(prefix + "_activation"));
  if (attrs.has(prefix + "_alpha")) a.set("alpha", attrs.get_float(prefix + "_alpha"));
  return activation_from_attrs(a);
}

struct Shapes {
  std::int64_t N, n_in, S, D;
};
Shapes shapes_of(const KernelArgs& args) {
  return {args.inputs[kX]->dim(0), args.inputs[kX]->dim(1), args.inputs[kSomaW]->dim(0), args.inputs[kSomaW]->dim(1)};
}

float* ptr(Tensor* t) { return t ? t->f32() : nullptr; }

class DendriticLayerCpu : public OpKernel {
 public:
  DendriticLayerCpu(const cpu::Rectifier& dendrite, const cpu::Rectifier& soma) : dendrite_(dendrite), soma_(soma) {}

  void forward(KernelArgs& args) override {
    const Shapes s = shapes_of(args);
    const cpu::DendriticLayerParams p = params(args, s);
    batch_ = s.N;
    if (s.N == 0) return;
    layer_.forward(p, s.N, args.inputs[kX]->f32(), args.outputs[0]->f32(), args.expects_backward());
  }

  void backward(KernelArgs& args) override {
    const Shapes s = shapes_of(args);
    const cpu::DendriticLayerParams p = params(args, s);
    DENDRITE_ASSERT(batch_ == s.N, "{}: backward for batch {} after forward for batch {}", kDendriticLayerKernel,
                    s.N, batch_);
    if (s.N == 0) return;
    const std::vector<Tensor*>& d = args.d_inputs;
    layer_.backward(p, s.N, args.inputs[kX]->f32(), args.outputs[0]->f32(), args.d_outputs[0]->f32(), ptr(d[kX]),
                    {ptr(d[kW]), ptr(d[kB]), ptr(d[kSomaW]), ptr(d[kSomaB])});
  }

  double wait_seconds() const override { return layer_.wait_seconds(); }
  bool supports_batch_inner(Port) const override { return true; }
  void set_batch_inner(Port port) override {
    input_batch_inner_ = input_batch_inner_ || port == Port::input0;
    output_batch_inner_ = output_batch_inner_ || port == Port::output0;
    layer_.set_batch_inner(input_batch_inner_, output_batch_inner_);
  }

 private:
  cpu::DendriticLayerParams params(const KernelArgs& args, const Shapes& s) {
    if (tracker_.update("dendritic", *args.inputs[kRowPtr], *args.inputs[kCol], s.n_in)) layer_.index_changed();
    const CsrIndex& csr = tracker_.index();
    DENDRITE_CHECK(csr.n_out == s.S * s.D, "{}: {} dendrites, but the somata need S x D = {} x {}",
                   kDendriticLayerKernel, csr.n_out, s.S, s.D);
    return {csr,
            s.S,
            s.D,
            args.inputs[kW]->f32(),
            args.inputs[kB]->f32(),
            args.inputs[kSomaW]->f32(),
            args.inputs[kSomaB]->f32(),
            dendrite_,
            soma_};
  }

  cpu::Rectifier dendrite_, soma_;
  cpu::DendriticLayer layer_;
  CsrTracker tracker_;
  std::int64_t batch_ = -1;
  bool input_batch_inner_ = false, output_batch_inner_ = false;
};

class DendriticLayerReference : public OpKernel {
 public:
  DendriticLayerReference(const Activation& dendrite, const Activation& soma) : dendrite_(dendrite), soma_(soma) {}

  void forward(KernelArgs& args) override {
    const Shapes s = shapes_of(args);
    reference::dendritic_layer_forward(layer(args, s), s.N, args.inputs[kX]->f32(), args.outputs[0]->f32());
  }
  void backward(KernelArgs& args) override {
    const Shapes s = shapes_of(args);
    const std::vector<Tensor*>& d = args.d_inputs;
    reference::dendritic_layer_backward(layer(args, s), s.N, args.inputs[kX]->f32(), args.d_outputs[0]->f32(),
                                        ptr(d[kX]), ptr(d[kW]), ptr(d[kB]), ptr(d[kSomaW]), ptr(d[kSomaB]));
  }

 private:
  reference::DendriticLayerRef layer(const KernelArgs& args, const Shapes& s) {
    tracker_.update("dendritic", *args.inputs[kRowPtr], *args.inputs[kCol], s.n_in);
    return {tracker_.index(),          s.S,    s.D, args.inputs[kW]->f32(), args.inputs[kB]->f32(),
            args.inputs[kSomaW]->f32(), args.inputs[kSomaB]->f32(), dendrite_, soma_};
  }

  Activation dendrite_, soma_;
  CsrTracker tracker_;
};

OpDef make_def() {
  OpDef def;
  def.name = kDendriticLayerKernel;
  set_inputs_by_rule(def, kDendriticLayerShape);
  def.infer = infer_layer;
  def.make_kernel = [](const Attrs& attrs, Backend backend) -> std::unique_ptr<OpKernel> {
    const Activation dendrite = dendrite_activation_of(attrs), soma = soma_activation_of(attrs);
    if (backend == Backend::reference) return std::make_unique<DendriticLayerReference>(dendrite, soma);
    cpu::Rectifier f_dendrite, f_soma;
    DENDRITE_CHECK(cpu::rectifier_for(dendrite, f_dendrite) && cpu::rectifier_for(soma, f_soma),
                   "{}: the optimized kernel computes {}, not {} and {}", kDendriticLayerKernel,
                   rectifier_kind_list(true), activation_name(dendrite.kind), activation_name(soma.kind));
    return std::make_unique<DendriticLayerCpu>(f_dendrite, f_soma);
  };
  return def;
}
}  // namespace

const OpDef& dendritic_layer_def() {
  static const OpDef def = make_def();
  return def;
}

Attrs dendritic_layer_attrs(const Activation& dendrite, const Activation& soma) {
  Attrs a;
  a.set("dendrite_activation", activation_name(dendrite.kind));
  a.set("soma_activation", activation_name(soma.kind));
  if (uses_alpha(dendrite.kind)) a.set("dendrite_alpha", static_cast<double>(dendrite.alpha));
  if (uses_alpha(soma.kind)) a.set("soma_alpha", static_cast<double>(soma.alpha));
  return a;
}

Activation dendrite_activation_of(const Attrs& attrs) { return activation_named(attrs, "dendrite"); }
Activation soma_activation_of(const Attrs& attrs) { return activation_named(attrs, "soma"); }

bool dendritic_layer_fusable(const Attrs& attrs) {
  cpu::Rectifier unused;
  return cpu::rectifier_for(dendrite_activation_of(attrs), unused) && cpu::rectifier_for(soma_activation_of(attrs), unused);
}

}  // namespace dendrite
